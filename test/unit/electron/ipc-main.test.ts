/** registerInvokeHandlers with a fake ipcMain: every channel checks its sender first. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invokeChannels, type InvokeHandlers } from '../../../core/ipc/contract.ts';
import { ok, type IpcResult } from '../../../core/ipc/result.ts';
import { appIndexUrl } from '../../../electron/app-protocol.ts';
import {
  createTrustedSenderCheck,
  registerInvokeHandlers,
  type IpcMainLike,
} from '../../../electron/ipc-main.ts';

const indexUrl = appIndexUrl;
type Listener = (event: never, raw: unknown) => Promise<IpcResult<unknown>>;

function setup() {
  const registered = new Map<string, Listener>();
  const ipcMain: IpcMainLike = { handle: (channel, l) => registered.set(channel, l) };
  const calls: string[] = [];
  const handlers: Record<string, () => Promise<IpcResult<unknown>>> = {};
  for (const c of invokeChannels) {
    handlers[c] = () => (calls.push(c), Promise.resolve(ok({ secretValue: 'only-for-trusted' })));
  }
  registerInvokeHandlers(
    ipcMain,
    handlers as unknown as InvokeHandlers,
    createTrustedSenderCheck(),
  );
  return { registered, calls };
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;

describe('registerInvokeHandlers', () => {
  it('registers exactly the contract’s channels', () => {
    const { registered } = setup();
    assert.deepEqual([...registered.keys()].sort(), [...invokeChannels].sort());
  });

  it('refuses every channel from untrusted senders, with no handler run and nothing returned', async () => {
    const { registered, calls } = setup();
    const senders = [
      frame('https://evil.example/'),
      frame('file:///tmp/scratch/index.html'),
      // The page's old file:// address, another host or port on the app scheme.
      frame('file:///opt/app/resources/app.asar/dist/renderer/index.html'),
      frame('app://evil/index.html'),
      frame('app://renderer:8080/index.html'),
      frame('app://user@renderer/index.html'),
      frame('app://renderer/assets/index.html'),
      frame(`${indexUrl.replace('index.html', 'other.html')}`),
      frame(indexUrl, { url: indexUrl }), // a sub-frame of our page
      frame('not a url'),
      { senderFrame: null } as never,
    ];
    for (const [channel, listener] of registered) {
      for (const sender of senders) {
        const r = await listener(sender, {});
        assert.deepEqual(
          r,
          {
            ok: false,
            error: { code: 'forbidden', message: 'This request did not come from the app window.' },
          },
          channel,
        );
      }
    }
    assert.deepEqual(calls, []);
  });

  it('dispatches a trusted request (fragment and query ignored) through validation to its handler', async () => {
    const { registered, calls } = setup();
    const r = await registered.get('sites:list')!(frame(`${indexUrl}#/sites`), {});
    assert.equal(r.ok, true);
    assert.deepEqual(calls, ['sites:list']);
    const bad = await registered.get('sites:remove')!(frame(indexUrl), { siteId: 1 });
    assert.equal(!bad.ok && bad.error.code, 'bad-request');
    assert.deepEqual(calls, ['sites:list']);
  });
});
