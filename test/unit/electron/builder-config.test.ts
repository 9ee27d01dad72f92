/**
 * electron-builder.yml: the packaged app's Electron fuses (issue 14) and the asar settings they
 * rely on, read with a real YAML parser so a typo in a key name fails here, not in the field.
 * node.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

const file = fileURLToPath(new URL('../../../electron-builder.yml', import.meta.url));
const config = load(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** Each fuse and the value the app ships with (names as electron-builder's FuseOptionsV1). */
const expected: Record<string, boolean> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml', () => {
  it('sets every fuse the security page promises, each to its safe value', () => {
    const fuses = config.electronFuses as Record<string, unknown> | undefined;
    assert.ok(fuses && typeof fuses === 'object', 'electronFuses is missing');
    for (const [name, value] of Object.entries(expected)) {
      assert.equal(fuses[name], value, `fuse ${name}`);
    }
  });

  it('names only fuses electron-builder knows (a misspelt one would be ignored silently)', () => {
    const known = new Set([
      ...Object.keys(expected),
      'loadBrowserProcessSpecificV8Snapshot',
      'resetAdHocDarwinSignature',
    ]);
    const fuses = config.electronFuses as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(fuses).filter((k) => !known.has(k)),
      [],
    );
  });

  it('packs the app into an asar archive (OnlyLoadAppFromAsar would find nothing otherwise)', () => {
    assert.equal(config.asar, true);
  });
});
