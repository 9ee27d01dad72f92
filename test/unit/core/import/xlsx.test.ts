import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import {
  columnIndex,
  dateKind,
  numberText,
  openWorkbook,
  serialToText,
  xmlText,
} from '../../../../core/import/xlsx.ts';
import { detectFormat } from '../../../../core/import/detect-format.ts';
import { makeXlsx } from './xlsx-fixture.ts';

describe('openWorkbook', () => {
  it('lists sheets in order and reads strings, numbers, booleans and dates as text', () => {
    const bytes = makeXlsx({
      Leads: [
        ['Company', 'Value', 'Active', 'FollowUp', 'Met', 'Note'],
        [
          'Café & Co <1>',
          1234.5,
          true,
          { date: 46387 },
          { date: 46387.5, format: 'custom' },
          { inline: 'line1\nline2' },
        ],
        ['Acme', 0.1 + 0.2, false, null, null, 'x'],
      ],
      Other: [['A'], ['1']],
    });
    assert.deepEqual(detectFormat(bytes), { format: 'xlsx' });
    const book = openWorkbook(bytes);
    assert.ok(book.ok);
    assert.deepEqual(book.value.sheets, ['Leads', 'Other']);
    const rows = book.value.readSheet('Leads');
    assert.ok(rows.ok);
    assert.deepEqual(rows.value, [
      ['Company', 'Value', 'Active', 'FollowUp', 'Met', 'Note'],
      ['Café & Co <1>', '1234.5', 'true', '2026-12-31', '2026-12-31 12:00:00', 'line1\nline2'],
      ['Acme', '0.3', 'false', '', '', 'x'],
    ]);
    const other = book.value.readSheet('Other');
    assert.ok(other.ok);
    assert.deepEqual(other.value, [['A'], ['1']]);
  });

  it('pads rows to the sheet width and keeps gaps between rows and cells', () => {
    const bytes = makeXlsx({ S: [['A', 'B', 'C'], [null, 'y'], [], ['z']] });
    const book = openWorkbook(bytes);
    assert.ok(book.ok);
    const rows = book.value.readSheet('S');
    assert.ok(rows.ok);
    assert.deepEqual(rows.value, [
      ['A', 'B', 'C'],
      ['', 'y', ''],
      ['', '', ''],
      ['z', '', ''],
    ]);
  });

  it('reads 1904-based dates', () => {
    const book = openWorkbook(makeXlsx({ S: [['D'], [{ date: 0 }]] }, { date1904: true }));
    assert.ok(book.ok);
    const rows = book.value.readSheet('S');
    assert.ok(rows.ok);
    assert.equal(rows.value[1]![0], '1904-01-01');
  });

  it('names the sheets when asked for one that is not there', () => {
    const book = openWorkbook(makeXlsx({ A: [['x']], B: [['y']] }));
    assert.ok(book.ok);
    const r = book.value.readSheet('C');
    assert.ok(!r.ok);
    assert.match(r.message, /no sheet "C".*A, B/);
  });

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
  it('reads column letters', () => {
    assert.equal(columnIndex('A1'), 0);
    assert.equal(columnIndex('Z9'), 25);
    assert.equal(columnIndex('AA10'), 26);
  });
});
