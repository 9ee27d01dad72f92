/**
 * The web host's staging POST when the staging folder cannot be made — here for real: its parent
 * is a regular file, so mkdir fails with ENOTDIR (as in byte-staging-faults.test.ts). The page
 * must get a JSON answer in plain words that names no path, the host no unhandled rejection, and
 * nothing held back: once the folder can be made, the next POST stages its file. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InvokeHandlers } from '../../../core/ipc/contract.ts';
import { fileNameHeader, stagePath } from '../../../core/ipc/ws-protocol.ts';
import { createToken } from '../../../host/auth.ts';
import { startWebHost, type RunningWebHost } from '../../../host/web-host.ts';

describe('web host staging when the staging folder cannot be made', { timeout: 30_000 }, () => {
  let work: string;
  let host: RunningWebHost;
  const token = createToken();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-webhost-staging-faults-'));
    await mkdir(join(work, 'static'));
    await writeFile(join(work, 'static', 'index.html'), '<title>app</title>');
    await writeFile(join(work, 'not-a-folder'), 'x');
    process.on('unhandledRejection', onUnhandled);
    host = await startWebHost({
      port: 0,
      handlers: {} as InvokeHandlers,
      staticDir: join(work, 'static'),
      token,
      stagingDir: join(work, 'not-a-folder', 'staging'),
      // One file at a time: a failed POST that kept its place would refuse the next one.
      maxStageFiles: 1,
    });
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await host?.close();
    await rm(work, { recursive: true, force: true });
  });

  const stage = async (text: string) => {
    const res = await fetch(new URL(stagePath, host.origin), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        origin: host.origin,
        [fileNameHeader]: 'leads.csv',
        'content-type': 'application/octet-stream',
      },
      body: new TextEncoder().encode(text),
    });
    return { status: res.status, type: res.headers.get('content-type'), raw: await res.text() };
  };

  it('answers the POST with a plain JSON error that names no path, and does not crash', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await stage('Company,Email\nAcme,ann@acme.test\n');
      assert.match(r.type ?? '', /^application\/json/);
      const body = JSON.parse(r.raw) as { ok: boolean; error?: { code: string; message: string } };
      assert.equal(body.ok, false);
      assert.equal(body.error?.code, 'interrupted');
      assert.match(body.error?.message ?? '', /could not be saved for the upload on this computer/);
      assert.ok(!r.raw.includes(work), `no path of this computer in the answer: ${r.raw}`);
      assert.ok(!r.raw.includes('not-a-folder'), 'not even the folder’s name');
      assert.ok(r.status >= 400 && r.status < 600);
    }
    await sleep(50);
    assert.deepEqual(unhandled, []);
  });

  it('stages the next file once the folder can be made (no place kept by the failures)', async () => {
    await rm(join(work, 'not-a-folder'));
    await mkdir(join(work, 'not-a-folder'));
    const r = await stage('A,B\n1,2\n');
    assert.equal(r.status, 200, r.raw);
    const body = JSON.parse(r.raw) as { ok: true; value: { localRef: string; size: number } };
    assert.equal(body.value.size, 8);
    const file = host.localFiles.resolve(body.value.localRef);
    assert.equal(await readFile(file!.path, 'utf8'), 'A,B\n1,2\n');
  });
});
