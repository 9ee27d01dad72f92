import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import {
  createFailedRowsPicker,
  failedRowsCsv,
  formatErrorsCsv,
  parseErrorsCsv,
  pickFailedRows,
  rowsWithoutId,
} from '../../../../core/report/index.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';

/**
 * A sent file with what trips row numbering: a BOM, a quoted address over three lines, a quoted
 * value with a comma and doubled quotes, a blank line (skipped by the platform, still counted), a
 * CRLF line and a short row.
 */
const sent =
  '\uFEFFCompany,Email,Address\n' + // row 1
  'Acme,ann@acme.test,1 Main St\n' + // row 2
  'Bolt,bob(at)bolt.test,"Suite 4\n12 High St\nBoston"\n' + // row 3 (three lines)
  'Cyan,"cy@cyan.test","5 ""Old"" Rd, Unit 2"\r\n' + // row 4
  '\n' + // row 5: blank
  'Dune,dee@,9 Elm St\n' + // row 6
  'Echo,eve@echo.test\n'; // row 7: one value short

/** The report the platform writes for `sent`: from the shared validator, as the emulator does. */
function platformReport(text: string) {
  const v = createCsvValidator(
    { object: 'Lead', fields: leadSchema.fields.filter((f) => f.name !== 'Address') },
    {},
  );
  v.push(new TextEncoder().encode(text));
  const s = v.end();
  // Through errors.csv and back, as the app reads it from Failed/.
  const parsed = parseErrorsCsv(formatErrorsCsv(s.errors.map((e) => ({ ...e }))));
  assert.ok(parsed.ok);
  return parsed.rows;
}

describe('failed rows: taken from the sent file by the report’s row numbers', () => {
  it('numbers rows as the platform does: header 1, a multi-line value one row, blanks counted', () => {
    const report = platformReport(sent);
    assert.deepEqual(
      report.map((r) => [r.row, r.column]),
      [
        [3, 'Email'],
        [6, 'Email'],
        [7, ''],
      ],
    );
    const picked = pickFailedRows(sent, report);
    assert.ok(picked.ok);
    assert.deepEqual(picked.value.header, ['Company', 'Email', 'Address']);
    assert.deepEqual(
      picked.value.rows.map((r) => [r.row, r.values]),
      [
        [3, ['Bolt', 'bob(at)bolt.test', 'Suite 4\n12 High St\nBoston']],
        [6, ['Dune', 'dee@', '9 Elm St']],
        [7, ['Echo', 'eve@echo.test', '']],
      ],
    );
    assert.equal(picked.value.rows[0]!.problems[0]!.value, 'bob(at)bolt.test');
    assert.deepEqual(picked.value.missing, []);
  });

  it('finds the same rows whatever the pieces the file arrives in', () => {
    const report = platformReport(sent);
    const whole = pickFailedRows(sent, report);
    for (const size of [1, 2, 3, 7]) {
      const picker = createFailedRowsPicker(report);
      for (let at = 0; at < sent.length; at += size) picker.write(sent.slice(at, at + size));
      assert.deepEqual(picker.end(), whole, `pieces of ${size}`);
    }
  });

  it('groups several problems of one row, and keeps whole-file problems apart', () => {
    const picked = pickFailedRows(sent, [
      { row: 0, column: '', value: '', message: 'Something about the whole file.' },
      { row: 4, column: 'Email', value: 'x', message: 'bad email' },
      { row: 4, column: 'Company', value: 'y', message: 'too long' },
      { row: 40, column: 'Email', value: 'z', message: 'not in this file' },
    ]);
    assert.ok(picked.ok);
    assert.deepEqual(
      picked.value.rows.map((r) => [r.row, r.problems.map((p) => p.message)]),
      [[4, ['bad email', 'too long']]],
    );
    assert.deepEqual(picked.value.rows[0]!.values, ['Cyan', 'cy@cyan.test', '5 "Old" Rd, Unit 2']);
    assert.deepEqual(picked.value.missing, [40]);
    assert.deepEqual(picked.value.fileProblems, ['Something about the whole file.']);
  });

  it('says when the sent file cannot be read, or is empty', () => {
    const open = pickFailedRows('A,B\n1,"never closed\n', [
      { row: 2, column: 'A', value: '', message: 'm' },
    ]);
    assert.equal(open.ok, false);
    assert.match(open.ok ? '' : open.message, /cannot be read as CSV from row 2/);
    const empty = pickFailedRows('', []);
    assert.equal(empty.ok, false);
  });

  it('writes the resubmission: the header and only the given rows, quoted, read back the same', () => {
    const report = platformReport(sent);
    const picked = pickFailedRows(sent, report);
    assert.ok(picked.ok);
    const fixed = picked.value.rows.map((r) =>
      r.values.map((v) => v.replace('(at)', '@').replace('dee@', 'dee@dune.test')),
    );
    const csv = failedRowsCsv(picked.value.header, fixed);
    assert.equal(
      csv,
      'Company,Email,Address\r\n' +
        'Bolt,bob@bolt.test,"Suite 4\n12 High St\nBoston"\r\n' +
        'Dune,dee@dune.test,9 Elm St\r\n' +
        'Echo,eve@echo.test,\r\n',
    );
    // The resubmission passes the platform's own check, and numbers its rows 2, 3, 4.
    assert.deepEqual(platformReport(csv), []);
    const again = pickFailedRows(csv, [{ row: 3, column: '', value: '', message: '' }]);
    assert.ok(again.ok);
    assert.deepEqual(again.value.rows[0]!.values, fixed[1]);
  });

  it('counts the rows that have no external id (sent again, they would be new records)', () => {
    const header = ['Company', 'ExternalLeadId'];
    const rows = [
      ['A', 'L1'],
      ['B', ' '],
      ['C', ''],
    ];
    assert.equal(rowsWithoutId(header, rows, 'ExternalLeadId'), 2);
    assert.equal(rowsWithoutId(['Company'], rows, 'ExternalLeadId'), 3);
    assert.equal(rowsWithoutId(header, rows, undefined), 3);
  });
});
