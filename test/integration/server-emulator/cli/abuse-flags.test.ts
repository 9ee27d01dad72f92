/**
 * The emulator's command line under abuse (issue 14): `--demo` (password "demo") refuses a
 * non-loopback `--host` unless `--allow-demo-on-network` is given, and a closed stdout pipe
 * (`sftp-import-emulator … | head`) does not crash the server.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBin, runCli } from './cli-process.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sia-emu-abuse-'));
  dirs.push(d);
  return d;
}

describe('sftp-import-emulator under abuse (issue 14)', { timeout: 90_000 }, () => {
  it('refuses --demo on a non-loopback --host (exit 2), saying why and how to allow it', async () => {
    const data = await tempDir();
    const r = runCli(['--demo', '--host', '0.0.0.0', '--port', '0', '--data', data]);
    assert.equal(await r.exited, 2);
    const text = r.lines.join('\n');
    assert.match(text, /--demo logs everyone in with the password "demo"/);
    assert.match(text, /--host 0\.0\.0\.0/);
    assert.match(text, /--allow-demo-on-network/);
  });

  it('starts --demo on a non-loopback --host with --allow-demo-on-network', async () => {
    const data = await tempDir();
    const r = runCli([
      '--demo',
      '--host',
      '0.0.0.0',
      '--allow-demo-on-network',
      '--port',
      '0',
      '--no-ftps',
      '--data',
      data,
    ]);
    try {
      await r.waitFor(/^listening on 0\.0\.0\.0:\d+$/);
      r.child.kill('SIGTERM');
      assert.equal(await r.exited, 0);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('keeps serving after its stdout pipe is closed (… | head), and exits 0 on SIGTERM', async () => {
    const data = await tempDir();
    const child = spawn(
      process.execPath,
      [cliBin, '--demo', '--port', '0', '--no-ftps', '--data', data],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no port in: ${out}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^listening on 127\.0\.0\.1:(\d+)$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // The reader goes away, as `head` does after its lines.
      child.stdout.destroy();
      await new Promise((r) => setTimeout(r, 200));
      // Output now: SIGUSR1 prints "processing now" and "cycle finished" into the closed pipe.
      child.kill('SIGUSR1');
      child.kill('SIGUSR1');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(child.exitCode, null, `the emulator died: ${stderr}`);
      // Still serving: the SFTP port answers with its SSH greeting.
      const s = connect(port, '127.0.0.1');
      const [greeting] = (await once(s, 'data')) as [Buffer];
      s.destroy();
      assert.match(greeting.toString(), /^SSH-2\.0-/);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0, stderr);
      assert.ok(!/EPIPE/.test(stderr), stderr);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
