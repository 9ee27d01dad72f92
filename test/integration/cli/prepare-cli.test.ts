import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leadSchema } from '../../../core/schema/demo-schemas.ts';
import { encodeWindows1252 } from '../../../core/import/windows-1252.ts';
import { makeXlsx } from '../../unit/core/import/xlsx-fixture.ts';
import { runSftpImport, type CliRun } from '../../helpers/run-cli.ts';

let dir = '';

function runBin(args: string[]): Promise<CliRun> {
  return runSftpImport(args, dir);
}

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
const rows = 30_000;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-cli-'));
  writeFileSync(join(dir, 'Lead.schema.json'), JSON.stringify(leadSchema));
  // What Excel on Windows saves as "CSV" in Europe: Windows-1252, semicolons, CRLF, quotes
  const lines = ['Firma;Straße;Ort;E-mail;first name;Notiz'];
  for (let i = 1; i <= rows; i++) {
    lines.push(
      `"Müller & Söhne; Nr ${i}";${i} Hauptstraße;Köln;m${i}@example.com;Zoë;"sagt ""€${i}"""`,
    );
  }
  writeFileSync(join(dir, 'kunden.csv'), encodeWindows1252(lines.join('\r\n') + '\r\n'));
  writeFileSync(
    join(dir, 'leads.xlsx'),
    makeXlsx({
      Leads: [
        ['Company', 'Address', 'Value', 'FollowUp'],
        ['Acme, Inc.', '1 Main St', 1234.5, { date: 46387 }],
        ['Globex', '2 Main St', 7, null],
      ],
    }),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the sftp-import bin: prepare, end to end', () => {
  it('converts a 30,000-row Windows-1252 semicolon file into one validate accepts; FILE unchanged', async () => {
    const before = sha(join(dir, 'kunden.csv'));
    const r = await runBin([
      'prepare',
      'kunden.csv',
      '--schema',
      'Lead.schema.json',
      '--out',
      'out.csv',
      '--map',
      'Straße=Address',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as {
      out: string;
      detected: unknown;
      mapping: { from: string; to: string }[];
      ignoredColumns: string[];
      rows: number;
    };
    assert.deepEqual(j.detected, { format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    assert.deepEqual(j.mapping, [
      { from: 'Firma', to: 'Company' },
      { from: 'Straße', to: 'Address' },
      { from: 'Ort', to: 'City' },
      { from: 'E-mail', to: 'Email' },
      { from: 'first name', to: 'FirstName' },
    ]);
    assert.deepEqual(j.ignoredColumns, ['Notiz']);
    assert.equal(j.rows, rows);
    assert.equal(j.out, join(dir, 'out.csv'));
    assert.equal(sha(join(dir, 'kunden.csv')), before);
    const text = readFileSync(join(dir, 'out.csv'), 'utf8');
    assert.equal(
      text.slice(0, text.indexOf('\r\n', 40) + 2),
      'Company,FirstName,Email,Address,City\r\nMüller & Söhne; Nr 1,Zoë,m1@example.com,1 Hauptstraße,Köln\r\n',
    );
    const v = await runBin(['validate', 'out.csv', '--schema', 'Lead.schema.json', '--json']);
    assert.equal(v.code, 0, v.stdout);
    const vj = JSON.parse(v.stdout) as {
      rowsTotal: number;
      detected: unknown;
      columnSuggestions: unknown[];
    };
    assert.equal(vj.rowsTotal, rows);
    assert.deepEqual(vj.detected, { format: 'csv', encoding: 'utf-8', delimiter: ',' });
    assert.deepEqual(vj.columnSuggestions, []);
  });

  it('prints what it read and what it wrote for people', async () => {
    const r = await runBin([
      'prepare',
      'kunden.csv',
      '--schema',
      'Lead.schema.json',
      '--out',
      'h.csv',
      '--map',
      'Straße=Address',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Read kunden\.csv: Windows-1252, separated by semicolons\./);
    assert.match(r.stdout, /E-mail +→ Email +\(same name but for case, spaces or punctuation\)/);
    assert.match(r.stdout, /Notiz +not imported/);
    assert.match(r.stdout, /Wrote h\.csv: 30,000 rows, CSV UTF-8 with commas/);
  });

  it('loses no value of a row with too many, and keeps row numbers: validate names both rows', async () => {
    writeFileSync(
      join(dir, 'ragged.csv'),
      'Company;Address;City;FollowUp\r\nAcme;1 Main; Suite 4;Springfield;2026-12-31\r\n;;;\r\nBeta;2 Oak;X;someday\r\n',
    );
    const p = await runBin([
      'prepare',
      'ragged.csv',
      '--schema',
      'Lead.schema.json',
      '--out',
      'r.csv',
    ]);
    assert.equal(p.code, 0, p.stderr);
    assert.match(
      p.stdout,
      /1 row has more values than the header \(first: row 2\)\. Nothing was dropped/,
    );
    assert.match(p.stdout, /1 empty row \(no values at all\) is kept as an empty line/);
    assert.equal(
      readFileSync(join(dir, 'r.csv'), 'utf8'),
      'Company,Address,City,FollowUp\r\nAcme,1 Main, Suite 4,Springfield,2026-12-31\r\n\r\nBeta,2 Oak,X,someday\r\n',
    );
    const v = await runBin(['validate', 'r.csv', '--schema', 'Lead.schema.json', '--json']);
    assert.equal(v.code, 1);
    const j = JSON.parse(v.stdout) as {
      errors: { row: number; column: string; message: string }[];
    };
    assert.deepEqual(
      j.errors.map((e) => [e.row, e.column]),
      [
        [2, ''],
        [4, 'FollowUp'],
      ],
    );
    assert.match(j.errors[0]!.message, /5 values but the header has 4 columns/);
  });

  it('exits 1 naming the candidates when a required column has no match', async () => {
    const r = await runBin([
      'prepare',
      'kunden.csv',
      '--schema',
      'Lead.schema.json',
      '--out',
      'x.csv',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Address: maybe "Straße"/);
    assert.equal(r.stdout, '');
  });

  it('converts an .xlsx sheet, dates and numbers as the platform reads them', async () => {
    const r = await runBin([
      'prepare',
      'leads.xlsx',
      '--schema',
      'Lead.schema.json',
      '--out',
      'x.csv',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      readFileSync(join(dir, 'x.csv'), 'utf8'),
      'Company,Address,Value,FollowUp\r\n"Acme, Inc.",1 Main St,1234.5,2026-12-31\r\nGlobex,2 Main St,7,\r\n',
    );
    const v = await runBin(['validate', 'x.csv', '--schema', 'Lead.schema.json']);
    assert.equal(v.code, 0, v.stdout);
  });

  it('exits 2 on a usage error and 0 on --help', async () => {
    const a = await runBin(['prepare', 'kunden.csv', '--schema', 'Lead.schema.json']);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /No output given/);
    const h = await runBin(['prepare', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage: sftp-import prepare FILE/);
  });
});
