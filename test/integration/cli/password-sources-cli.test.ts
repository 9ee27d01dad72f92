/**
 * `sftp-import upload` with the password from --password-file or --password-stdin (issue 14),
 * against the emulator with a user whose password is distinctive, so the tests can grep every
 * byte printed for it. The stdin case runs the real `bin/sftp-import.js` in a child process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { uploadCommand } from '../../../cli/upload-command.ts';
import { accountSchema } from '../../../core/schema/demo-schemas.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';

const secret = 'pw-7Hq2-only-in-this-test';
const bin = join(import.meta.dirname, '../../../bin/sftp-import.js');

describe('sftp-import upload: --password-file and --password-stdin', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let dir: string;
  before(async () => {
    emu = await startTestEmulator({
      extraWorkspaces: [
        {
          exportSchedule: 'none',
          pullSources: [],
          name: 'scripted',
          profile: 'flexible',
          users: [{ username: 'scripted', password: secret, publicKeys: [] }],
          schemas: [accountSchema],
        },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'sia-cli-pw-'));
    for (const n of ['a', 'b', 'c', 'd', 'e']) {
      writeFileSync(join(dir, `Account_${n}.csv`), `Name,Industry\n${n} Inc,Retail\n`);
    }
    writeFileSync(join(dir, 'pw'), `${secret}\n`);
    chmodSync(join(dir, 'pw'), 0o600);
    writeFileSync(join(dir, 'pw-open'), `${secret}\n`);
    chmodSync(join(dir, 'pw-open'), 0o644);
    writeFileSync(join(dir, 'pw-wrong'), 'not-it\n');
    chmodSync(join(dir, 'pw-wrong'), 0o600);
  });
  after(async () => {
    await emu.close();
    rmSync(emu.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const newDir = () => join(emu.rootOf('scripted'), 'DataObjects/Import/New');
  const args = (file: string, ...more: string[]) => [
    file,
    '--host',
    '127.0.0.1',
    '--port',
    String(emu.port),
    '--user',
    'scripted',
    '--profile',
    'flexible',
    '--host-key',
    emu.hostKeyFingerprint,
    ...more,
  ];
  const env = () => ({ SFTP_IMPORT_DATA_DIR: join(dir, 'data') });

  it('reads the password from an owner-only file and never prints it (exit 0)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('Account_a.csv', '--password-file', 'pw'), io);
    const all = io.out.join('') + io.err.join('');
    assert.equal(code, 0, all);
    assert.ok(readdirSync(newDir()).includes('Account_a.csv'));
    assert.ok(!all.includes(secret), 'the password was printed');
  });

  it('refuses a file other users can read, before connecting (exit 2)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('Account_b.csv', '--password-file', 'pw-open'), io);
    const all = io.out.join('') + io.err.join('');
    assert.equal(code, 2, all);
    assert.match(all, /chmod 600 "pw-open"/);
    assert.ok(!readdirSync(newDir()).includes('Account_b.csv'));
    assert.ok(!all.includes(secret));
  });

  it('a wrong password says where it came from (exit 3)', async () => {
    const io = memoryCliIo({ ...env(), SFTP_IMPORT_PASSWORD: secret }, dir);
    const code = await uploadCommand(args('Account_b.csv', '--password-file', 'pw-wrong'), io);
    const all = io.out.join('') + io.err.join('');
    assert.equal(code, 3, all);
    assert.match(all, /Authentication failed/);
    assert.match(all, /The password came from the --password-file\./);
  });

  it('a profile whose folders this account lacks names --profile and --user, not the app', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(
      args('Account_c.csv', '--password-file', 'pw').map((x) => (x === 'flexible' ? 'classic' : x)),
      io,
    );
    const all = io.out.join('') + io.err.join('');
    assert.notEqual(code, 0, all);
    assert.doesNotMatch(all, /Test connection|in the app|ask every time/);
    assert.match(all, /--profile and --user/, all);
  });

  it('--wait that runs out of time says where the file is (this emulator does not process)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(
      args(
        'Account_e.csv',
        '--password-file',
        'pw',
        '--wait',
        '--poll',
        '0.2',
        '--wait-timeout',
        '1',
      ),
      io,
    );
    const out = io.out.join('');
    assert.equal(code, 1, out + io.err.join(''));
    assert.match(out, /giving up after 1 s \(--wait-timeout\)/);
    assert.match(out, /It is at \/DataObjects\/Import\/New\/Account_e\.csv; look there later/);
  });

  it('the real command reads --password-stdin from a pipe, and prints nothing of it', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'upload', ...args('Account_d.csv', '--password-stdin')],
      {
        cwd: dir,
        env: { ...process.env, ...env() },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(`${secret}\n`);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 0, out);
    assert.match(out, /Uploaded Account_d\.csv/);
    assert.ok(readdirSync(newDir()).includes('Account_d.csv'));
    assert.ok(!out.includes(secret), 'the password was printed');
  });
});
