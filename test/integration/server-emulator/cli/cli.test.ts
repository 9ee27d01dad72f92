/**
 * The emulator's command line as a child process (contract §8): what it prints, `--port 0`,
 * SIGUSR1 runs a cycle, SIGTERM exits 0, usage errors exit 2, the host key survives a restart.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminLine, adminPath, runCli as run } from './cli-process.ts';
import { connectRaw, open, write, close } from '../sftp/raw-client.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sia-emu-cli-'));
  dirs.push(d);
  return d;
}

describe('sftp-import-emulator CLI', { timeout: 90_000 }, () => {
  it('prints where it listens, its host key and the demo users, processes on SIGUSR1 and exits 0 on SIGTERM', async () => {
    const data = await tempDir();
    const r = run(['--demo', '--port', '0', '--data', data, '--interval', '1h']);
    try {
      const listening = await r.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/);
      const port = Number(listening[1]);
      assert.ok(port > 0);
      const key = await r.waitFor(/^host key (SHA256:[A-Za-z0-9+/]+)$/);
      await r.waitFor(/contact-lists \(contact-lists\): key .*contact-lists_id_rsa$/);
      await r.waitFor(/classic \(classic\): password "demo"/);
      const admin = await r.waitFor(adminLine);
      const bare = await fetch(new URL('api/workspaces', admin[1]), {
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(bare.status, 401, 'the admin API needs the token of the printed URL');
      const api = await fetch(adminPath(admin[1] ?? '', 'api/workspaces'), {
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(api.status, 200);
      assert.match(await api.text(), /contact-lists/);

      // issue 13: the banner names the PID that SIGUSR1 goes to.
      const pid = await r.waitFor(/^pid (\d+) \(kill -USR1 \d+ processes/);
      assert.equal(Number(pid[1]), r.child.pid);

      // A real upload then at once SIGUSR1: "process now" takes every completed upload, however
      // recent (the one-second age rule of contract §4 is the scheduled cycle's only).
      const s = await connectRaw(port, { username: 'classic', password: 'demo' });
      const h = await open(s.sftp, '/Leads/Import/New/leads.csv', 'w');
      await write(s.sftp, h.value as Buffer, Buffer.from('Company,Address\nAcme,1 Main St\n'), 0);
      await close(s.sftp, h.value as Buffer);
      r.child.kill('SIGUSR1');
      await r.waitFor(/^cycle finished/);
      const success = await new Promise<string[]>((res, rej) =>
        s.sftp.readdir('/Leads/Import/Success', (err, list) =>
          err ? rej(err) : res(list.map((e) => e.filename).sort()),
        ),
      );
      assert.ok(success.includes('leads.csv'), `Success/ holds ${success.join(', ')}`);
      await s.end();

      r.child.kill('SIGTERM');
      assert.equal(await r.exited, 0);

      // Restart on the same data: same host key.
      const again = run(['--demo', '--port', '0', '--data', data]);
      const key2 = await again.waitFor(/^host key (SHA256:[A-Za-z0-9+/]+)$/);
      assert.equal(key2[1], key[1]);
      again.child.kill('SIGINT');
      assert.equal(await again.exited, 0);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('after a SIGKILL mid-upload, the restarted emulator removes the orphan temp and processes nothing (U6)', async () => {
    const data = await tempDir();
    const first = run(['--demo', '--port', '0', '--data', data]);
    const newDir = join(data, 'workspaces', 'classic', 'Leads', 'Import', 'New');
    try {
      const port = Number((await first.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/))[1]);
      const s = await connectRaw(port, { username: 'classic', password: 'demo' });
      const h = await open(s.sftp, '/Leads/Import/New/half.csv', 'w');
      assert.equal(
        (await write(s.sftp, h.value as Buffer, Buffer.from('Company,Address\nAcme,1 Ma'), 0)).code,
        0,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      s.client.destroy();
      const left = await readdir(newDir);
      assert.equal(left.length, 1);
      assert.match(left[0] ?? '', /^\.half\.csv\.[0-9a-f]{12}\.uploading$/);
    } finally {
      first.child.kill('SIGKILL');
    }
    const second = run(['--demo', '--port', '0', '--data', data]);
    try {
      await second.waitFor(/^listening on/);
      assert.deepEqual(await readdir(newDir), []);
      assert.deepEqual(
        await readdir(join(data, 'workspaces', 'classic', 'Leads', 'Import', 'Success')),
        [],
      );
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    } finally {
      second.child.kill('SIGKILL');
    }
  });

  it('exits 2 with a message for an unknown flag', async () => {
    const r = run(['--demo', '--bogus']);
    assert.equal(await r.exited, 2);
    assert.match(r.lines.join('\n'), /unknown option "--bogus"/);
  });

  it('exits 2 when neither --config nor --demo is given', async () => {
    const r = run([]);
    assert.equal(await r.exited, 2);
    assert.match(r.lines.join('\n'), /--config FILE, --demo/);
  });

  it('exits 2 naming the user and reason for a config with a refused contact-lists key', async () => {
    const data = await tempDir();
    const cfg = join(data, 'config.json');
    await writeFile(
      cfg,
      JSON.stringify({
        workspaces: [
          {
            name: 'o',
            profile: 'contact-lists',
            users: [
              { username: 'ocelot', publicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMh9 me'] },
            ],
          },
        ],
      }),
    );
    const r = run(['--config', cfg, '--port', '0', '--data', data]);
    assert.equal(await r.exited, 2);
    assert.match(
      r.lines.join('\n'),
      /workspaces\.0\.users\.0\.publicKeys\.0: key of user "ocelot" refused: .*only ssh-rsa/,
    );
  });
});
