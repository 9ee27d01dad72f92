/**
 * The checking worker's import-assistant requests (renderer/workers/check-runner.ts, run
 * in-process): the first look at Windows-1252 / UTF-16 / semicolon / tab / .xlsx files, and the
 * check of the converted file, whose bytes (CSV UTF-8, commas, the template's names) are what the
 * upload sends.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWindows1252 } from '../../../../core/import/index.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import type {
  CheckRequest,
  CheckResponse,
  Prepare,
} from '../../../../renderer/workers/check-protocol.ts';
import { runCheckRequest } from '../../../../renderer/workers/check-runner.ts';
import { makeXlsx } from '../../core/import/xlsx-fixture.ts';

async function run(req: CheckRequest): Promise<Exclude<CheckResponse, { type: 'progress' }>> {
  const out: CheckResponse[] = [];
  await runCheckRequest(req, (m) => out.push(m));
  const last = out.at(-1);
  assert.ok(last && last.type !== 'progress');
  return last;
}

const inspected = async (file: Blob, extra: { delimiter?: string; sheet?: string } = {}) => {
  const m = await run({ type: 'inspect', file, ...extra });
  assert.equal(m.type, 'inspected', m.type === 'failed' ? m.message : '');
  return m.reading;
};

const check = async (file: Blob, prepare: Prepare) => {
  const m = await run({ type: 'check-csv', file, schema: leadSchema, mode: 'full', prepare });
  assert.equal(m.type, 'csv-done', m.type === 'failed' ? m.message : '');
  const done = m;
  assert.ok(done.converted, 'the converted file comes back');
  return {
    summary: done.summary,
    text: await done.converted.blob.text(),
    converted: done.converted,
  };
};

const latin = 'Société;Adresse;E-mail;first name\r\nCafé Noël;1 Rue Ève;noel@cafe.example;Zoë\r\n';

describe('the worker reads what people have', () => {
  it('Windows-1252 with semicolons: read, converted to CSV UTF-8 with commas, and checked', async () => {
    const file = new Blob([encodeWindows1252(latin) as BlobPart]);
    const r = await inspected(file);
    assert.equal(r.format, 'csv');
    assert.equal(r.format === 'csv' && r.encoding, 'windows-1252');
    assert.equal(r.format === 'csv' && r.delimiter, ';');
    assert.deepEqual(r.header, ['Société', 'Adresse', 'E-mail', 'first name']);
    assert.deepEqual(r.preview, [['Café Noël', '1 Rue Ève', 'noel@cafe.example', 'Zoë']]);

    const { summary, text } = await check(file, {
      source: { format: 'csv', encoding: 'windows-1252', delimiter: ';' },
      choices: [
        { from: 'Société', to: 'Company' },
        { from: 'Adresse', to: 'Address' },
        { from: 'E-mail', to: 'Email' },
        { from: 'first name', to: 'FirstName' },
      ],
    });
    // The template's order and names, commas, CRLF: what the platform reads (contract §5.1).
    assert.equal(
      text,
      'Company,FirstName,Email,Address\r\nCafé Noël,Zoë,noel@cafe.example,1 Rue Ève\r\n',
    );
    assert.equal(summary.rowsTotal, 1);
    assert.equal(summary.rowsInvalid, 0);
    assert.equal(summary.fileError, undefined);
  });

  it('the converted text is what is checked: a bad email in a renamed column is found', async () => {
    const file = new Blob(['Company\tAddress\tE-mail\nAcme\t1 Main St\tann@\n']);
    const r = await inspected(file);
    assert.equal(r.format === 'csv' && r.delimiter, '\t');
    const { summary } = await check(file, {
      source: { format: 'csv', encoding: 'utf-8', delimiter: '\t' },
      choices: [
        { from: 'Company', to: 'Company' },
        { from: 'Address', to: 'Address' },
        { from: 'E-mail', to: 'Email' },
      ],
    });
    assert.equal(summary.rowsInvalid, 1);
    assert.match(summary.errors[0]?.message ?? '', /ann@/);
  });

  it('UTF-16 with a BOM, and the separator the user chose over the detected one', async () => {
    const text = '\uFEFFCompany|Address|Note\r\nAcme|1 Main St|a;b\r\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) bytes[i * 2] = text.charCodeAt(i) & 0xff;
    for (let i = 0; i < text.length; i++) bytes[i * 2 + 1] = text.charCodeAt(i) >> 8;
    const file = new Blob([bytes]);
    const r = await inspected(file);
    assert.equal(r.format === 'csv' && r.encoding, 'utf-16le');
    assert.equal(r.format === 'csv' && r.delimiter, '|');
    const forced = await inspected(file, { delimiter: ';' });
    assert.equal(forced.delimiterDetected, false);
    assert.deepEqual(forced.header, ['Company|Address|Note']);
    const { text: out } = await check(file, {
      source: { format: 'csv', encoding: 'utf-16le', delimiter: '|' },
      choices: [
        { from: 'Company', to: 'Company' },
        { from: 'Address', to: 'Address' },
        { from: 'Note', to: '' },
      ],
    });
    assert.equal(out, 'Company,Address\r\nAcme,1 Main St\r\n');
  });

  it('an .xlsx with two sheets: both named, the chosen one converted', async () => {
    const book = makeXlsx({
      Notes: [['nothing here']],
      Leads: [
        ['Company name', 'Street', 'Follow-up'],
        ['Acme, Inc.', '1 Main St', { date: 46387 }],
        [null, null, null],
        ['Birch', '2 Oak Ave', null],
      ],
    });
    const file = new Blob([book as BlobPart]);
    const first = await inspected(file);
    assert.equal(first.format, 'xlsx');
    assert.deepEqual(first.sheets, ['Notes', 'Leads']);
    assert.equal(first.format === 'xlsx' && first.sheet, 'Notes');
    const leads = await inspected(file, { sheet: 'Leads' });
    assert.deepEqual(leads.header, ['Company name', 'Street', 'Follow-up']);
    assert.equal(leads.preview.length, 2, 'the empty row is not a record');
    const { text, summary } = await check(file, {
      source: { format: 'xlsx', sheet: 'Leads' },
      choices: [
        { from: 'Company name', to: 'Company' },
        { from: 'Street', to: 'Address' },
        { from: 'Follow-up', to: 'FollowUp' },
      ],
    });
    // The empty row stays an empty line, so Birch is row 4 as in the sheet.
    assert.equal(
      text,
      'Company,Address,FollowUp\r\n"Acme, Inc.",1 Main St,2026-12-31\r\n\r\nBirch,2 Oak Ave,\r\n',
    );
    assert.equal(summary.rowsValid, 2);
    assert.ok(summary.warnings.includes('1 empty row (no values at all) was skipped.'));
  });

  it('says what a file is when it is neither text nor a workbook, and what to do', async () => {
    const m = await run({ type: 'inspect', file: new Blob([new Uint8Array([0x1f, 0x8b, 8, 0])]) });
    assert.equal(m.type, 'failed');
    assert.match(m.type === 'failed' ? m.message : '', /Extract the CSV/);
  });

  it('a quote never closed fails the conversion with the row', async () => {
    const file = new Blob(['Company;Address\nAcme;"1 Main St\n']);
    const m = await run({
      type: 'check-csv',
      file,
      schema: leadSchema,
      mode: 'full',
      prepare: {
        source: { format: 'csv', encoding: 'utf-8', delimiter: ';' },
        choices: [
          { from: 'Company', to: 'Company' },
          { from: 'Address', to: 'Address' },
        ],
      },
    });
    assert.equal(m.type, 'failed');
    assert.match(m.type === 'failed' ? m.message : '', /Row 2/);
  });

  it('offers column fixes from the first rows and applies the chosen ones while converting', async () => {
    const file = new Blob([
      'Company;Address;Value;FollowUp\n' +
        'Acme;1 Main St;"1.234,50 €";31/12/2026\n' +
        'Birch;2 Oak Ave;"12,00";15.01.2026\n',
    ]);
    const prepare: Prepare = {
      source: { format: 'csv', encoding: 'utf-8', delimiter: ';' },
      choices: [
        { from: 'Company', to: 'Company' },
        { from: 'Address', to: 'Address' },
        { from: 'Value', to: 'Value' },
        { from: 'FollowUp', to: 'FollowUp' },
      ],
    };
    const m = await run({ type: 'suggest', file, schema: leadSchema, prepare });
    assert.equal(m.type, 'suggested');
    const columns = m.type === 'suggested' ? m.columns : [];
    assert.deepEqual(
      columns.map((c) => [c.column, c.suggestions.map((s) => [s.kind, s.fixes])]),
      [
        ['Value', [['number', 2]]],
        ['FollowUp', [['date', 2]]],
      ],
    );
    const before = await check(file, prepare);
    assert.equal(before.summary.rowsInvalid, 2);
    const fixes = columns.map((c) => ({
      column: c.column,
      kind: c.suggestions[0]!.kind,
      options: c.suggestions[0]!.options,
    }));
    const after = await check(file, { ...prepare, fixes });
    assert.equal(after.summary.rowsInvalid, 0);
    assert.equal(
      after.text,
      'Company,Address,Value,FollowUp\r\nAcme,1 Main St,1234.50,2026-12-31\r\nBirch,2 Oak Ave,12.00,2026-01-15\r\n',
    );
  });

  it('a row with more values than the header keeps them all, and the check names it', async () => {
    const file = new Blob([
      'Company;Address;City\nAcme;1 Main; Suite 4;Springfield\nBeta;2 Oak;X\n',
    ]);
    const { summary, text, converted } = await check(file, {
      source: { format: 'csv', encoding: 'utf-8', delimiter: ';' },
      choices: [
        { from: 'Company', to: 'Company' },
        { from: 'Address', to: 'Address' },
        { from: 'City', to: 'City' },
      ],
    });
    assert.equal(
      text,
      'Company,Address,City\r\nAcme,1 Main, Suite 4,Springfield\r\nBeta,2 Oak,X\r\n',
    );
    assert.equal(converted.longRows, 1);
    assert.equal(summary.valid, false);
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.code]),
      [[2, 'ragged-row']],
    );
  });

  it("the conversion's warnings join the check's, and row numbers stay the file's", async () => {
    const file = new Blob([
      encodeWindows1252(
        'Société;Adresse;Shoe size;FollowUp\r\n;;;\r\nCafé;1 Rue;42;\r\n\r\nNoël;2 Rue;41;someday\r\nÈve\r\n',
      ) as BlobPart,
    ]);
    const { summary } = await check(file, {
      source: { format: 'csv', encoding: 'windows-1252', delimiter: ';' },
      choices: [
        { from: 'Société', to: 'Company' },
        { from: 'Adresse', to: 'Address' },
        { from: 'Shoe size', to: '' },
        { from: 'FollowUp', to: 'FollowUp' },
      ],
    });
    assert.deepEqual(summary.warnings, [
      'Read as Windows-1252 and sent as UTF-8.',
      'Column “Shoe size” is not imported.',
      '1 row had fewer values than the header (first: row 6); the missing values were left empty.',
      '2 empty rows (no values at all) were skipped.',
    ]);
    // Row 5 of the file (after two empty rows) is reported as row 5; Ève's missing Address too.
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.column]),
      [
        [5, 'FollowUp'],
        [6, 'Address'],
      ],
    );
  });

  it('a converted file of many chunks is its text in UTF-8 byte for byte (1 to 4 bytes a character)', async () => {
    // Over a megabyte of ';'-separated UTF-8 in many parts (a stream gives one chunk a part), so
    // the conversion gives many pieces of text, each encoded through one reused buffer: every
    // piece must keep its own bytes.
    const names = ['Acme', 'Café Noël', '€uro ™ “Ltd”', 'Tōkyō 東京', 'Fun 😀 Co', 'x'.repeat(300)];
    const input = ['Company;Address\r\n'];
    let expected = 'Company,Address\r\n';
    for (let i = 0; i < 20_000; i++) {
      const name = `${names[i % names.length]!} ${i}`;
      input.push(`${name};${i} Main St\r\n`);
      expected += `${name},${i} Main St\r\n`;
    }
    const parts: string[] = [];
    for (let i = 0; i < input.length; i += 997) parts.push(input.slice(i, i + 997).join(''));
    const file = new Blob(parts);
    assert.ok(file.size > 1024 * 1024 && parts.length > 20);
    const { text, summary, converted } = await check(file, {
      source: { format: 'csv', encoding: 'utf-8', delimiter: ';' },
      choices: [
        { from: 'Company', to: 'Company' },
        { from: 'Address', to: 'Address' },
      ],
    });
    assert.equal(text, expected);
    assert.deepEqual(
      new Uint8Array(await converted.blob.arrayBuffer()),
      new TextEncoder().encode(expected),
    );
    assert.equal(summary.rowsTotal, 20_000);
    assert.equal(summary.fileError, undefined);
  });

  it('valid rows apart: the empty lines kept for numbering are in neither part', async () => {
    const file = new Blob(['Company;Address\nAcme;1 Main\n\nBeta;\n']);
    const m = await run({
      type: 'split',
      file,
      schema: leadSchema,
      mode: 'full',
      prepare: {
        source: { format: 'csv', encoding: 'utf-8', delimiter: ';' },
        choices: [
          { from: 'Company', to: 'Company' },
          { from: 'Address', to: 'Address' },
        ],
      },
    });
    assert.equal(m.type, 'split-done', m.type === 'failed' ? m.message : '');
    const split = m.type === 'split-done' ? m.split : undefined;
    assert.ok(split);
    assert.deepEqual([split.validRows, split.invalidRows], [1, 1]);
    assert.equal(await split.valid.text(), 'Company,Address\r\nAcme,1 Main\r\n');
    assert.equal(await split.invalid.text(), 'Company,Address\r\nBeta,\r\n');
  });
});
