import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { uploadCommand } from '../../../cli/upload-command.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';

// `sftp-import upload --wait` end to end against the emulator processing every 500 ms (contract §8).
describe('sftp-import upload against the emulator', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let dir: string;
  before(async () => {
    emu = await startTestEmulator({ processing: true, intervalMs: 500 });
    dir = mkdtempSync(join(tmpdir(), 'sia-cli-'));
    writeFileSync(
      join(dir, 'Account_good.csv'),
      'Name,Industry,Employees,Website\nAcme,Retail,10,https://acme.example\nGlobex,Other,250,\n',
    );
    writeFileSync(
      join(dir, 'Account_bad.csv'),
      'Name,Industry,Employees\nAcme,Retail,10\nInitech,Nope,many\n',
    );
    writeFileSync(join(dir, 'accounts.csv'), 'Name\nSolo Inc\n');
    // Name, then a Windows-1252 row: a file-level problem (not UTF-8), no row table.
    writeFileSync(join(dir, 'Account_latin1.csv'), Buffer.from('Name\nCaf\xe9 Inc\n', 'latin1'));
  });
  after(async () => {
    await emu.close();
    rmSync(emu.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ SFTP_IMPORT_PASSWORD: 'demo', SFTP_IMPORT_DATA_DIR: join(dir, 'data') });
  const args = (file: string, ...more: string[]) => [
    file,
    '--host',
    '127.0.0.1',
    '--port',
    String(emu.port),
    '--user',
    'flexible',
    '--profile',
    'flexible',
    ...more,
  ];

  it('refuses an unknown host key, printing the fingerprint and the exact flag to add (exit 3)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('Account_good.csv'), io);
    assert.equal(code, 3);
    const err = io.err.join('');
    assert.ok(err.includes(`--host-key ${emu.hostKeyFingerprint}`), err);
    assert.deepEqual(readdirSync(join(emu.rootOf('flexible'), 'DataObjects/Import/New')), []);
  });

  it('uploads a good CSV, waits, and reports it imported into Success/ (exit 0)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(
      args(
        'Account_good.csv',
        '--host-key',
        emu.hostKeyFingerprint,
        '--wait',
        '--poll',
        '0.3',
        '--wait-timeout',
        '30',
      ),
      io,
    );
    const out = io.out.join('');
    assert.equal(code, 0, io.err.join('') + out);
    assert.match(out, /Imported: 2 row\(s\) into Account/);
    assert.ok(
      readdirSync(join(emu.rootOf('flexible'), 'DataObjects/Import/Success')).includes(
        'Account_good.csv',
      ),
    );
  });

  it('remembers the trusted key: the next run needs no --host-key', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('accounts.csv', '--object', 'Account', '--json'), io);
    assert.equal(code, 0, io.err.join(''));
    const json = JSON.parse(io.out.join('')) as { ok: boolean; files: { remotePath: string }[] };
    assert.equal(json.ok, true);
    assert.equal(json.files[0]?.remotePath, '/DataObjects/Import/New/Account_accounts.csv');
  });

  it('refuses to send a file the local check finds invalid, listing the rows (exit 1)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('Account_bad.csv'), io);
    assert.equal(code, 1);
    const err = io.err.join('');
    assert.match(err, /--force/);
    assert.match(err, /3\s+Industry\s+Nope/);
    assert.ok(
      !readdirSync(join(emu.rootOf('flexible'), 'DataObjects/Import/New')).includes(
        'Account_bad.csv',
      ),
    );
  });

  it('with --force sends it, waits, and reports the failed rows as JSON (exit 1)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(
      args(
        'Account_bad.csv',
        '--force',
        '--wait',
        '--json',
        '--poll',
        '0.3',
        '--wait-timeout',
        '30',
      ),
      io,
    );
    assert.equal(code, 1, io.err.join(''));
    const json = JSON.parse(io.out.join('')) as {
      ok: boolean;
      files: {
        status: string;
        outcome: { errors: { row: number; column: string }[]; result: { rowsImported: number } };
      }[];
    };
    assert.equal(json.ok, false);
    const f = json.files[0]!;
    assert.equal(f.status, 'failed');
    assert.equal(f.outcome.result.rowsImported, 1);
    assert.deepEqual(
      f.outcome.errors.map((e) => [e.row, e.column]),
      [
        [3, 'Industry'],
        [3, 'Employees'],
      ],
    );
    assert.ok(
      readdirSync(join(emu.rootOf('flexible'), 'DataObjects/Import/Failed')).includes(
        'Account_bad.csv.errors.csv',
      ),
    );
  });

  it('prints the failed rows as a table in human mode', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(
      args(
        'Account_bad.csv',
        '--force',
        '--again',
        '--wait',
        '--poll',
        '0.3',
        '--wait-timeout',
        '30',
      ),
      io,
    );
    assert.equal(code, 1);
    const out = io.out.join('');
    assert.match(out, /Row\s+Column\s+Value\s+Problem/);
    assert.match(out, /3\s+Employees\s+many/);
    // How long the platform takes (the profile's cadence) and where its report is.
    assert.match(
      out,
      /looks for new files every hour, so this can take up to 1 hour; giving up after 30 s/,
    );
    // The second Account_bad.csv in Failed/ is renamed "Account_bad (2).csv" (contract §5.7).
    assert.match(
      out,
      /The platform's report is on the server at \/DataObjects\/Import\/Failed\/Account_bad \(2\)\.csv\.errors\.csv\./,
    );
  });

  it('a file-level problem is said once, with no empty table after it (exit 1)', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('Account_latin1.csv'), io);
    const err = io.err.join('');
    assert.equal(code, 1, err);
    assert.match(err, /not UTF-8/);
    assert.doesNotMatch(err, /Row\s+Column/);
  });

  it('after --wait, a file the platform refuses as a whole gets its sentence, no table (exit 1)', async () => {
    const io = memoryCliIo(env(), dir);
    // No --poll: the default schedule looks 1 s after the upload, then further apart.
    const code = await uploadCommand(
      args('Account_latin1.csv', '--force', '--wait', '--wait-timeout', '30'),
      io,
    );
    const out = io.out.join('');
    assert.equal(code, 1, out + io.err.join(''));
    assert.match(out, /Account_latin1\.csv: The file failed: .*UTF-8/);
    assert.doesNotMatch(out, /Row\s+Column/);
    assert.doesNotMatch(out, /^-\s/m);
    assert.match(
      out,
      /The platform's report is on the server at .*Account_latin1\.csv\.errors\.csv\./,
    );
  });

  it('warns before sending the same content to the same folder again', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('Account_good.csv'), io);
    assert.equal(code, 1);
    assert.match(io.err.join(''), /--again/);
  });

  it('names the valid objects when the file names an unknown one', async () => {
    const io = memoryCliIo(env(), dir);
    const code = await uploadCommand(args('accounts.csv', '--object', 'Widget'), io);
    assert.equal(code, 1);
    assert.match(io.err.join(''), /Valid objects: Account, Contact/);
  });

  it('says authentication failed with a wrong password (exit 3)', async () => {
    const io = memoryCliIo({ ...env(), SFTP_IMPORT_PASSWORD: 'wrong' }, dir);
    const code = await uploadCommand(args('accounts.csv', '--object', 'Account', '--again'), io);
    assert.equal(code, 3);
    assert.match(io.err.join(''), /Authentication failed/);
  });
});
