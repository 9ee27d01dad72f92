import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import {
  columnIndex,
  dateKind,
  headerFirst,
  numberText,
  openWorkbook,
  rootPrefix,
  serialToText,
  xmlText,
} from '../../../../core/import/xlsx.ts';
import { detectFormat } from '../../../../core/import/detect-format.ts';
import { createRecordWriter } from '../../../../core/import/convert.ts';
import { preparePlan } from '../../../../core/import/prepare-plan.ts';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import {
  namespacePrefixed,
  workbookPart,
  writeWorkbook,
  type BookCell,
} from '../../../helpers/xlsx-workbooks.ts';

const utc = (...a: [number, number, number, number?, number?, number?]): Date =>
  new Date(Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0));

/** Every sheet of a workbook as read, by name (fails the test on a refusal). */
function readAll(bytes: Uint8Array): Record<string, string[][]> {
  const book = openWorkbook(bytes);
  assert.ok(book.ok, book.ok ? '' : book.message);
  const out: Record<string, string[][]> = {};
  for (const name of book.value.sheets) {
    const rows = book.value.readSheet(name);
    assert.ok(rows.ok, rows.ok ? '' : rows.message);
    out[name] = rows.value;
  }
  return out;
}

/** Cells every writer variant below can make, and how the reader must give them back. */
const leads: BookCell[][] = [
  ['Company', 'Revenue', 'Active', 'FollowUp', 'Phone', 'Note', 'Total'],
  [
    'Café & Co <1>',
    1234.5,
    true,
    utc(2026, 12, 31),
    4155550100,
    'line1\nline2',
    { formula: 'B2*2', result: 2469 },
  ],
  ['  spaced  ', 0.1 + 0.2, false, null, -42, { rich: ['Ri', 'ch ', 'text'] }, { error: '#N/A' }],
  [],
  [null, null, null, null, null, 'after a blank row and blank cells'],
  ['Ünïcödé 😀 "quoted"', -0.000125, null, utc(1999, 1, 1), 0, { formula: 'A5', result: 'x' }],
];
const leadsRead = [
  ['Company', 'Revenue', 'Active', 'FollowUp', 'Phone', 'Note', 'Total'],
  ['Café & Co <1>', '1234.5', 'true', '2026-12-31', '4155550100', 'line1\nline2', '2469'],
  ['  spaced  ', '0.3', 'false', '', '-42', 'Rich text', '#N/A'],
  ['', '', '', '', '', '', ''],
  ['', '', '', '', '', 'after a blank row and blank cells', ''],
  ['Ünïcödé 😀 "quoted"', '-0.000125', '', '1999-01-01', '0', 'x', ''],
];
/** A second sheet, so the sheet list and the choice of sheet are exercised. */
const other: BookCell[][] = [['Name'], ['Second sheet']];

describe('openWorkbook on workbooks written by exceljs', () => {
  it('reads shared strings, rich text, numbers, booleans, formulas, errors and dates', async () => {
    const bytes = await writeWorkbook({ Leads: leads, Other: other });
    // what exceljs wrote: shared strings (rich text among them) and date styles
    assert.match(workbookPart(bytes, 'xl/worksheets/sheet1.xml')!, /<c r="A1" t="s">/);
    assert.match(workbookPart(bytes, 'xl/sharedStrings.xml')!, /<si><r>/);
    assert.deepEqual(detectFormat(bytes), { format: 'xlsx' });
    assert.deepEqual(readAll(bytes), { Leads: leadsRead, Other: [['Name'], ['Second sheet']] });
  });

  it('reads inline strings and plain string cells (no shared strings table)', async () => {
    const bytes = await writeWorkbook({ Leads: leads, Other: other }, { sharedStrings: false });
    const sheet = workbookPart(bytes, 'xl/worksheets/sheet1.xml')!;
    assert.equal(workbookPart(bytes, 'xl/sharedStrings.xml'), undefined);
    assert.match(sheet, /<c r="A1" t="str"><v>Company<\/v>/);
    assert.match(sheet, /<c r="F3" t="inlineStr"><is><r>/);
    assert.deepEqual(readAll(bytes), { Leads: leadsRead, Other: [['Name'], ['Second sheet']] });
  });

  it('reads dates, date-times and times in their number formats', async () => {
    const bytes = await writeWorkbook({
      Dates: [
        ['Day', 'Met', 'At', 'US day'],
        [
          utc(2025, 1, 1),
          { date: utc(2026, 12, 31, 12, 30), format: 'dd/mm/yyyy hh:mm' },
          { date: utc(1899, 12, 30, 6, 0, 5), format: 'h:mm:ss' },
          { date: utc(2024, 2, 29), format: 'm/d/yy' },
        ],
        [{ date: utc(2026, 3, 1), format: 'dd/mm/yyyy hh:mm' }, 45658, 0.25, 'text'],
      ],
    });
    assert.deepEqual(readAll(bytes).Dates, [
      ['Day', 'Met', 'At', 'US day'],
      ['2025-01-01', '2026-12-31 12:30:00', '06:00:05', '2024-02-29'],
      // a midnight date-time is the day alone; numbers without a date format stay numbers
      ['2026-03-01', '45658', '0.25', 'text'],
    ]);
  });

  it('reads 1904-based dates', async () => {
    const bytes = await writeWorkbook(
      { S: [['D'], [utc(1904, 1, 1)], [utc(2026, 12, 31)]] },
      {
        date1904: true,
      },
    );
    assert.match(workbookPart(bytes, 'xl/workbook.xml')!, /date1904="1"/);
    assert.match(workbookPart(bytes, 'xl/worksheets/sheet1.xml')!, /<v>0<\/v>/);
    assert.deepEqual(readAll(bytes).S, [['D'], ['1904-01-01'], ['2026-12-31']]);
  });

  for (const [variant, sharedStrings] of [
    ['shared strings', true],
    ['inline strings', false],
  ] as const) {
    it(`reads a workbook whose elements are namespace-prefixed (.NET writers), ${variant}`, async () => {
      const plain = await writeWorkbook({ Leads: leads, Other: other }, { sharedStrings });
      const bytes = namespacePrefixed(plain);
      const sheet = workbookPart(bytes, 'xl/worksheets/sheet1.xml')!;
      // every element is prefixed: rows, cells, values, inline strings, sheets, relationships
      assert.match(sheet, /<x:worksheet xmlns:x="[^"]+"/);
      assert.match(sheet, /<x:row r="1"[^>]*><x:c r="A1" t="(s|str)"><x:v>/);
      assert.doesNotMatch(sheet, /<(row|c|v|is|t)[\s>]/);
      assert.match(workbookPart(bytes, 'xl/workbook.xml')!, /<x:sheets><x:sheet /);
      assert.match(workbookPart(bytes, 'xl/_rels/workbook.xml.rels')!, /<x:Relationship /);
      if (sharedStrings) assert.match(workbookPart(bytes, 'xl/sharedStrings.xml')!, /<x:si><x:t>/);
      else assert.match(sheet, /<x:is><x:r>/);
      assert.deepEqual(readAll(bytes), { Leads: leadsRead, Other: [['Name'], ['Second sheet']] });
    });
  }

  it('reads prefixed dates and styles, whatever the prefix', async () => {
    const bytes = namespacePrefixed(
      await writeWorkbook(
        { S: [['When'], [{ date: utc(2026, 12, 31, 8), format: 'yyyy-mm-dd hh:mm' }]] },
        { date1904: true },
      ),
      'ss.main',
    );
    assert.match(workbookPart(bytes, 'xl/styles.xml')!, /<ss\.main:cellXfs/);
    assert.match(workbookPart(bytes, 'xl/workbook.xml')!, /<ss\.main:workbookPr [^>]*date1904/);
    assert.deepEqual(readAll(bytes).S, [['When'], ['2026-12-31 08:00:00']]);
  });

  it('names the sheets when asked for one that is not there', async () => {
    const book = openWorkbook(await writeWorkbook({ A: [['x']], B: [['y']] }));
    assert.ok(book.ok);
    const r = book.value.readSheet('C');
    assert.ok(!r.ok);
    assert.match(r.message, /no sheet "C".*A, B/);
  });

  // Written by hand: no library writes single-quoted attributes, spaces around `=`, an absolute
  // relationship target or a phonetic hint (<rPh>), yet all are valid and Excel-made files have them.
  it('reads attributes in other spellings, rich text and a sheet in another folder', () => {
    const u = strToU8;
    const bytes = zipSync({
      'xl/workbook.xml': u(
        `<workbook xmlns:r="r"><sheets><sheet name='Odd &amp; Co' sheetId="1" r:id='rId7'/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': u(
        `<Relationships><Relationship Id="rId7" Target="/xl/sheets/data.xml"/></Relationships>`,
      ),
      'xl/sharedStrings.xml': u(
        `<sst><si><r><t>Ri</t></r><r><t xml:space="preserve">ch </t></r><rPh><t>x</t></rPh></si><si><t/></si></sst>`,
      ),
      'xl/sheets/data.xml': u(
        `<worksheet><sheetData><row r="1"><c r="B1" t = 's'><v>0</v></c><c r='C1' t="s"><v>1</v></c><c r="D1"><v/></c><c r="E1" t="str"><v>a&lt;b</v></c></row></sheetData></worksheet>`,
      ),
    });
    const book = openWorkbook(bytes);
    assert.ok(book.ok);
    assert.deepEqual(book.value.sheets, ['Odd & Co']);
    const rows = book.value.readSheet('Odd & Co');
    assert.ok(rows.ok);
    assert.deepEqual(rows.value, [['', 'Rich ', '', '', 'a<b']]);
  });

  it('refuses a ZIP that is not a workbook, and bytes that are not a ZIP', () => {
    const zip = zipSync({ 'a.txt': strToU8('hello') });
    const a = openWorkbook(zip);
    assert.ok(!a.ok);
    assert.match(a.message, /not a readable Excel workbook/);
    assert.ok(!openWorkbook(strToU8('Company,Address\n')).ok);
  });
});

describe('xlsx helpers', () => {
  it('decodes entities and _xHHHH_ escapes', () => {
    assert.equal(xmlText('a &amp; b &lt;&gt; &#233;&#x20AC; _x000D_'), 'a & b <> é€ \r');
  });
  it('tells date, time and plain number formats apart', () => {
    assert.equal(dateKind('dd/mm/yyyy'), 'date');
    assert.equal(dateKind('yyyy-mm-dd hh:mm'), 'datetime');
    assert.equal(dateKind('h:mm:ss'), 'time');
    assert.equal(dateKind('#,##0.00'), undefined);
    assert.equal(dateKind('"day" 0'), undefined);
    assert.equal(dateKind('General'), undefined);
  });
  it('converts serials and numbers as Excel shows them', () => {
    assert.equal(serialToText(45658, 'date', false), '2025-01-01');
    assert.equal(serialToText(0.25, 'time', false), '06:00:00');
    assert.equal(numberText('0.30000000000000004'), '0.3');
    assert.equal(numberText('4155550100'), '4155550100');
    assert.equal(numberText('1E-3'), '0.001');
  });
  it('reads the prefix a part names its root element with', () => {
    assert.equal(rootPrefix('<?xml version="1.0"?>\n<!-- c --><worksheet xmlns="m">'), '');
    assert.equal(rootPrefix('<?xml version="1.0"?><x:worksheet xmlns:x="m">'), 'x:');
    assert.equal(rootPrefix('<ss.main:sst xmlns:ss.main="m"/>'), 'ss.main:');
    assert.equal(rootPrefix(''), '');
  });
  it('reads column letters', () => {
    assert.equal(columnIndex('A1'), 0);
    assert.equal(columnIndex('Z9'), 25);
    assert.equal(columnIndex('AA10'), 26);
  });
});

describe('empty rows above the header', () => {
  // Sheet rows 1–2 empty, the header on row 3: a row without its Address on 5 and a bad email
  // on 6 must be reported as rows 5 and 6, the user's spreadsheet numbers, not 3 and 4.
  const sheet: BookCell[][] = [
    [],
    [null, null],
    ['Company', 'Email', 'Address'],
    ['Good Co', 'good@ok.example', '1 Main St'],
    ['Short Co', 'short@ok.example'],
    ['Bad Co', 'bad@', '3 Main St'],
  ];

  it('reads the header first and keeps every other row at its sheet number', async () => {
    const rows = readAll(await writeWorkbook({ Leads: sheet })).Leads!;
    assert.deepEqual(rows[0], ['Company', 'Email', 'Address']);
    assert.deepEqual(rows.slice(1, 3), [
      ['', '', ''],
      ['', '', ''],
    ]);
    assert.deepEqual(rows[4], ['Short Co', 'short@ok.example', '']);
    assert.deepEqual(rows[5], ['Bad Co', 'bad@', '3 Main St']);
    assert.deepEqual(headerFirst([['A'], ['1']]), [['A'], ['1']], 'a header on row 1 stays');
    assert.deepEqual(headerFirst([[''], [' ']]), [], 'spaces only: an empty sheet, no header');
  });

  it('reports its rows by their sheet numbers once converted and checked', async () => {
    const rows = readAll(await writeWorkbook({ Leads: sheet })).Leads!;
    const p = preparePlan(rows[0]!, leadSchema, [], 'leads.xlsx');
    assert.ok(p.ok);
    const writer = createRecordWriter(p.value.plan);
    const text = rows.map((r, i) => writer.write(r, r.length, i + 1)).join('');
    assert.equal(writer.counts.firstRaggedRow, 0, 'a short row of a sheet is padded by the reader');
    const validator = createCsvValidator(leadSchema);
    validator.push(new TextEncoder().encode(text));
    const summary = validator.end();
    assert.equal(summary.fileError, undefined);
    assert.equal(summary.rowsTotal, 3);
    // Address is required: the short row lacks it
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.column]),
      [
        [5, 'Address'],
        [6, 'Email'],
      ],
    );
  });
});
