/**
 * Paths the page names (issue 14): `files:stage-path` only through the preload's stageFile
 * (a real File's own path), never the app's own files; a site's key only from the picker, the
 * app's keys folder or the site's current key. Fakes of ipcRenderer/webUtils and of the
 * handlers; real path rules. node.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { InvokeHandlers } from '../../../core/ipc/contract.ts';
import { createPreloadBridge, type IpcRendererLike } from '../../../core/ipc/preload-bridge.ts';
import { ok, type IpcResult } from '../../../core/ipc/result.ts';
import { createKeyPathGate, guardKeyPaths, refuseStagePath } from '../../../electron/path-gate.ts';
import { guardPreloadBridge } from '../../../electron/preload-guard.ts';

function fakeIpc() {
  const sent: { channel: string; arg: unknown }[] = [];
  const ipc: IpcRendererLike = {
    invoke: (channel, arg) => {
      sent.push({ channel, arg });
      return Promise.resolve(ok({ localRef: 'a'.repeat(32), name: 'a.csv', size: 1 }));
    },
    on: () => undefined,
    removeListener: () => undefined,
  };
  return { ipc, sent };
}

describe('guardPreloadBridge', () => {
  it('refuses a path the page makes up, and sends nothing to main', async () => {
    const { ipc, sent } = fakeIpc();
    const bridge = guardPreloadBridge(createPreloadBridge(ipc, { getPathForFile: () => '' }));
    const r = await bridge.invoke('files:stage-path', { path: '/home/u/.ssh/id_ed25519' });
    assert.equal(!r.ok && r.error.code, 'forbidden');
    assert.match(!r.ok ? r.error.message : '', /pick the file/i);
    assert.deepEqual(sent, []);
  });

  it('stages a real File through its own path (webUtils), and passes other channels on', async () => {
    const { ipc, sent } = fakeIpc();
    const file = new File(['x'], 'a.csv');
    const bridge = guardPreloadBridge(
      createPreloadBridge(ipc, {
        getPathForFile: (f) => (f === file ? '/home/u/data/a.csv' : ''),
      }),
    );
    const staged = await bridge.stageFile(file);
    assert.equal(staged.ok, true);
    await bridge.invoke('sites:list', {});
    assert.deepEqual(sent, [
      { channel: 'files:stage-path', arg: { path: '/home/u/data/a.csv' } },
      { channel: 'sites:list', arg: {} },
    ]);
    // A File made in the page has no path on disk: its bytes go, never a path the page made.
    await bridge.stageFile(new File(['y'], 'made.csv'));
    assert.deepEqual(
      sent.slice(2).map((s) => s.channel),
      ['files:stage-open', 'files:stage-chunk', 'files:stage-close'],
    );
  });
});

describe('refuseStagePath', () => {
  const dataDir = '/home/u/.config/SFTP Import Assistant';
  it('lets a picked data file through', () => {
    assert.equal(refuseStagePath('/home/u/data/a.csv', dataDir), undefined);
    assert.equal(refuseStagePath(`${dataDir}-other/a.csv`, dataDir), undefined);
  });

  it('refuses a relative path, a NUL, and anything in the app’s own data folder', () => {
    for (const path of [
      'a.csv',
      '../../etc/passwd',
      '/home/u/a.csv\0.txt',
      join(dataDir, 'keys', 'key-1'),
      join(dataDir, 'sites.json'),
      `${dataDir}/reports/../ledger.jsonl`,
      dataDir,
    ]) {
      const r = refuseStagePath(path, dataDir);
      assert.equal(r && !r.ok && r.error.code, 'forbidden', path);
    }
    const own = refuseStagePath(join(dataDir, 'sites.json'), dataDir);
    assert.match(own && !own.ok ? own.error.message : '', /app's own/);
  });
});

describe('guardKeyPaths', () => {
  const keys = '/data/keys';
  function setup(picked: string | null = '/home/u/.ssh/id_ed25519') {
    const saved: unknown[] = [];
    const handlers = {
      'keys:pick-file': () => Promise.resolve(ok({ path: picked })),
      'sites:save': (request: { site: unknown }) => (
        saved.push(request.site),
        Promise.resolve(ok({ site: request.site }))
      ),
      'sites:list': () =>
        Promise.resolve(
          ok({ sites: [{ id: 'site-1', privateKeyPath: '/home/u/old/key' }, { id: 'site-2' }] }),
        ),
    } as unknown as InvokeHandlers;
    const guarded = guardKeyPaths(handlers, createKeyPathGate(keys));
    const save = (site: Record<string, unknown>) =>
      guarded['sites:save']({ site: { name: 'x', ...site } } as never) as Promise<
        IpcResult<unknown>
      >;
    return { guarded, save, saved };
  }

  it('refuses a typed key path, with words that say what to do', async () => {
    const s = setup();
    for (const path of ['/etc/shadow', '/home/u/.ssh/id_ed25519', 'id_rsa', '/data/keys/../x']) {
      const r = await s.save({ privateKeyPath: path });
      assert.equal(!r.ok && r.error.code, 'forbidden', path);
      assert.match(!r.ok ? r.error.message : '', /generated|picked/);
    }
    // Another site's key is not this site's current key.
    const other = await s.save({ id: 'site-2', privateKeyPath: '/home/u/old/key' });
    assert.equal(other.ok, false);
    assert.deepEqual(s.saved, []);
  });

  it('accepts the picked key, a key in the app’s keys folder, the site’s current key, or none', async () => {
    const s = setup();
    const picked = await s.guarded['keys:pick-file']({});
    assert.ok(picked.ok);
    for (const site of [
      { privateKeyPath: '/home/u/.ssh/id_ed25519' },
      { privateKeyPath: '/data/keys/key-123' },
      { id: 'site-1', privateKeyPath: '/home/u/old/key' },
      {},
    ]) {
      const r = await s.save(site);
      assert.equal(r.ok, true, JSON.stringify(site));
    }
    assert.equal(s.saved.length, 4);
  });

  it('remembers nothing when the picker is cancelled', async () => {
    const s = setup(null);
    await s.guarded['keys:pick-file']({});
    const r = await s.save({ privateKeyPath: '/home/u/.ssh/id_ed25519' });
    assert.equal(r.ok, false);
  });
});
