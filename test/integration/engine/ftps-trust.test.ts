import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connectFtps } from '../../../engine/transport/ftps/connect.ts';
import type { CertificateIdentity } from '../../../engine/transport/port.ts';
import { canRunVsftpd, startVsftpd, type RunningVsftpd } from '../../helpers/vsftpd.ts';

// Issue 11, contract §11/§12: the certificate is judged before USER/PASS; a changed one blocks,
// an unknown one is shown with what a person needs to judge it, and a server without TLS never
// receives the user name or password (proved from vsftpd's own protocol log).
const can = canRunVsftpd();
const noUserSent = (log: string): void => {
  assert.doesNotMatch(log, /FTP command: Client "[^"]+", "USER /);
  assert.doesNotMatch(log, /"PASS /);
};

describe(
  'FTPS trust before credentials (vsftpd)',
  { skip: can.ok ? false : can.why, timeout: 120_000 },
  () => {
    let explicit: RunningVsftpd;
    let implicit: RunningVsftpd;
    let plain: RunningVsftpd;
    const otherPin = `SHA256:${randomBytes(32).toString('base64').replace(/=+$/, '')}`;

    before(async () => {
      explicit = await startVsftpd({ mode: 'explicit', folders: ['Leads/Import/New'] });
      implicit = await startVsftpd({ mode: 'implicit', folders: ['Leads/Import/New'] });
      plain = await startVsftpd({ mode: 'plain', folders: ['Leads/Import/New'] });
    });
    after(async () => {
      await explicit?.close();
      await implicit?.close();
      await plain?.close();
    });

    for (const which of ['explicit', 'implicit'] as const) {
      const server = (): RunningVsftpd => (which === 'explicit' ? explicit : implicit);
      const protocol = which === 'explicit' ? 'ftpes' : 'ftps';

      it(`${which}: a changed certificate blocks the connection before USER/PASS`, async () => {
        const v = server();
        let asked = false;
        const r = await connectFtps({
          protocol,
          host: v.host,
          port: v.port,
          username: v.user.name,
          password: v.user.password,
          knownHost: { fingerprint: otherPin },
          onUnknownHostKey: () => {
            asked = true;
            return Promise.resolve('accept');
          },
        });
        assert.ok(!r.ok);
        assert.equal(r.error.code, 'host-key-changed');
        assert.equal(r.error.stage, 'host-key');
        assert.equal(r.error.hostKey?.fingerprint, v.fingerprint);
        assert.match(r.error.message, /CHANGED/);
        assert.match(r.error.message, /no user name, no password/);
        assert.equal(asked, false, 'a changed certificate is not offered for acceptance');
        await new Promise((res) => setTimeout(res, 200));
        noUserSent(v.log());
      });

      it(`${which}: an unknown certificate is shown (fingerprint, subject, issuer, validity, why) and cancel sends nothing`, async () => {
        const v = server();
        let seen: CertificateIdentity | undefined;
        const r = await connectFtps({
          protocol,
          host: v.host,
          port: v.port,
          username: v.user.name,
          password: v.user.password,
          onUnknownHostKey: (c) => {
            seen = c;
            return Promise.resolve('cancel');
          },
        });
        assert.ok(!r.ok);
        assert.equal(r.error.code, 'host-key-rejected');
        assert.ok(seen);
        assert.equal(seen.type, 'x509');
        assert.equal(seen.fingerprint, v.fingerprint);
        assert.match(seen.subject, /CN=127\.0\.0\.1/);
        assert.match(seen.issuer, /CN=127\.0\.0\.1/);
        assert.ok(Date.parse(seen.validFrom) < Date.now() && Date.parse(seen.validTo) > Date.now());
        assert.match(seen.reason ?? '', /self-signed/);
        await new Promise((res) => setTimeout(res, 200));
        noUserSent(v.log());
      });

      it(`${which}: accepted once, the session logs in and reports the trust`, async () => {
        const v = server();
        const r = await connectFtps({
          protocol,
          host: v.host,
          port: v.port,
          username: v.user.name,
          password: v.user.password,
          onUnknownHostKey: () => Promise.resolve('once'),
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.value.hostKeyTrust, 'once');
        assert.equal(r.value.protocol, protocol);
        const l = await r.value.list('/Leads/Import');
        assert.ok(l.ok && l.value.some((e) => e.name === 'New' && e.isDirectory));
        await r.value.close();
      });

      it(`${which}: without a prompt an unknown certificate is refused, nothing sent`, async () => {
        const v = server();
        const r = await connectFtps({
          protocol,
          host: v.host,
          port: v.port,
          username: `nobody${which}`,
          password: 'x',
        });
        assert.ok(!r.ok);
        assert.equal(r.error.code, 'host-key-rejected');
        assert.match(r.error.message, new RegExp(v.fingerprint.replace(/[+/]/g, '\\$&')));
        assert.doesNotMatch(v.log(), new RegExp(`nobody${which}`));
      });
    }

    it('a wrong password is told as such (after the certificate passed)', async () => {
      const r = await connectFtps({
        protocol: 'ftpes',
        host: explicit.host,
        port: explicit.port,
        username: explicit.user.name,
        password: 'wrong',
        knownHost: { fingerprint: explicit.fingerprint },
      });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'auth-failed');
      assert.equal(r.error.stage, 'login');
    });

    it('a plain FTP server (no TLS) never receives a password: explicit TLS refused', async () => {
      const r = await connectFtps({
        protocol: 'ftpes',
        host: plain.host,
        port: plain.port,
        username: plain.user.name,
        password: plain.user.password,
        onUnknownHostKey: () => Promise.resolve('accept'),
      });
      assert.ok(!r.ok);
      assert.equal(r.error.ftpsProblem, 'no-tls');
      assert.match(r.error.message, /does not offer encryption/);
      assert.match(r.error.message, /NOT sent/);
      await new Promise((res) => setTimeout(res, 200));
      assert.match(plain.log(), /AUTH TLS/);
      noUserSent(plain.log());
    });

    it('a plain FTP server on the implicit-TLS address never receives a password', async () => {
      const r = await connectFtps({
        protocol: 'ftps',
        host: plain.host,
        port: plain.port,
        username: plain.user.name,
        password: plain.user.password,
        onUnknownHostKey: () => Promise.resolve('accept'),
        replyTimeoutMs: 3000,
      });
      assert.ok(!r.ok);
      assert.equal(r.error.ftpsProblem, 'no-tls');
      assert.match(r.error.message, /does not offer encryption/);
      noUserSent(plain.log());
    });
  },
);
