import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountSchema, leadSchema } from '../../../core/schema/demo-schemas.ts';
import { encodeWindows1252 } from '../../../core/import/windows-1252.ts';
import { makeXlsx } from '../../unit/core/import/xlsx-fixture.ts';
import { runSftpImport, type CliRun } from '../../helpers/run-cli.ts';

let dir = '';

function runBin(args: string[]): Promise<CliRun> {
  return runSftpImport(args, dir);
}

/** Writes an Account file of `rows` rows; every 1,000th row has a bad Employees value. */
async function writeAccounts(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('Name,Industry,Employees,Website,ExternalDataObjectId\r\n');
  for (let i = 1; i <= rows; i++) {
    const line = `"Acme, ${i}",retail,${i % 1000 === 0 ? 'many' : i},https://a${i}.example.com,A${i}\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'validate-cli-'));
  writeFileSync(join(dir, 'Account.schema.json'), JSON.stringify(accountSchema));
  await writeAccounts(join(dir, 'Account_big.csv'), 25_001);
  writeFileSync(join(dir, 'Account_ok.csv'), 'Name,Employees\nAcme,12\n');
  writeFileSync(join(dir, 'Lead.schema.json'), JSON.stringify(leadSchema));
  writeFileSync(join(dir, 'semi.csv'), 'Company;Address;E-mail\r\nAcme;1 Main St;a@b.com\r\n');
  writeFileSync(
    join(dir, 'names.csv'),
    'Company,Address,E-mail,first name\r\nAcme,1 Main St,a@b.com,Ann\r\n',
  );
  // more fields by semicolons than by commas, but only the commas give template columns
  writeFileSync(join(dir, 'tags.csv'), 'Company,Address,Tags;a;b;c\r\nA,1 Main,w;x;y;z\r\n');
  writeFileSync(join(dir, 'cp1252.csv'), encodeWindows1252('Company,Address\r\nCafé,1 Rue\r\n'));
  writeFileSync(join(dir, 'book.csv'), makeXlsx({ S: [['Company', 'Address']] }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the sftp-import bin: validate, end to end', () => {
  it('validates a generated 25,001-row file: 3 packages, the bad rows reported, exit 1', async () => {
    const r = await runBin([
      'validate',
      'Account_big.csv',
      '--schema',
      'Account.schema.json',
      '--json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as {
      valid: boolean;
      rowsTotal: number;
      rowsInvalid: number;
      packages: number;
      errors: { row: number; column: string; value: string }[];
    };
    assert.equal(j.valid, false);
    assert.equal(j.rowsTotal, 25_001);
    assert.equal(j.rowsInvalid, 25);
    assert.equal(j.packages, 3);
    assert.deepEqual(j.errors[0], {
      row: 1001,
      column: 'Employees',
      value: 'many',
      message: '"many" is not a whole number. Use digits only, like 250.',
    });
  });

  it('exits 0 on a valid file with a short human verdict', async () => {
    const r = await runBin(['validate', 'Account_ok.csv', '--schema', 'Account.schema.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^OK: Account_ok\.csv is ready to import/);
  });

  it('exits 2 on a usage error', async () => {
    const r = await runBin(['validate', 'Account_ok.csv']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No template given/);
  });

  it('names a semicolon file a separator problem, not missing columns (issue 12)', async () => {
    const r = await runBin(['validate', 'semi.csv', '--schema', 'Lead.schema.json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /separated by semicolons; the platform wants commas — `sftp-import prepare` converts it/,
    );
    assert.doesNotMatch(r.stdout, /no .*Company/);
    assert.match(
      r.stdout,
      /What to do: convert it with `sftp-import prepare semi\.csv --schema Lead\.schema\.json --out semi-converted\.csv`, then run validate on semi-converted\.csv\.\n$/,
    );
    const j = await runBin(['validate', 'semi.csv', '--schema', 'Lead.schema.json', '--json']);
    const out = JSON.parse(j.stdout) as {
      rowsTotal: number;
      rowsInvalid: number;
      valid: boolean;
      fileError: { code: string };
      detected: unknown;
      columnSuggestions: unknown;
    };
    assert.equal(out.valid, false);
    assert.equal(out.fileError.code, 'wrong-separator');
    // As the platform counts it: its header fails, so no row is read (docs/drop-folder-contract.md)
    assert.deepEqual([out.rowsTotal, out.rowsInvalid], [0, 0]);
    assert.deepEqual(out.detected, { format: 'csv', encoding: 'utf-8', delimiter: ';' });
    assert.deepEqual(out.columnSuggestions, [{ from: 'E-mail', to: 'Email' }]);
  });

  it('says which columns look like template columns the platform would ignore', async () => {
    const r = await runBin(['validate', 'names.csv', '--schema', 'Lead.schema.json', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { columnSuggestions: unknown; warnings: string[] };
    assert.deepEqual(out.columnSuggestions, [
      { from: 'E-mail', to: 'Email' },
      { from: 'first name', to: 'FirstName' },
    ]);
    assert.ok(out.warnings.some((w) => w.includes('"E-mail" looks like "Email"')));
    const h = await runBin(['validate', 'names.csv', '--schema', 'Lead.schema.json']);
    assert.match(h.stdout, /2 columns that look like template columns would not be imported/);
  });

  it('names a workbook saved as .csv as a workbook, and points a Windows-1252 file to prepare', async () => {
    const b = await runBin(['validate', 'book.csv', '--schema', 'Lead.schema.json', '--json']);
    assert.equal(b.code, 1);
    const out = JSON.parse(b.stdout) as {
      fileError: { code: string; message: string };
      detected: unknown;
    };
    assert.equal(out.fileError.code, 'not-csv');
    assert.match(out.fileError.message, /Excel workbook \(\.xlsx\)/);
    assert.deepEqual(out.detected, { format: 'xlsx', encoding: null, delimiter: null });
    const w = await runBin(['validate', 'cp1252.csv', '--schema', 'Lead.schema.json', '--json']);
    assert.equal(w.code, 1);
    const wo = JSON.parse(w.stdout) as {
      fileError: { code: string; message: string };
      detected: unknown;
    };
    assert.equal(wo.fileError.code, 'not-utf8');
    assert.match(wo.fileError.message, /sftp-import prepare/);
    assert.deepEqual(wo.detected, { format: 'csv', encoding: 'windows-1252', delimiter: ',' });
  });

  it('keeps the platform reading when the header pairs as well with commas (semicolons in values)', async () => {
    const r = await runBin(['validate', 'tags.csv', '--schema', 'Lead.schema.json', '--json']);
    assert.equal(r.code, 0, r.stdout);
    const out = JSON.parse(r.stdout) as { valid: boolean; detected: { delimiter: string } };
    assert.equal(out.valid, true);
    assert.equal(out.detected.delimiter, ',');
  });
});
