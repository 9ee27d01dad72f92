/**
 * A file made in the page, staged in Electron: the preload bridge (core/ipc/preload-bridge.ts)
 * sends its bytes in chunks over the contract's `files:stage-*` channels to the shells' own
 * handlers (host/open-host.ts) with host/byte-staging.ts on a real staging folder. The staged
 * copy is byte-identical; the staging limits, an abandoned upload and the page's own invoke are
 * refused and leave nothing behind. The IPC hop is structuredClone, as Electron's is.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispatchInvoke } from '../../../core/ipc/dispatch.ts';
import { createPreloadBridge, stageChunkBytes } from '../../../core/ipc/preload-bridge.ts';
import { guardPreloadBridge } from '../../../electron/preload-guard.ts';
import { createMemorySecretStore } from '../../../engine/secret-store.ts';
import { createByteStaging } from '../../../host/byte-staging.ts';
import type { HostHandlers } from '../../../host/create-handlers.ts';
import { createLocalFiles, type LocalFiles } from '../../../host/local-files.ts';
import { openHost } from '../../../host/open-host.ts';

let work: string;
let staging: string;
let files: LocalFiles;
let host: HostHandlers;

const maxBytes = 10 << 20;

function bridge() {
  const ipc = {
    invoke: (channel: string, arg: unknown) =>
      dispatchInvoke(host.handlers, channel, structuredClone(arg)),
    on: () => undefined,
    removeListener: () => undefined,
  };
  // A page-made File has no path: webUtils answers '' for it.
  return createPreloadBridge(ipc, { getPathForFile: () => '' });
}

describe('staging a page-made file over the preload bridge', () => {
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-byte-staging-'));
    staging = join(work, 'staging');
    files = createLocalFiles({ stagingDir: staging, maxBytes });
    host = openHost({
      secrets: createMemorySecretStore(),
      dataDir: join(work, 'data'),
      emit: () => undefined,
      localFiles: files,
      warn: (w) => assert.fail(`unexpected store warning: ${w}`),
      stageBytes: createByteStaging({
        receive: (body, name) => files.receive(body, name),
        idleMs: 200,
      }),
      app: { name: 'test', version: '0', platform: process.platform, transport: 'electron' },
    });
  });

  after(async () => {
    await host?.shutdown();
    await files?.clear();
    await rm(work, { recursive: true, force: true });
  });

  it('stages the bytes of a file of several chunks exactly', async () => {
    const bytes = randomBytes(2 * stageChunkBytes + 12_345);
    const r = await bridge().stageFile(new File([bytes], 'leads_converted.csv'));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.name, 'leads_converted.csv');
    assert.equal(r.value.size, bytes.length);
    const path = files.resolve(r.value.localRef)?.path;
    assert.ok(path);
    assert.ok((await readFile(path)).equals(bytes), 'the staged copy differs from the page bytes');
    await files.discard(r.value.localRef);
  });

  it('stages an empty file', async () => {
    const r = await bridge().stageFile(new File([], 'empty.csv'));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.size, 0);
    await files.discard(r.value.localRef);
  });

  it('refuses a file over the staging limit, saying the limit, and keeps no part of it', async () => {
    const r = await bridge().stageFile(new File([randomBytes(maxBytes + 1)], 'big.csv'));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'too-large');
    assert.match(!r.ok ? r.error.message : '', /10 MiB/);
    assert.deepEqual(await readdir(staging), []);
  });

  it('drops an upload the page stopped sending, and deletes its part', async () => {
    const opened = await dispatchInvoke(host.handlers, 'files:stage-open', { name: 'x.csv' });
    assert.ok(opened.ok);
    const { upload } = opened.value as { upload: string };
    const first = await dispatchInvoke(host.handlers, 'files:stage-chunk', {
      upload,
      bytes: new Uint8Array(1000),
    });
    assert.ok(first.ok);
    await sleep(500);
    const late = await dispatchInvoke(host.handlers, 'files:stage-chunk', {
      upload,
      bytes: new Uint8Array(10),
    });
    assert.equal(!late.ok && late.error.code, 'not-found');
    assert.deepEqual(await readdir(staging), []);
  });

  it('does not let the page send the staging channels itself', async () => {
    const page = guardPreloadBridge(bridge());
    const r = await page.invoke('files:stage-open', { name: 'x.csv' });
    assert.equal(!r.ok && r.error.code, 'forbidden');
  });
});
