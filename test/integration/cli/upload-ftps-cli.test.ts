/**
 * `sftp-import upload --url ftps://…` and `ftpes://…` (issue 11 "The CLI", contract §8/§12)
 * against the emulator's FTPS front end, processing every 500 ms: upload and --wait to the
 * verdict, an untrusted certificate refused with the exact --cert line then remembered, a changed
 * certificate refused before the user name or password is sent, and --url usage errors. The
 * user's password is distinctive so every byte printed is checked for it. The ftpes case runs
 * the real `bin/sftp-import.js` in a child process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { uploadCommand } from '../../../cli/upload-command.ts';
import { leadSchema } from '../../../core/schema/demo-schemas.ts';
import { createKnownHostsStore } from '../../../engine/known-hosts.ts';
import { accountFor, createKeyringSecretStore } from '../../../engine/secret-store.ts';
import { randomUUID } from 'node:crypto';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../helpers/start-emulator.ts';

const secret = 'pw-Ftps-9kQ3-only-in-this-test';
const bin = join(import.meta.dirname, '../../../bin/sftp-import.js');
const goodCsv = 'Company,Address,Email\nAcme,1 Main St,a@acme.test\nBeta,2 High St,b@beta.test\n';
const badCsv = 'Company,Address,Email\nAcme,1 Main St,a@acme.test\n,2 High St,b@beta.test\n';

describe('sftp-import upload over FTPS (--url, --cert)', { timeout: 180_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let dir: string;
  before(async () => {
    emu = await startFtpsTestEmulator({
      processing: true,
      intervalMs: 500,
      extraWorkspaces: [
        {
          exportSchedule: 'none',
          pullSources: [],
          name: 'spotio-ftps',
          profile: 'classic',
          users: [{ username: 'ftpsuser', password: secret, publicKeys: [] }],
          schemas: [leadSchema],
        },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'sia-cli-ftps-'));
    // Each file's own content: the ledger would skip a second file with the same bytes.
    for (const n of ['a', 'b', 'c', 'd']) {
      writeFileSync(join(dir, `Leads_${n}.csv`), goodCsv.replace('Acme', `Acme ${n}`));
    }
    writeFileSync(join(dir, 'Leads_bad.csv'), badCsv);
    writeFileSync(join(dir, 'pw'), `${secret}\n`);
    chmodSync(join(dir, 'pw'), 0o600);
  });
  after(async () => {
    await emu?.close();
    if (emu) rmSync(emu.dataDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fp = () => emu.ftps.certificateFingerprint;
  const ftpsUrl = () => `ftps://ftpsuser@127.0.0.1:${emu.ftps.implicitPort}`;
  const ftpesUrl = () => `ftpes://ftpsuser@127.0.0.1:${emu.ftps.explicitPort}`;
  const folder = (name: string) => join(emu.rootOf('spotio-ftps'), 'Leads/Import', name);
  const wait = ['--wait', '--poll', '0.3', '--wait-timeout', '30'];
  const run = async (args: string[], dataDir = 'data') => {
    const io = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(dir, dataDir) }, dir);
    const code = await uploadCommand(args, io);
    const out = io.out.join('');
    const all = out + io.err.join('');
    assert.ok(!all.includes(secret), `the password was printed:\n${all}`);
    return { code, out, err: io.err.join(''), all };
  };
  /** Sessions opened and logins refused on the emulator while `fn` runs. */
  const watchLogins = async <T>(fn: () => Promise<T>): Promise<{ result: T; logins: number }> => {
    let logins = 0;
    const count = (): void => {
      logins += 1;
    };
    emu.events.on('session-opened', count);
    emu.events.on('login-failed', count);
    try {
      return { result: await fn(), logins };
    } finally {
      emu.events.off('session-opened', count);
      emu.events.off('login-failed', count);
    }
  };

  it('refuses an untrusted certificate with the exact --cert line, sending nothing (exit 3)', async () => {
    const { result: r, logins } = await watchLogins(() =>
      run(['Leads_a.csv', '--url', ftpsUrl(), '--profile', 'classic', '--password-file', 'pw']),
    );
    assert.equal(r.code, 3, r.all);
    assert.ok(r.err.includes(`\n  --cert ${fp()}\n`), r.err);
    assert.match(r.err, /not known yet/);
    assert.match(r.err, /subject:/);
    assert.match(r.err, /not trusted: it is self-signed/);
    assert.equal(logins, 0, 'a user name or password reached the server');
    assert.deepEqual(readdirSync(folder('New')), []);
  });

  it('ftps://: with --cert it uploads, waits and reports the import; the cert is remembered', async () => {
    const { result: r, logins } = await watchLogins(() =>
      run([
        'Leads_a.csv',
        '--url',
        ftpsUrl(),
        '--profile',
        'classic',
        '--cert',
        fp(),
        '--password-file',
        'pw',
        ...wait,
      ]),
    );
    // The watcher sees logins (so the 0 counted in the refusals means none happened).
    assert.ok(logins >= 1, 'no session was seen');
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /Uploaded Leads_a\.csv to \/Leads\/Import\/New\/Leads_a\.csv/);
    assert.match(r.out, /Imported: 2 row\(s\)/);
    assert.ok(readdirSync(folder('Success')).includes('Leads_a.csv'));
    const known = createKnownHostsStore({ dir: join(dir, 'data') }).get(
      '127.0.0.1',
      emu.ftps.implicitPort,
    );
    assert.deepEqual(
      known.map((k) => [k.type, k.fingerprint]),
      [['x509', fp().replace(/=+$/, '')]],
    );
  });

  it('the remembered certificate needs no --cert on the next run (password from the environment)', async () => {
    const io = memoryCliIo(
      { SFTP_IMPORT_DATA_DIR: join(dir, 'data'), SFTP_IMPORT_PASSWORD: secret },
      dir,
    );
    const code = await uploadCommand(
      ['Leads_b.csv', '--url', ftpsUrl(), '--profile', 'classic', '--json'],
      io,
    );
    const all = io.out.join('') + io.err.join('');
    assert.equal(code, 0, all);
    assert.ok(!all.includes(secret), 'the password was printed');
    const json = JSON.parse(io.out.join('')) as {
      ok: boolean;
      hostKey: { type: string; fingerprint: string };
      files: { remotePath: string }[];
    };
    assert.equal(json.ok, true);
    assert.equal(json.hostKey.type, 'x509');
    assert.equal(json.files[0]?.remotePath, '/Leads/Import/New/Leads_b.csv');
  });

  it('the real command over ftpes:// (explicit TLS): --cert, --password-stdin, --wait to a failed verdict (exit 1)', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'upload',
        'Leads_bad.csv',
        '--url',
        ftpesUrl(),
        '--profile',
        'classic',
        '--cert',
        fp(),
        '--password-stdin',
        '--force',
        ...wait,
      ],
      {
        cwd: dir,
        env: { ...process.env, SFTP_IMPORT_DATA_DIR: join(dir, 'data-ftpes') },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(`${secret}\n`);
    const code = await new Promise<number | null>((res) => child.on('close', res));
    assert.ok(!out.includes(secret), `the password was printed:\n${out}`);
    assert.equal(code, 1, out);
    assert.match(out, /Uploaded Leads_bad\.csv/);
    assert.match(out, /Company/);
    assert.match(out, /Leads_bad\.csv\.errors\.csv/);
    assert.ok(readdirSync(folder('Failed')).includes('Leads_bad.csv'));
  });

  it('a changed certificate is refused naming old and new, before the user name and password (exit 3)', async () => {
    const old = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    createKnownHostsStore({ dir: join(dir, 'data-changed') }).remember({
      host: '127.0.0.1',
      port: emu.ftps.explicitPort,
      type: 'x509',
      fingerprint: old,
    });
    const { result: r, logins } = await watchLogins(() =>
      run(
        ['Leads_c.csv', '--url', ftpesUrl(), '--profile', 'classic', '--password-file', 'pw'],
        'data-changed',
      ),
    );
    assert.equal(r.code, 3, r.all);
    assert.match(r.err, /certificate has CHANGED/);
    assert.ok(r.err.includes(old), r.err);
    assert.ok(r.err.includes(fp().replace(/=+$/, '')), r.err);
    assert.match(r.err, /run the same command with --cert and the new fingerprint/);
    assert.equal(logins, 0, 'a user name or password reached the server');
    assert.ok(!readdirSync(folder('New')).includes('Leads_c.csv'));
  });

  it(
    'ftpes://: the password comes from the OS keychain entry user@host:port',
    {
      skip:
        process.env.SIA_IN_KEYRING_SESSION === '1'
          ? false
          : 'needs the private keychain session: scripts/with-keyring.sh',
    },
    async () => {
      const secrets = createKeyringSecretStore(`sia-test-${randomUUID()}`);
      const port = emu.ftps.explicitPort;
      const account = accountFor({ username: 'ftpsuser', host: '127.0.0.1', port });
      assert.ok((await secrets.set(account, secret)).ok);
      try {
        const first = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(dir, 'data-keychain') }, dir);
        const code = await uploadCommand(
          ['Leads_c.csv', '--url', ftpesUrl(), '--profile', 'classic', '--cert', fp()],
          first,
          { secrets },
        );
        const all = first.out.join('') + first.err.join('');
        assert.ok(!all.includes(secret), 'the password was printed');
        assert.equal(code, 0, all);
        assert.match(all, /Uploaded Leads_c\.csv/);
      } finally {
        await secrets.delete(account);
      }
    },
  );

  it('--url usage errors are exit 2 before any connection', async () => {
    const cases: [string[], RegExp][] = [
      [['--url', 'ftp://ftpsuser@127.0.0.1:21'], /unencrypted/],
      [['--url', 'ftps://ftpsuser@127.0.0.1:99999'], /port 99999 is not valid/],
      [['--url', 'ftps://ftpsuser@127.0.0.1:port'], /not a server address/],
      [['--url', '127.0.0.1:990'], /names no protocol/],
      [['--url', 'ftps://127.0.0.1'], /needs the user name/],
      [['--url', ftpsUrl(), '--key', 'id_rsa'], /FTPS logs in with a password/],
      [['--url', ftpsUrl(), '--host-key', fp()], /use --cert/],
      [['--url', ftpsUrl(), '--cert', 'SHA256:short'], /--cert must look like/],
      [['--url', ftpsUrl(), '--host', '127.0.0.1'], /not both/],
      [['--url', `sftp://ftpsuser@127.0.0.1:${emu.port}`, '--cert', fp()], /--host-key/],
    ];
    for (const [more, want] of cases) {
      const { result: r, logins } = await watchLogins(() =>
        run(['Leads_d.csv', '--profile', 'classic', '--password-file', 'pw', ...more]),
      );
      assert.equal(r.code, 2, `${more.join(' ')}: ${r.all}`);
      assert.match(r.err, want, more.join(' '));
      assert.equal(logins, 0);
    }
  });

  it('sftp:// in --url reaches the same workspace over SSH with --host-key', async () => {
    const r = await run([
      'Leads_d.csv',
      '--url',
      `sftp://ftpsuser@127.0.0.1:${emu.port}`,
      '--profile',
      'classic',
      '--host-key',
      emu.hostKeyFingerprint,
      '--password-file',
      'pw',
    ]);
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, /Uploaded Leads_d\.csv/);
  });
});

// A certificate the system's CAs vouch for needs no --cert (contract §8): the emulator serves a
// leaf signed by a test CA that the real command trusts through NODE_EXTRA_CA_CERTS.
describe('sftp-import upload over FTPS with a CA-signed certificate', { timeout: 120_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sia-cli-ftps-ca-'));
    const data = join(dir, 'emu');
    mkdirSync(data);
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    ssl(
      'req',
      '-x509',
      ...ec,
      '-sha256',
      '-days',
      '2',
      '-subj',
      '/CN=SIA Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
    );
    ssl(
      'req',
      ...ec,
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(data, 'ftps-key.pem'),
      '-out',
      'leaf.csr',
    );
    writeFileSync(
      join(dir, 'leaf.ext'),
      'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
    );
    ssl(
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      'leaf.ext',
      '-out',
      join(data, 'ftps-cert.pem'),
    );
    chmodSync(join(data, 'ftps-key.pem'), 0o600);
    emu = await startFtpsTestEmulator({
      dataDir: data,
      extraWorkspaces: [
        {
          exportSchedule: 'none',
          pullSources: [],
          name: 'spotio-ftps',
          profile: 'classic',
          users: [{ username: 'ftpsuser', password: secret, publicKeys: [] }],
          schemas: [leadSchema],
        },
      ],
    });
    writeFileSync(join(dir, 'Leads_ca.csv'), goodCsv);
    writeFileSync(join(dir, 'pw'), `${secret}\n`);
    chmodSync(join(dir, 'pw'), 0o600);
  });
  after(async () => {
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the real command trusts it without --cert and pins nothing (exit 0)', async () => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'upload',
        'Leads_ca.csv',
        '--url',
        `ftps://ftpsuser@127.0.0.1:${emu.ftps.implicitPort}`,
        '--profile',
        'classic',
        '--password-file',
        'pw',
      ],
      {
        cwd: dir,
        env: {
          ...process.env,
          SFTP_IMPORT_DATA_DIR: join(dir, 'data'),
          NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    assert.ok(!out.includes(secret), `the password was printed:\n${out}`);
    assert.equal(code, 0, out);
    assert.match(out, /Uploaded Leads_ca\.csv/);
    assert.deepEqual(createKnownHostsStore({ dir: join(dir, 'data') }).list(), []);
    assert.ok(
      readdirSync(join(emu.rootOf('spotio-ftps'), 'Leads/Import/New')).includes('Leads_ca.csv'),
    );
  });
});
