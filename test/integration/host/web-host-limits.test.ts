/**
 * The web host's staging caps over real HTTP (issue 14): past the file count the POST gets 429,
 * past the total 413, each with words naming the limit, nothing partial left behind; a
 * discarded file frees its place. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvokeHandlers } from '../../../core/ipc/contract.ts';
import { fileNameHeader, stagePath } from '../../../core/ipc/ws-protocol.ts';
import { createToken } from '../../../host/auth.ts';
import { startWebHost, type RunningWebHost } from '../../../host/web-host.ts';

describe('web host staging caps', { timeout: 30_000 }, () => {
  let work: string;
  let host: RunningWebHost;
  const token = createToken();

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-webhost-limits-'));
    await mkdir(join(work, 'static'));
    await writeFile(join(work, 'static', 'index.html'), '<title>app</title>');
    host = await startWebHost({
      port: 0,
      handlers: {} as InvokeHandlers,
      staticDir: join(work, 'static'),
      token,
      stagingDir: join(work, 'staging'),
      maxStageFiles: 3,
      maxStageTotalBytes: 4096,
    });
  });

  after(async () => {
    await host?.close();
    await rm(work, { recursive: true, force: true });
  });

  const stage = async (size: number, name: string) => {
    const res = await fetch(new URL(stagePath, host.origin), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        origin: host.origin,
        [fileNameHeader]: name,
        'content-type': 'application/octet-stream',
      },
      body: new Uint8Array(size),
    });
    const body = (await res.json()) as {
      ok: boolean;
      value?: { localRef: string };
      error?: { code: string; message: string };
    };
    return { status: res.status, body };
  };

  it('refuses a file that would pass the total size with 413 and says the limit', async () => {
    const a = await stage(3000, 'a.csv');
    assert.equal(a.status, 200);
    const b = await stage(2000, 'b.csv');
    assert.equal(b.status, 413);
    assert.equal(b.body.error?.code, 'too-large');
    assert.match(b.body.error?.message ?? '', /4 KiB in all/);
    assert.equal((await readdir(join(work, 'staging'))).length, 1);
  });

  it('refuses a file past the count with 429 and says the limit; a discard frees a place', async () => {
    const b = await stage(10, 'b.csv');
    const c = await stage(10, 'c.csv');
    assert.equal(b.status, 200);
    assert.equal(c.status, 200);
    const d = await stage(10, 'd.csv');
    assert.equal(d.status, 429);
    assert.equal(d.body.error?.code, 'busy');
    assert.match(d.body.error?.message ?? '', /^3 files are already waiting/);
    assert.equal((await readdir(join(work, 'staging'))).length, 3);
    await host.localFiles.discard(c.body.value!.localRef);
    assert.equal((await stage(10, 'e.csv')).status, 200);
  });
});
