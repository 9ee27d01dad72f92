/**
 * The emulator's command line with FTPS (contract §12): `--demo` opens implicit and explicit TLS
 * on free ports and prints the banner lines after the SFTP ones; the certificate survives a
 * restart (same fingerprint, the one curl sees); `--no-ftps` opens none; the admin page shows the
 * FTPS addresses of SPOTIO workspaces only.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { adminLine, runCli as run } from '../cli/cli-process.ts';
import { curlFtps } from '../../../helpers/ftps-peers.ts';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** The `SHA256:` fingerprint of the certificate a TLS server presents. */
function presentedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const der = new X509Certificate(s.getPeerX509Certificate()?.raw ?? Buffer.alloc(0)).raw;
      s.destroy();
      resolve('SHA256:' + createHash('sha256').update(der).digest('base64').replace(/=+$/, ''));
    });
    s.once('error', reject);
  });
}

describe('sftp-import-emulator CLI with FTPS', { timeout: 90_000 }, () => {
  it('--demo prints the FTPS lines after the SFTP ones; the certificate is kept across restarts', async () => {
    const data = await mkdtemp(join(tmpdir(), 'sia-emu-ftps-cli-'));
    dirs.push(data);
    const r = run(['--demo', '--port', '0', '--data', data]);
    try {
      await r.waitFor(/^listening on 127\.0\.0\.1:\d+$/);
      const ftps = Number(
        (await r.waitFor(/^ftps listening on 127\.0\.0\.1:(\d+) \(implicit TLS\)$/))[1],
      );
      const ftpes = Number(
        (await r.waitFor(/^ftpes listening on 127\.0\.0\.1:(\d+) \(explicit TLS\)$/))[1],
      );
      const cert = (await r.waitFor(/^certificate (SHA256:[A-Za-z0-9+/]+)$/))[1];
      const order = [
        'listening on',
        'host key',
        'ftps listening',
        'ftpes listening',
        'certificate',
      ];
      const at = order.map((p) => r.lines.findIndex((l) => l.startsWith(p)));
      assert.deepEqual(
        [...at].sort((a, b) => a - b),
        at,
        r.lines.join('\n'),
      );
      assert.equal(await presentedFingerprint(ftps), cert);

      const admin = (await r.waitFor(adminLine))[1] ?? '';
      const page = await (await fetch(admin, { signal: AbortSignal.timeout(10_000) })).text();
      assert.ok(
        page.includes(`ftps://classic@127.0.0.1:${ftps}`),
        'classic shows its ftps address',
      );
      assert.ok(page.includes(`ftpes://flexible@127.0.0.1:${ftpes}`));
      assert.ok(!page.includes(`ftps://space@`), 'space is SFTP-only');

      const list = await curlFtps(
        { port: ftpes, implicit: false, user: 'classic', password: 'demo' },
        '/Leads/Import/',
        ['--list-only'],
      );
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout.toString('utf8'), /New/);
      r.child.kill('SIGTERM');
      assert.equal(await r.exited, 0);

      const again = run(['--demo', '--port', '0', '--data', data]);
      try {
        assert.equal((await again.waitFor(/^certificate (SHA256:[A-Za-z0-9+/]+)$/))[1], cert);
        again.child.kill('SIGTERM');
        assert.equal(await again.exited, 0);
      } finally {
        again.child.kill('SIGKILL');
      }
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('--no-ftps opens no FTPS listener; it cannot be combined with an FTPS port', async () => {
    const data = await mkdtemp(join(tmpdir(), 'sia-emu-ftps-cli-'));
    dirs.push(data);
    const r = run(['--demo', '--no-ftps', '--port', '0', '--data', data]);
    try {
      await r.waitFor(/^data /);
      assert.ok(!r.lines.some((l) => /^ftpe?s listening|^certificate/.test(l)), r.lines.join('\n'));
      r.child.kill('SIGTERM');
      assert.equal(await r.exited, 0);
    } finally {
      r.child.kill('SIGKILL');
    }
    const bad = run(['--demo', '--no-ftps', '--ftps-port', '0']);
    assert.equal(await bad.exited, 2);
    assert.match(bad.lines.join('\n'), /--no-ftps cannot be combined/);
  });
});
