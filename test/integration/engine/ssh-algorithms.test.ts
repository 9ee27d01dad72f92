/**
 * SSH without SHA-1 by default (issue 14): the client offers no `ssh-rsa` host-key signatures
 * and no `hmac-sha1*` MACs, so a real OpenSSH server that offers only those is refused with
 * words saying why and what to do; a site that allows SHA-1 still connects. RSA host keys keep
 * working through rsa-sha2-256/512. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { connectSftp, sshAlgorithms } from '../../../engine/transport/sftp/connect.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnownHostsStore } from '../../../engine/known-hosts.ts';
import { createMemorySecretStore } from '../../../engine/secret-store.ts';
import type { Site } from '../../../engine/sites.ts';
import type { HostDeps } from '../../../host/host-deps.ts';
import { createHostKeyPrompts } from '../../../host/host-key-prompts.ts';
import { connectSite } from '../../../host/site-access.ts';
import { canRunSshd, startSshd, type RunningSshd } from '../../helpers/openssh.ts';

const sshdOk = canRunSshd();
const require = createRequire(import.meta.url);
const ssh2Defaults = require('ssh2/lib/protocol/constants.js') as Record<string, string[]>;

const login = (s: RunningSshd, allowSha1?: boolean) =>
  connectSftp({
    host: s.host,
    port: s.port,
    username: s.user.name,
    auth: { password: s.user.password },
    knownHost: { fingerprint: s.hostKeyFingerprint },
    root: s.dir,
    readyTimeoutMs: 10_000,
    ...(allowSha1 === undefined ? {} : { allowSha1 }),
  });

/** The error of a refused login; a session that got through is closed, then the test fails. */
async function refusal(r: Awaited<ReturnType<typeof login>>) {
  if (r.ok) {
    await r.value.close();
    assert.fail('the client connected with SHA-1 although the site did not allow it');
  }
  return r.error;
}

describe('the algorithms the SSH client offers', () => {
  it('are ssh2 defaults without any SHA-1 one, and put SHA-1 back only when allowed', () => {
    const plain = sshAlgorithms();
    const all = [...plain.kex, ...plain.serverHostKey, ...plain.hmac];
    assert.deepEqual(
      all.filter((a) => /sha1|^ssh-rsa$/.test(a)),
      [],
    );
    for (const a of plain.serverHostKey) {
      assert.ok(ssh2Defaults.SUPPORTED_SERVER_HOST_KEY?.includes(a), a);
    }
    for (const a of plain.hmac) assert.ok(ssh2Defaults.SUPPORTED_MAC?.includes(a), a);
    for (const a of plain.kex) assert.ok(ssh2Defaults.SUPPORTED_KEX?.includes(a), a);
    assert.ok(plain.serverHostKey.includes('rsa-sha2-256'));
    assert.ok(plain.serverHostKey.includes('rsa-sha2-512'));
    const loose = sshAlgorithms(true);
    assert.ok(loose.serverHostKey.includes('ssh-rsa'));
    assert.ok(loose.hmac.includes('hmac-sha1'));
    // SHA-1 comes last: a server with something better still gets that.
    assert.equal(loose.serverHostKey.at(-1), 'ssh-rsa');
  });
});

describe(
  'SHA-1 against a real OpenSSH sshd',
  { skip: !sshdOk.ok && sshdOk.why, timeout: 90_000 },
  () => {
    let rsaOnlySha1: RunningSshd;
    let macOnlySha1: RunningSshd;
    let rsaModern: RunningSshd;

    before(async () => {
      [rsaOnlySha1, macOnlySha1, rsaModern] = await Promise.all([
        startSshd({ hostKeyType: 'rsa', extraConfig: ['HostKeyAlgorithms ssh-rsa'] }),
        // A MAC is negotiated only for a cipher without its own (not aes-gcm, not chacha20).
        startSshd({ extraConfig: ['Ciphers aes128-ctr', 'MACs hmac-sha1'] }),
        startSshd({ hostKeyType: 'rsa' }),
      ]);
    });
    after(async () => {
      await Promise.all([rsaOnlySha1?.close(), macOnlySha1?.close(), rsaModern?.close()]);
    });

    it('refuses a server whose only host-key signature is ssh-rsa, saying why and what to do', async () => {
      const e = await refusal(await login(rsaOnlySha1));
      assert.equal(e.code, 'remote-error');
      assert.match(e.message, /only offers SHA-1 \(ssh-rsa\), which is weak/);
      assert.match(e.message, /enable rsa-sha2-256/);
      assert.match(e.message, /allow SHA-1 for this site/);
      assert.match(e.detail ?? '', /no matching host key format/);
    });

    it('connects to that server when the site allows SHA-1', async () => {
      const r = await login(rsaOnlySha1, true);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.hostKey.type, 'ssh-rsa');
      const listed = await r.value.list('/');
      assert.ok(listed.ok);
      await r.value.close();
    });

    it('refuses a server whose only MAC is hmac-sha1, and connects when allowed', async () => {
      const e = await refusal(await login(macOnlySha1));
      assert.equal(e.code, 'remote-error');
      assert.match(e.message, /only offers SHA-1 \(hmac-sha1\)/);
      assert.match(e.detail ?? '', /no matching C->S MAC/);
      const allowed = await login(macOnlySha1, true);
      assert.ok(allowed.ok, allowed.ok ? '' : allowed.error.message);
      await allowed.value.close();
    });

    it("a saved site's allowSha1 reaches the dialer (connectSite)", async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sia-sha1-site-'));
      try {
        const knownHosts = createKnownHostsStore({ dir });
        knownHosts.remember({
          host: rsaOnlySha1.host,
          port: rsaOnlySha1.port,
          type: 'ssh-rsa',
          fingerprint: rsaOnlySha1.hostKeyFingerprint,
        });
        // Only what connectSite reads; the rest of HostDeps is not touched on this path.
        const deps = {
          knownHosts,
          secrets: createMemorySecretStore(),
          dataDir: dir,
          readyTimeoutMs: 10_000,
        } as unknown as HostDeps;
        const prompts = createHostKeyPrompts({ emit: () => undefined, clock: Date.now });
        const site: Site = {
          id: 's1',
          name: 'old server',
          profile: 'space',
          host: rsaOnlySha1.host,
          port: rsaOnlySha1.port,
          username: rsaOnlySha1.user.name,
          authMethod: 'password',
          secretMode: 'ask',
          root: rsaOnlySha1.dir,
        };
        const refused = await connectSite(deps, prompts, site, rsaOnlySha1.user.password);
        if (refused.ok) {
          await refused.value.close();
          assert.fail('connected with SHA-1 although the site did not allow it');
        }
        assert.match(refused.error.message, /only offers SHA-1/);
        const allowed = await connectSite(
          deps,
          prompts,
          { ...site, allowSha1: true },
          rsaOnlySha1.user.password,
        );
        assert.ok(allowed.ok, allowed.ok ? '' : allowed.error.message);
        await allowed.value.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('still connects to an RSA host key by default, through rsa-sha2', async () => {
      const r = await login(rsaModern);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.hostKey.type, 'ssh-rsa');
      await r.value.close();
    });
  },
);
