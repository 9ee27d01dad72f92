import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSftp, type HostKey } from '../../../engine/transport/sftp/connect.ts';
import { newHostKey, startCountingServer, type CountingServer } from './fixtures.ts';

describe('connectSftp host-key trust (contract §11)', () => {
  const key = newHostKey();
  let server: CountingServer;
  before(async () => {
    server = await startCountingServer(key.pem);
  });
  after(async () => {
    await server.close();
  });
  const base = () => ({
    host: '127.0.0.1',
    port: server.port,
    username: 'u',
    auth: { password: 'good' },
    readyTimeoutMs: 5000,
  });

  it('shows an unknown key by type and SHA256 fingerprint, the same as ssh-keygen -l prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sia-hk-'));
    try {
      writeFileSync(join(dir, 'k.pub'), key.publicLine + '\n');
      const keygen = execFileSync('ssh-keygen', [
        '-l',
        '-E',
        'sha256',
        '-f',
        join(dir, 'k.pub'),
      ]).toString();
      let shown: HostKey | undefined;
      const before = server.attempts.length;
      const r = await connectSftp({
        ...base(),
        onUnknownHostKey: (k) => {
          shown = k;
          // No credential reaches the server while the user is still deciding.
          assert.equal(server.attempts.length, before);
          return Promise.resolve('once');
        },
      });
      assert.ok(r.ok);
      assert.equal(shown?.type, 'ssh-ed25519');
      assert.equal(shown?.fingerprint, key.fingerprint);
      assert.ok(keygen.includes(key.fingerprint), `ssh-keygen printed ${keygen}`);
      assert.equal(r.value.hostKeyTrust, 'once');
      await r.value.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not prompt for a pinned key and logs in', async () => {
    let prompted = false;
    const r = await connectSftp({
      ...base(),
      knownHost: { fingerprint: key.fingerprint },
      onUnknownHostKey: () => {
        prompted = true;
        return Promise.resolve('accept');
      },
    });
    assert.ok(r.ok);
    assert.equal(prompted, false);
    assert.equal(r.value.hostKeyTrust, 'known');
    await r.value.close();
  });

  it('accepts any one of several pinned keys for a host (load balancers)', async () => {
    const r = await connectSftp({
      ...base(),
      knownHost: [{ fingerprint: newHostKey().fingerprint }, { fingerprint: key.fingerprint }],
    });
    assert.ok(r.ok);
    await r.value.close();
  });

  it('blocks a changed key with both fingerprints and sends no password at all', async () => {
    const old = newHostKey().fingerprint;
    const before = server.attempts.length;
    const r = await connectSftp({
      ...base(),
      knownHost: { fingerprint: old },
      onUnknownHostKey: () => Promise.resolve('accept'),
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, 'host-key-changed');
    assert.match(r.error.message, new RegExp(old.replace(/[+/]/g, '\\$&')));
    assert.ok(r.error.message.includes(key.fingerprint));
    assert.equal(r.error.stage, 'host-key');
    assert.equal(server.attempts.length, before, 'the server saw no authentication attempt');
  });

  it('rejects an unknown key when there is nobody to ask, without authenticating', async () => {
    const before = server.attempts.length;
    const r = await connectSftp(base());
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, 'host-key-rejected');
    assert.equal(r.error.hostKey?.fingerprint, key.fingerprint);
    assert.equal(server.attempts.length, before);
  });

  it('aborts when the user cancels the prompt, without authenticating', async () => {
    const before = server.attempts.length;
    const r = await connectSftp({ ...base(), onUnknownHostKey: () => Promise.resolve('cancel') });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'host-key-rejected');
    assert.equal(server.attempts.length, before);
  });

  it('does not time out while the user takes longer than the ready timeout to decide', async () => {
    const r = await connectSftp({
      ...base(),
      readyTimeoutMs: 300,
      onUnknownHostKey: () => new Promise((resolve) => setTimeout(() => resolve('accept'), 800)),
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.hostKeyTrust, 'accept');
    await r.value.close();
  });

  it('says the password was refused in plain words, without the password', async () => {
    const r = await connectSftp({
      ...base(),
      auth: { password: 'wrong-secret-123' },
      knownHost: { fingerprint: key.fingerprint },
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, 'auth-failed');
    assert.match(r.error.message, /Authentication failed/);
    assert.ok(!JSON.stringify(r.error).includes('wrong-secret-123'));
  });
});
