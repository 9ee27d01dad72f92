import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLimits, formatLimit, limitsOf } from '../../../../server-emulator/vfs/limits.ts';
import { checkNewName, maxNameBytes } from '../../../../server-emulator/vfs/jail.ts';

describe('workspace limits', () => {
  it('takes the config first, then the profile file size (Flatfile 100 MB), then the defaults', () => {
    assert.deepEqual(limitsOf({ profile: 'classic' }), defaultLimits);
    assert.equal(limitsOf({ profile: 'space' }).maxFileBytes, 100_000_000);
    assert.equal(limitsOf({ profile: 'space', limits: { maxFileBytes: 5 } }).maxFileBytes, 5);
    const l = limitsOf({ profile: 'classic', limits: { quotaBytes: 7, maxPlacemarks: undefined } });
    assert.equal(l.quotaBytes, 7);
    assert.equal(l.maxPlacemarks, defaultLimits.maxPlacemarks, 'undefined keeps the default');
  });

  it('writes limits in exact units', () => {
    assert.equal(formatLimit(10 * 1024 ** 3), '10 GiB');
    assert.equal(formatLimit(200 * 1024 ** 2), '200 MiB');
    assert.equal(formatLimit(100_000_000), '100 MB');
    assert.equal(formatLimit(300_000), '300 kB');
    assert.equal(formatLimit(1234), '1234 bytes');
  });

  it('allows names up to 200 bytes, so every name derived from one fits in 255', () => {
    const longest = 'a'.repeat(maxNameBytes - 4) + '.csv';
    assert.deepEqual(checkNewName(longest), { ok: true });
    // upload temp, claim, report: the longest derived name still fits the disk's limit.
    for (const derived of [
      `.${longest}.0123456789ab.uploading`,
      `${Number.MAX_SAFE_INTEGER}__${longest}`,
      `${longest.slice(0, -4)} (999).csv.errors.csv`,
      `${longest.slice(0, -4)} (999).csv.result.json`,
    ]) {
      assert.ok(Buffer.byteLength(derived) <= 255, derived.length.toString());
    }
    const over = checkNewName('é'.repeat(100) + '.csv');
    assert.equal(over.ok, false);
    assert.match(over.ok ? '' : over.message, /at most 200 bytes/);
  });
});
