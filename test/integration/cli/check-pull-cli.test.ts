/**
 * `sftp-import check-pull` (contract §8, §9; seed 003) against a private OpenSSH sshd playing the
 * customer's server: each step in plain words, the unknown-key refusal with the exact flag, the
 * remembered key, a header without a company-name column (exit 1), a missing file (exit 1), a
 * wrong password (exit 3), the password from the OS keychain, and --json.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { checkPullCommand } from '../../../cli/check-pull-command.ts';
import { main } from '../../../cli/sftp-import.ts';
import {
  accountFor,
  createKeyringSecretStore,
  createMemorySecretStore,
} from '../../../engine/secret-store.ts';
import { canRunSshd, startSshd, type RunningSshd } from '../../helpers/openssh.ts';

const can = canRunSshd();
const inKeyring = process.env.SIA_IN_KEYRING_SESSION === '1';

describe(
  'sftp-import check-pull against a real OpenSSH server',
  { skip: can.ok ? false : can.why, timeout: 120_000 },
  () => {
    let sshd: RunningSshd;
    let work: string;
    const put = async (name: string, text: string) => {
      const p = join(sshd.dir, name);
      await writeFile(p, text);
      await chown(p, 0, 0).catch(() => undefined);
      return p;
    };
    let good = '';
    let noCompany = '';

    before(async () => {
      sshd = await startSshd();
      work = await mkdtemp(join(tmpdir(), 'sia-check-pull-'));
      good = await put('leads.csv', 'Company Name,City\r\nAcme Roofing,Austin\r\n');
      noCompany = await put('people.csv', 'Name,City\r\nAnn,Austin\r\n');
    });
    after(async () => {
      await sshd?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    const env = (extra: Record<string, string> = {}) => ({
      SFTP_IMPORT_PASSWORD: sshd.user.password,
      SFTP_IMPORT_DATA_DIR: join(work, 'data'),
      ...extra,
    });
    const args = (path: string, ...more: string[]) => [
      '--host',
      sshd.host,
      '--port',
      String(sshd.port),
      '--user',
      sshd.user.name,
      '--path',
      path,
      ...more,
    ];
    const run = async (argv: string[], e = env()) => {
      const io = memoryCliIo(e, work);
      const code = await main(['check-pull', ...argv], io);
      return { code, out: io.out.join(''), err: io.err.join('') };
    };

    it('refuses an unknown host key before logging in, printing the fingerprint and the flag (exit 3)', async () => {
      const r = await run(args(good));
      assert.equal(r.code, 3, r.out + r.err);
      assert.ok(r.err.includes(`--host-key ${sshd.hostKeyFingerprint}`), r.err);
      assert.match(r.out, /\[ok\] Reach the server: /);
      assert.match(r.out, /\[failed\] Server's identity \(host key\): /);
      assert.match(r.out, /\[skipped\] Log in: Not checked because an earlier step failed\./);
    });

    it('passes every step in plain words with --host-key and says what to give the platform (exit 0)', async () => {
      const r = await run(args(good, '--host-key', sshd.hostKeyFingerprint));
      assert.equal(r.code, 0, r.out + r.err);
      const steps = [...r.out.matchAll(/^ {2}\[(\w+)\] ([^:]+):/gm)].map((m) => `${m[1]} ${m[2]}`);
      assert.deepEqual(steps, [
        'ok Reach the server',
        'ok SSH greeting',
        "ok Server's identity (host key)",
        'ok Log in',
        'ok The file is there',
        'ok A company name column',
      ]);
      assert.match(r.out, /The company name comes from the "Company Name" column\./);
      assert.ok(r.out.includes(`All checks passed: Leadbay can fetch ${good}.`), r.out);
      assert.ok(r.out.includes(sshd.hostKeyFingerprint));
      assert.ok(!(r.out + r.err).includes(sshd.user.password), 'never the password');
    });

    it('remembers the key it was given: the next check needs no --host-key', async () => {
      const r = await run(args(good));
      assert.equal(r.code, 0, r.out + r.err);
    });

    it('refuses a server whose key is not the one given (exit 3)', async () => {
      const r = await run(args(good, '--host-key', 'SHA256:' + 'A'.repeat(43)));
      assert.equal(r.code, 3, r.out + r.err);
      assert.match(r.out, /\[failed\] Server's identity/);
    });

    it('says a header without a company-name column is the problem, naming the accepted columns (exit 1)', async () => {
      const r = await run(args(noCompany));
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /\[failed\] A company name column: The file's header \(Name, City\)/);
      assert.match(r.out, /one of: Company, Company Name, CompanyName, company_name/);
    });

    it('says the file is missing (exit 1)', async () => {
      const r = await run(args(join(sshd.dir, 'nope.csv')));
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /\[failed\] The file is there: There is no file at .*nope\.csv/);
    });

    it('says the login failed on a wrong password (exit 3)', async () => {
      const r = await run(args(good), env({ SFTP_IMPORT_PASSWORD: 'wrong-password' }));
      assert.equal(r.code, 3, r.out + r.err);
      assert.match(r.out, /\[failed\] Log in: /);
      assert.match(r.out, /\[skipped\] The file is there/);
    });

    it('prints one JSON report with --json', async () => {
      const r = await run(args(good, '--json'));
      assert.equal(r.code, 0, r.err);
      const report = JSON.parse(r.out) as {
        ok: boolean;
        steps: { id: string; status: string }[];
        hostKey: { fingerprint: string };
        header: string[];
      };
      assert.equal(report.ok, true);
      assert.deepEqual(
        report.steps.map((s) => `${s.id}:${s.status}`),
        ['reach:ok', 'banner:ok', 'host-key:ok', 'login:ok', 'file:ok', 'header:ok'],
      );
      assert.equal(report.hostKey.fingerprint, sshd.hostKeyFingerprint);
      assert.deepEqual(report.header, ['Company Name', 'City']);
    });

    it('needs a password: none in the keychain and no SFTP_IMPORT_PASSWORD is exit 3, saying where to put it', async () => {
      const io = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(work, 'data') }, work);
      const code = await checkPullCommand(args(good), io, { secrets: createMemorySecretStore() });
      assert.equal(code, 3);
      assert.match(io.err.join(''), /No password for .*--password-file.*SFTP_IMPORT_PASSWORD/);
    });

    it('takes the password from --password-file or --password-stdin, never printing it', async () => {
      const file = join(work, 'pw');
      await writeFile(file, `${sshd.user.password}\n`, { mode: 0o600 });
      const noEnv = { SFTP_IMPORT_DATA_DIR: join(work, 'data') };
      const io = memoryCliIo(noEnv, work);
      const code = await checkPullCommand(args(good, '--password-file', 'pw'), io, {
        secrets: createMemorySecretStore(),
      });
      const all = io.out.join('') + io.err.join('');
      assert.equal(code, 0, all);
      assert.ok(!all.includes(sshd.user.password), 'never the password');
      const io2 = memoryCliIo(noEnv, work, `${sshd.user.password}\n`);
      const code2 = await checkPullCommand(args(good, '--password-stdin'), io2, {
        secrets: createMemorySecretStore(),
      });
      assert.equal(code2, 0, io2.out.join('') + io2.err.join(''));
    });

    it(
      'takes the password from the OS keychain (account user@host:port)',
      { skip: inKeyring ? false : 'needs the private keychain session: scripts/with-keyring.sh' },
      async () => {
        const secrets = createKeyringSecretStore(`sia-test-${randomUUID()}`);
        const account = accountFor({ username: sshd.user.name, host: sshd.host, port: sshd.port });
        const set = await secrets.set(account, sshd.user.password);
        assert.ok(set.ok, JSON.stringify(set));
        try {
          const io = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(work, 'data') }, work);
          const code = await checkPullCommand(args(good), io, { secrets });
          assert.equal(code, 0, io.out.join('') + io.err.join(''));
        } finally {
          await secrets.delete(account);
        }
      },
    );
  },
);
