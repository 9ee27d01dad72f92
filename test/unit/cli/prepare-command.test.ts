import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { parsePrepareArgs, prepareCommand } from '../../../cli/prepare-command.ts';
import { leadSchema } from '../../../core/schema/demo-schemas.ts';
import { encodeWindows1252 } from '../../../core/import/windows-1252.ts';
import { makeXlsx } from '../core/import/xlsx-fixture.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'prepare-cmd-'));
  writeFileSync(join(dir, 'Lead.schema.json'), JSON.stringify(leadSchema));
  writeFileSync(join(dir, 'Lead.csv'), 'Company,Address,Email\r\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('parsePrepareArgs', () => {
  it('reads every flag, --map repeated', () => {
    assert.deepEqual(
      parsePrepareArgs([
        'in.csv',
        '--schema',
        'S.json',
        '--out=out.csv',
        '--map',
        'Firma=Company',
        '--map',
        'Notes=',
        '--sheet',
        'Leads',
        '--delimiter',
        'tab',
        '--json',
      ]),
      {
        file: 'in.csv',
        schema: 'S.json',
        out: 'out.csv',
        map: [
          { from: 'Firma', to: 'Company' },
          { from: 'Notes', to: '' },
        ],
        sheet: 'Leads',
        delimiter: '\t',
        json: true,
      },
    );
  });
  it('says what is wrong with the command line', () => {
    const err = (a: string[]): string => {
      const r = parsePrepareArgs(a);
      assert.ok('error' in r, JSON.stringify(r));
      return r.error;
    };
    assert.match(err(['--schema', 'S', '--out', 'o']), /No file given/);
    assert.match(err(['f', '--out', 'o']), /No template given/);
    assert.match(err(['f', '--schema', 'S']), /No output given/);
    assert.match(
      err(['f', '--schema', 'S', '--out', 'o', '--map', 'Company']),
      /--map takes 'From=To'/,
    );
    assert.match(
      err(['f', '--schema', 'S', '--out', 'o', '--delimiter', 'x']),
      /one of , ; tab \|/,
    );
    assert.match(
      err(['f', '--schema', 'S', '--out', 'o', '--colour']),
      /Unknown option "--colour"/,
    );
    assert.match(err(['a', 'b', '--schema', 'S', '--out', 'o']), /Give one file/);
    assert.deepEqual(parsePrepareArgs(['--help']), { help: true });
  });
});

describe('prepareCommand', () => {
  it('converts a Windows-1252 semicolon file and leaves it unchanged', async () => {
    const input = encodeWindows1252('Firma;Street;E-mail;Notes\r\nCafé Zoë;1 Rue;a@b.com;x\r\n');
    writeFileSync(join(dir, 'in.csv'), input);
    const io = memoryCliIo({}, dir);
    const code = await prepareCommand(
      ['in.csv', '--schema', 'Lead.schema.json', '--out', 'out.csv', '--json'],
      io,
    );
    assert.equal(code, 0, io.err.join(''));
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'in.csv'))), input);
    assert.equal(
      readFileSync(join(dir, 'out.csv'), 'utf8'),
      'Company,Email,Address\r\nCafé Zoë,a@b.com,1 Rue\r\n',
    );
    const j = JSON.parse(io.out.join('')) as Record<string, unknown>;
    assert.deepEqual(j.detected, { format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    assert.deepEqual(j.mapping, [
      { from: 'Firma', to: 'Company' },
      { from: 'Street', to: 'Address' },
      { from: 'E-mail', to: 'Email' },
    ]);
    assert.deepEqual(j.ignoredColumns, ['Notes']);
    assert.equal(j.rows, 1);
    assert.equal(j.out, join(dir, 'out.csv'));
  });

  it("converts Excel's Unicode Text (UTF-16 LE, tabs) and says an empty file is empty", async () => {
    const text = '\uFEFFCompany\tAddress\tNote\r\nZoë & Co\t1 Rue\t\r\n\r\n';
    writeFileSync(join(dir, 'unicode.txt'), Buffer.from(text, 'utf16le'));
    const io = memoryCliIo({}, dir);
    const code = await prepareCommand(
      ['unicode.txt', '--schema', 'Lead.schema.json', '--out', 'u.csv', '--json'],
      io,
    );
    assert.equal(code, 0, io.err.join(''));
    assert.equal(readFileSync(join(dir, 'u.csv'), 'utf8'), 'Company,Address\r\nZoë & Co,1 Rue\r\n');
    const j = JSON.parse(io.out.join('')) as { detected: unknown; warnings: string[] };
    assert.deepEqual(j.detected, { format: 'csv', encoding: 'utf-16le', delimiter: '\t' });
    assert.deepEqual(j.warnings, [], 'the empty row at the end holds and numbers nothing');
    writeFileSync(join(dir, 'empty.csv'), '');
    const io2 = memoryCliIo({}, dir);
    assert.equal(
      await prepareCommand(['empty.csv', '--schema', 'Lead.schema.json', '--out', 'e.csv'], io2),
      1,
    );
    assert.match(io2.err.join(''), /is empty/);
  });

  it('reads a header-only .csv template too', async () => {
    writeFileSync(join(dir, 'in2.csv'), 'company,ADDRESS\nA,B\n');
    const io = memoryCliIo({}, dir);
    const code = await prepareCommand(['in2.csv', '--schema', 'Lead.csv', '--out', 'out2.csv'], io);
    assert.equal(code, 0, io.err.join(''));
    assert.equal(readFileSync(join(dir, 'out2.csv'), 'utf8'), 'Company,Address\r\nA,B\r\n');
    assert.match(io.out.join(''), /Read in2\.csv: UTF-8, separated by commas\./);
  });

  it('exits 1 naming the candidates when a required column has no match, writing nothing', async () => {
    writeFileSync(join(dir, 'in3.csv'), 'Biz name,Where\nA,B\n');
    const io = memoryCliIo({}, dir);
    const code = await prepareCommand(
      ['in3.csv', '--schema', 'Lead.schema.json', '--out', 'out3.csv'],
      io,
    );
    assert.equal(code, 1);
    const err = io.err.join('');
    assert.match(err, /Company: maybe "Biz name" or "Where"/);
    assert.match(err, /--map 'Biz name=Company'/);
    assert.equal(existsSync(join(dir, 'out3.csv')), false);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.part')),
      [],
    );
  });

  it('refuses to write over the input file', async () => {
    writeFileSync(join(dir, 'same.csv'), 'Company,Address\nA,B\n');
    const io = memoryCliIo({}, dir);
    const code = await prepareCommand(
      ['same.csv', '--schema', 'Lead.schema.json', '--out', 'same.csv'],
      io,
    );
    assert.equal(code, 2);
    assert.match(io.err.join(''), /never changes/);
    assert.equal(readFileSync(join(dir, 'same.csv'), 'utf8'), 'Company,Address\nA,B\n');
  });

  it('asks for --sheet when the workbook has several, then reads the one named', async () => {
    writeFileSync(
      join(dir, 'book.xlsx'),
      makeXlsx({
        Notes: [['x']],
        Leads: [
          ['Company name', 'Address', 'FollowUp'],
          ['Acme', '1 Main', { date: 46387 }],
        ],
      }),
    );
    const io = memoryCliIo({}, dir);
    assert.equal(
      await prepareCommand(['book.xlsx', '--schema', 'Lead.schema.json', '--out', 'b.csv'], io),
      2,
    );
    assert.match(io.err.join(''), /2 sheets: "Notes", "Leads"\. Choose one with --sheet NAME/);
    const io2 = memoryCliIo({}, dir);
    const code = await prepareCommand(
      ['book.xlsx', '--schema', 'Lead.schema.json', '--out', 'b.csv', '--sheet', 'Leads', '--json'],
      io2,
    );
    assert.equal(code, 0, io2.err.join(''));
    assert.equal(
      readFileSync(join(dir, 'b.csv'), 'utf8'),
      'Company,Address,FollowUp\r\nAcme,1 Main,2026-12-31\r\n',
    );
    const j = JSON.parse(io2.out.join('')) as { detected: unknown };
    assert.deepEqual(j.detected, {
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheet: 'Leads',
    });
  });

  it('reports a --map naming a column the file lacks as a usage error', async () => {
    writeFileSync(join(dir, 'in4.csv'), 'Company,Address\nA,B\n');
    const io = memoryCliIo({}, dir);
    const code = await prepareCommand(
      ['in4.csv', '--schema', 'Lead.schema.json', '--out', 'o4.csv', '--map', 'Firm=Company'],
      io,
    );
    assert.equal(code, 2);
    assert.match(io.err.join(''), /no column "Firm"/);
  });
});
