/** Settings: defaults first, patches merged and kept, a damaged file never crashes the app (C5). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSettingsStore, defaultSettings } from '../../../host/settings-store.ts';
import { defaultDataDir } from '../../../host/app-data-dir.ts';

let work: string;
before(async () => (work = await mkdtemp(join(tmpdir(), 'sia-settings-'))));
after(() => rm(work, { recursive: true, force: true }));

describe('createSettingsStore', () => {
  it('starts from the defaults and keeps a patch across instances', () => {
    const dir = join(work, 'a');
    assert.deepEqual(createSettingsStore({ dir }).get(), defaultSettings);
    assert.deepEqual(createSettingsStore({ dir }).set({ theme: 'dark' }), {
      theme: 'dark',
      notify: true,
    });
    assert.deepEqual(createSettingsStore({ dir }).get(), { theme: 'dark', notify: true });
  });

  it('falls back to the defaults when the file is truncated or holds nonsense', async () => {
    const dir = join(work, 'b');
    createSettingsStore({ dir }).set({ notify: false });
    await writeFile(join(dir, 'settings.json'), '{"settings": {"theme": "neon"');
    assert.deepEqual(createSettingsStore({ dir }).get(), defaultSettings);
    await writeFile(join(dir, 'settings.json'), '{"settings": {"theme": "neon", "notify": 3}}');
    assert.deepEqual(createSettingsStore({ dir }).get(), defaultSettings);
    createSettingsStore({ dir }).set({ theme: 'light' });
    assert.match(await readFile(join(dir, 'settings.json'), 'utf8'), /"light"/);
  });
});

describe('defaultDataDir', () => {
  it('follows each OS’s convention for per-user app data', () => {
    assert.equal(defaultDataDir('linux', {}, '/home/u'), '/home/u/.config/sftp-import-assistant');
    assert.equal(
      defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/u'),
      '/x/sftp-import-assistant',
    );
    assert.equal(
      defaultDataDir('darwin', {}, '/Users/u'),
      '/Users/u/Library/Application Support/sftp-import-assistant',
    );
    assert.match(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u'),
      /Roaming.sftp-import-assistant$/,
    );
  });
});
