import { after, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { problemTable, uploadCommand } from '../../../cli/upload-command.ts';
import { checkRemoteName, partNameFor } from '../../../engine/uploads.ts';

describe('remote names (contract §4)', () => {
  it('uploads to .<name>.part', () => {
    assert.equal(partNameFor('x.csv'), '.x.csv.part');
  });
  it('refuses names the platform never processes or that escape the folder', () => {
    for (const bad of [
      '',
      '.x.csv',
      'x.part',
      'X.PART',
      'a/b.csv',
      'a\\b.csv',
      'a\nb.csv',
      'x'.repeat(201),
    ]) {
      assert.ok(checkRemoteName(bad), bad);
    }
    assert.equal(checkRemoteName('Account_2026 march.csv'), undefined);
  });
});

describe('sftp-import upload usage errors (exit 2, no network)', () => {
  // The files exist, so each refusal is about the name or a flag, not "No file at".
  const cwd = mkdtempSync(join(tmpdir(), 'sia-names-'));
  for (const name of ['a.csv', 'accounts.csv', 'a.exe', 'regions.kml']) {
    writeFileSync(join(cwd, name), 'x\r\n');
  }
  after(() => rmSync(cwd, { recursive: true, force: true }));
  const run = async (args: string[]) => {
    const io = memoryCliIo({}, cwd);
    const code = await uploadCommand(args, io);
    return { code, err: io.err.join('') };
  };
  const base = ['--host', 'h.invalid', '--user', 'u'];

  it('refuses a password argument and says why', async () => {
    const r = await run(['a.csv', ...base, '--profile', 'classic', '--password', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.err, /command lines/);
    assert.match(r.err, /SFTP_IMPORT_PASSWORD/);
  });
  it('needs a file, a host, a user and a known profile', async () => {
    assert.equal((await run(['--host', 'h', '--user', 'u', '--profile', 'classic'])).code, 2);
    assert.equal((await run(['a.csv', '--user', 'u', '--profile', 'classic'])).code, 2);
    assert.match((await run(['a.csv', ...base, '--profile', 'nope'])).err, /Unknown profile/);
    assert.match((await run(['a.csv', ...base, '--profile', 'pull'])).err, /nothing to upload/);
  });
  it('checks the host key flag format', async () => {
    assert.match(
      (await run(['a.csv', ...base, '--profile', 'classic', '--host-key', 'abc'])).err,
      /SHA256:/,
    );
  });
  it('requires flexible file names to start with <Object>_ unless --object is given', async () => {
    const r = await run(['accounts.csv', ...base, '--profile', 'flexible']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--object/);
  });
  it('refuses an extension the profile does not accept, listing what it does', async () => {
    const r = await run(['a.exe', ...base, '--profile', 'space']);
    assert.equal(r.code, 2);
    assert.match(r.err, /\.csv/);
  });
  it('checks territory file names', async () => {
    assert.match(
      (await run(['regions.kml', ...base, '--profile', 'classic'])).err,
      /territory level/,
    );
  });
});

describe('failed rows in the terminal', () => {
  it('prints failed rows as an aligned table', () => {
    const t = problemTable([{ row: 3, column: 'Email', value: 'x\ny', message: 'not an email' }]);
    assert.equal(t.split('\n').length, 3);
    assert.match(t, /^Row\s+Column\s+Value\s+Problem/);
    assert.match(t, /3\s+Email\s+x y\s+not an email/);
  });
});
