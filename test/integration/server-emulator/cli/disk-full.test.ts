/**
 * Reliability plan U8: the server's disk fills during an upload. The emulator runs as a child in
 * its own mount namespace with the workspace on a 1 MB tmpfs (root only; nothing is mounted in
 * the test's own namespace). The WRITE fails with "out of space", the partial is removed, and
 * nothing appears under the file's name.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SftpClient from 'ssh2-sftp-client';

const bin = resolve(import.meta.dirname, '../../../../bin/sftp-import-emulator.js');
const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

describe(
  'disk full on the server (U8)',
  { timeout: 60_000, skip: canMount ? false : 'needs root and unshare -m' },
  () => {
    const dirs: string[] = [];
    after(async () => {
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    });

    it('fails the upload with an out-of-space status and keeps nothing', async () => {
      const data = await mkdtemp(join(tmpdir(), 'sia-emu-full-'));
      dirs.push(data);
      const cfg = join(data, 'config.json');
      await writeFile(
        cfg,
        JSON.stringify({
          workspaces: [
            { name: 'space', profile: 'space', users: [{ username: 'space', password: 'pw' }] },
          ],
        }),
      );
      const ws = join(data, 'workspaces', 'space');
      const script = `mkdir -p '${ws}' && mount -t tmpfs -o size=1m tmpfs '${ws}' && exec '${process.execPath}' '${bin}' --config '${cfg}' --port 0 --data '${data}'`;
      const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      try {
        const port = await new Promise<number>((resolvePort, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
          const onData = (d: Buffer): void => {
            out += d.toString();
            const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
            if (m) {
              clearTimeout(timer);
              resolvePort(Number(m[1]));
            }
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
        });
        const c = new SftpClient();
        await c.connect({
          host: '127.0.0.1',
          port,
          username: 'space',
          password: 'pw',
          readyTimeout: 10_000,
        });
        try {
          await assert.rejects(
            c.put(Buffer.alloc(5 * 1024 * 1024, 120), '/big.csv'),
            /out of space/,
          );
          const left = await c.list('/');
          assert.deepEqual(left, []);
          // The space is usable again: the partial was removed.
          await c.put(Buffer.from('a,b\n1,2\n'), '/small.csv');
          assert.deepEqual(
            (await c.list('/')).map((e) => e.name),
            ['small.csv'],
          );
        } finally {
          await c.end();
        }
      } finally {
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      }
    });
  },
);
