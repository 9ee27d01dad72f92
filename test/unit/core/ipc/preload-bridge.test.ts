/**
 * createPreloadBridge with a fake ipcRenderer: contract channels only, event stripped, pushes
 * checked against their schemas (invalid ones dropped and logged without their values),
 * unsubscribe works.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPreloadBridge, type IpcRendererLike } from '../../../../core/ipc/preload-bridge.ts';
import { fail, ok } from '../../../../core/ipc/result.ts';

type Listener = (event: unknown, payload: unknown) => void;

function fakeIpc(
  answer: (channel: string, arg: unknown) => Promise<unknown> = () => Promise.resolve(ok({})),
) {
  const listeners = new Map<string, Set<Listener>>();
  const invoked: [string, unknown][] = [];
  const ipc: IpcRendererLike = {
    invoke: (channel, arg) => {
      invoked.push([channel, arg]);
      return answer(channel, arg);
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const send = (channel: string, payload: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l({ sender: { secretInternals: true } }, payload);
  };
  return { ipc, invoked, listeners, send };
}

describe('createPreloadBridge', () => {
  it('forwards a contract channel with its one request object and returns the answer', async () => {
    const fake = fakeIpc(() => Promise.resolve(ok({ sites: [] })));
    const bridge = createPreloadBridge(fake.ipc);
    const r = await bridge.invoke('sites:list', {});
    assert.deepEqual(r, { ok: true, value: { sites: [] } });
    assert.deepEqual(fake.invoked, [['sites:list', {}]]);
  });

  it('refuses a channel outside the contract without touching ipcRenderer', async () => {
    const fake = fakeIpc();
    const bridge = createPreloadBridge(fake.ipc);
    const r = await bridge.invoke('ELECTRON_BROWSER_REQUIRE' as never, {} as never);
    assert.equal(!r.ok && r.error.code, 'bad-request');
    assert.deepEqual(fake.invoked, []);
  });

  it('turns a rejected invoke into an internal result instead of rejecting', async () => {
    const fake = fakeIpc(() => Promise.reject(new Error('no handler')));
    const r = await createPreloadBridge(fake.ipc).invoke('app:get-info', {});
    assert.equal(!r.ok && r.error.code, 'internal');
  });

  it('passes only the payload to listeners, never the IpcRendererEvent', () => {
    const fake = fakeIpc();
    const bridge = createPreloadBridge(fake.ipc);
    const got: unknown[][] = [];
    bridge.on('upload:progress', (...args: unknown[]) => got.push(args));
    const payload = { uploadId: 'u', entryId: 'e', bytes: 1, total: 2, rateBps: 1, etaMs: 1 };
    fake.send('upload:progress', payload);
    assert.deepEqual(got, [[payload]]);
  });

  it('drops a push its schema refuses and logs why, without any of its values', () => {
    const fake = fakeIpc();
    const logged: string[] = [];
    const bridge = createPreloadBridge(fake.ipc, undefined, (m) => logged.push(m));
    const got: unknown[] = [];
    bridge.on('upload:progress', (p) => got.push(p));
    bridge.on('hostkey:prompt', (p) => got.push(p));
    const secret = 'hunter2-do-not-log';
    fake.send('upload:progress', { uploadId: secret, entryId: 'e', bytes: 'many', total: 2 });
    fake.send('upload:progress', {
      uploadId: 'u',
      entryId: 'e',
      bytes: 1,
      total: 2,
      rateBps: 1,
      etaMs: Infinity,
    });
    fake.send('upload:progress', null);
    fake.send('hostkey:prompt', { promptId: 'p', host: secret, port: 70000 });
    assert.deepEqual(got, []);
    assert.equal(logged.length, 4);
    assert.match(logged[0]!, /Dropped an invalid "upload:progress" event \(bytes: invalid_type/);
    assert.match(logged[1]!, /etaMs/);
    assert.match(logged[3]!, /"hostkey:prompt".*port: too_big/);
    for (const line of logged) assert.ok(!line.includes(secret), line);
  });

  it('delivers a valid push without fields outside its schema', () => {
    const fake = fakeIpc();
    const bridge = createPreloadBridge(fake.ipc, undefined, () => assert.fail('logged'));
    const got: unknown[] = [];
    bridge.on('hostkey:prompt-closed', (p) => got.push(p));
    fake.send('hostkey:prompt-closed', { promptId: 'p1', decision: 'accept', sender: 'x' });
    assert.deepEqual(got, [{ promptId: 'p1', decision: 'accept' }]);
  });

  it('stops delivering after unsubscribe, and a second unsubscribe is harmless', () => {
    const fake = fakeIpc();
    const bridge = createPreloadBridge(fake.ipc);
    let count = 0;
    const off = bridge.on('doctor:step', () => count++);
    const step = { step: { id: 'reach', label: 'Reach', status: 'ok', message: 'Reached.' } };
    fake.send('doctor:step', step);
    off();
    off();
    fake.send('doctor:step', step);
    assert.equal(count, 1);
    assert.equal(fake.listeners.get('doctor:step')?.size, 0);
  });

  it('does not subscribe to channels outside the event contract', () => {
    const fake = fakeIpc();
    const off = createPreloadBridge(fake.ipc).on('ELECTRON_INTERNAL' as never, () => undefined);
    assert.equal(fake.listeners.size, 0);
    off();
  });

  it('stages a picked file by its path from webUtils', async () => {
    const fake = fakeIpc((_c, arg) =>
      Promise.resolve(ok({ localRef: 'r1', name: 'a.csv', size: 3, arg })),
    );
    const bridge = createPreloadBridge(fake.ipc, { getPathForFile: () => '/home/u/a.csv' });
    const r = await bridge.stageFile(new File(['abc'], 'a.csv'));
    assert.equal(r.ok, true);
    assert.deepEqual(fake.invoked, [['files:stage-path', { path: '/home/u/a.csv' }]]);
  });

  it('sends a file with no path on disk (made in the page) as bytes, never as a path', async () => {
    const fake = fakeIpc((channel) =>
      Promise.resolve(
        channel === 'files:stage-open'
          ? ok({ upload: 'u1' })
          : channel === 'files:stage-close'
            ? ok({ localRef: 'r1', name: 'a.csv', size: 3 })
            : ok({}),
      ),
    );
    const bridge = createPreloadBridge(fake.ipc, { getPathForFile: () => '' });
    const r = await bridge.stageFile(new File(['abc'], 'a.csv'));
    assert.deepEqual(r, { ok: true, value: { localRef: 'r1', name: 'a.csv', size: 3 } });
    assert.deepEqual(
      fake.invoked.map(([channel]) => channel),
      ['files:stage-open', 'files:stage-chunk', 'files:stage-close'],
    );
    assert.deepEqual(fake.invoked[1]?.[1], {
      upload: 'u1',
      bytes: new TextEncoder().encode('abc'),
    });
  });

  it('stops at a refused chunk and says why', async () => {
    const fake = fakeIpc((channel) =>
      Promise.resolve(
        channel === 'files:stage-open'
          ? ok({ upload: 'u1' })
          : fail(
              'too-large',
              'The file is larger than 1 GiB, the most the app takes for one file.',
            ),
      ),
    );
    const bridge = createPreloadBridge(fake.ipc, { getPathForFile: () => '' });
    const r = await bridge.stageFile(new File(['abc'], 'a.csv'));
    assert.equal(!r.ok && r.error.code, 'too-large');
    assert.deepEqual(
      fake.invoked.map(([channel]) => channel),
      ['files:stage-open', 'files:stage-chunk'],
    );
  });
});
