import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createGridBuilder,
  type GridModel,
  type GridRules,
} from '../../../../core/import/grid-model.ts';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import type { CsvValidationSummary } from '../../../../core/csv/types.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';

const rules: GridRules = { schema: leadSchema, externalIdColumn: 'ExternalLeadId' };
const encoder = new TextEncoder();

/** A model of `text`, pushed in pieces of `piece` bytes. */
function open(text: string, piece = 7, r: GridRules = rules): GridModel {
  const builder = createGridBuilder(r);
  const bytes = encoder.encode(text);
  for (let at = 0; at < bytes.length; at += piece) builder.push(bytes.subarray(at, at + piece));
  const built = builder.end();
  assert.ok(built.ok, built.ok ? '' : built.message);
  return built.model;
}

function validate(text: string, r: GridRules = rules): CsvValidationSummary {
  const v = createCsvValidator(r.schema, { externalIdColumn: r.externalIdColumn });
  v.push(encoder.encode(text));
  return v.end();
}

const all = (m: GridModel) => m.windowOf(0, m.rowCount);
const textOf = (m: GridModel) => m.csvParts().join('');

/** The model's counts are the validator's on the file the model would send. */
function assertAgrees(m: GridModel, label = ''): void {
  const s = validate(textOf(m));
  const c = m.counts();
  assert.deepEqual(
    [c.rows, c.rowsWithProblems, c.problems],
    [s.rowsTotal, s.rowsInvalid, s.problemCount],
    `counts ${label}`,
  );
}

const leads =
  'Company,Email,Address,FollowUp,ExternalLeadId\r\n' +
  'Good One,one@good.example,1 Main St,2026-12-31,L1\r\n' +
  'Bad Mail,broken@,2 Side St,2026-01-02,L2\r\n' +
  'Good Two,two@good.example,3 Main St,,L3\r\n' +
  'Bad Date,date@bad.example,4 Side St,31/12/2026,L4\r\n' +
  'Same Id,same@id.example,5 Main St,,L1\r\n';

describe('the grid model', () => {
  it('shows the rows with problems first, each problem on its cell in the validator’s words', () => {
    const m = open(leads);
    assert.deepEqual(m.columns, ['Company', 'Email', 'Address', 'FollowUp', 'ExternalLeadId']);
    const rows = all(m);
    assert.deepEqual(
      rows.map((r) => r.line),
      [3, 5, 6, 2, 4],
    );
    const s = validate(leads);
    const words = rows.flatMap((r) =>
      r.problems.map((p) => [r.line, m.columns[p.column], p.message]),
    );
    assert.deepEqual(
      words,
      s.errors.map((e) => [e.row, e.column, e.message]),
    );
    assert.deepEqual(m.counts(), {
      rows: 5,
      rowsWithProblems: 3,
      problems: 3,
      edited: 0,
      removed: 0,
    });
    assert.equal(textOf(m), leads, 'nothing changed: the same text');
  });

  it('re-checks an edited cell and updates the counts; a preview changes nothing', () => {
    const m = open(leads);
    const bad = all(m).find((r) => r.line === 3)!;
    assert.deepEqual(
      m.check(bad.row, 1, 'still@').map((p) => p.code),
      ['not-an-email'],
    );
    assert.deepEqual(m.check(bad.row, 1, 'fixed@mail.example'), []);
    assert.equal(m.counts().rowsWithProblems, 3, 'a preview is not an edit');
    const row = m.edit(bad.row, 1, 'fixed@mail.example');
    assert.deepEqual(row.problems, []);
    assert.equal(row.edited, true);
    assert.equal(row.position, 0, 'an edited row stays where it is until reordered');
    assert.deepEqual(m.counts(), {
      rows: 5,
      rowsWithProblems: 2,
      problems: 2,
      edited: 1,
      removed: 0,
    });
    assert.match(textOf(m), /\r\nBad Mail,fixed@mail\.example,2 Side St,2026-01-02,L2\r\n/);
    assertAgrees(m);
    m.reorder();
    assert.deepEqual(
      all(m).map((r) => r.line),
      [5, 6, 2, 3, 4],
    );
  });

  it('keeps duplicate ids right through edits and removals', () => {
    const m = open(leads);
    const byLine = (line: number) => all(m).find((r) => r.line === line)!;
    assert.match(byLine(6).problems[0]!.message, /"L1" is already used by row 2\./);
    // the later row now repeats L3: it is the duplicate, and row 6's L1 is unique
    m.edit(byLine(6).row, 4, 'L3');
    assert.deepEqual(
      byLine(6).problems.map((p) => p.message),
      [validate(textOf(m)).errors.find((e) => e.row === 6)!.message],
    );
    assert.match(byLine(6).problems[0]!.message, /"L3" is already used by row 4\./);
    assert.deepEqual(
      m.check(byLine(2).row, 4, 'L3').map((p) => p.code),
      [],
    );
    assert.deepEqual(
      m.check(byLine(5).row, 4, ' L3 ').map((p) => p.code),
      ['not-a-date', 'duplicate-external-id'],
    );
    assertAgrees(m, 'after the edit');
    // the first holder removed: the next one keeps the id
    m.removeRow(byLine(4).row);
    assert.deepEqual(byLine(6).problems, []);
    assertAgrees(m, 'after the removal');
    // an earlier row taking an id makes the later holder the duplicate
    m.edit(byLine(2).row, 4, 'L3');
    assert.match(byLine(6).problems[0]!.message, /"L3" is already used by row 2\./);
    assertAgrees(m, 'after the second edit');
    assert.deepEqual(m.counts().removed, 1);
    assert.doesNotMatch(textOf(m), /Good Two/);
  });

  it('finds and replaces in one column', () => {
    const m = open(leads);
    assert.equal(m.findReplace(2, 'main st', 'Main Street'), 3);
    assert.equal(m.findReplace(0, 'main', 'x'), 0, 'another column is left alone');
    assert.equal(m.findReplace(1, 'BROKEN@', 'fixed@mail.example', { wholeValue: true }), 1);
    assert.equal(m.findReplace(1, 'fixed@', 'x', { wholeValue: true }), 0);
    assert.equal(m.findReplace(3, '31/12/2026', '2026-12-31', { matchCase: true }), 1);
    assert.match(textOf(m), /Good One,one@good\.example,1 Main Street,/);
    assert.deepEqual(m.counts(), {
      rows: 5,
      rowsWithProblems: 1,
      problems: 1,
      edited: 5,
      removed: 0,
    });
    assertAgrees(m);
    const { valid, validRows, invalid, invalidRows } = m.split();
    assert.equal([validRows, invalidRows].join(), '4,1');
    assert.match(invalid.join(''), /^Company,.*\r\nSame Id,/);
    assert.equal(validate(valid.join('')).rowsInvalid, 0);
  });

  it('quotes what needs quoting and reads a quoted, multi-line file back', () => {
    const text = 'Company,Address,Notes\n"Acme, Inc","1 ""Main""\nSt",x\n"Solo",,y\n';
    const m = open(text, 3, { schema: leadSchema, mode: 'columns-only' });
    assert.deepEqual(
      all(m).map((r) => r.cells),
      [
        ['Acme, Inc', '1 "Main"\nSt', 'x'],
        ['Solo', '', 'y'],
      ],
    );
    m.edit(1, 1, 'a "b", c');
    assert.equal(all(m)[1]!.cells[1], 'a "b", c');
    assert.match(textOf(m), /\nSolo,"a ""b"", c",y\r\n$/);
  });

  it('shows values past the header in cells of no column, and drops them once emptied', () => {
    // Row 3: "Echo, Ltd" without quotes is two values, and a stray value at the end: 7 values.
    const text =
      'Company,Email,Address,FollowUp,ExternalLeadId\r\n' +
      'Fox,fox@fox.example,3 Ash St,,L1\r\n' +
      'Echo, Ltd,eve@echo.example,2 Pine St,,L2,stray\r\n' +
      'Gull,gull@gull.example,4 Elm St,,L3,\r\n';
    const m = open(text);
    assert.equal(m.extraColumns, 2, 'the longest row has two values past the header');
    const byLine = (line: number) => all(m).find((r) => r.line === line)!;
    const echo = byLine(3);
    assert.deepEqual(echo.cells, [
      'Echo',
      ' Ltd',
      'eve@echo.example',
      '2 Pine St',
      '',
      'L2',
      'stray',
    ]);
    assert.deepEqual(
      echo.problems.map((p) => [p.column, p.code]),
      [[-1, 'ragged-row']],
    );
    // a blank value past the header is no problem (the platform ignores it)
    assert.deepEqual(byLine(4).problems, []);
    // emptying the last extra value alone still leaves one: still too many values
    assert.deepEqual(
      m.check(echo.row, 6, ' ').map((p) => p.code),
      ['ragged-row'],
    );
    m.edit(echo.row, 0, 'Echo, Ltd');
    m.edit(echo.row, 1, 'eve@echo.example');
    m.edit(echo.row, 2, '2 Pine St');
    m.edit(echo.row, 3, '');
    m.edit(echo.row, 4, 'L2');
    m.edit(echo.row, 6, '');
    assert.deepEqual(m.check(echo.row, 5, ''), [], 'the preview sees the row without extras');
    const row = m.edit(echo.row, 5, '');
    assert.deepEqual(row.problems, []);
    assert.deepEqual(row.cells, ['Echo, Ltd', 'eve@echo.example', '2 Pine St', '', 'L2']);
    assert.match(textOf(m), /\r\n"Echo, Ltd",eve@echo\.example,2 Pine St,,L2\r\n/);
    assertAgrees(m, 'after the extras were emptied');
    // a value typed past the header makes the row too long again, as the platform would see it
    assert.deepEqual(
      m.check(echo.row, 5, 'x').map((p) => p.code),
      ['ragged-row'],
    );
    assert.equal(open(leads).extraColumns, 0);
  });

  it('agrees with the validator after any run of edits, replacements and removals', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const values = ['', 'L1', 'L2', 'L3', ' L1', 'x@y.example', 'bad@', '2026-02-30', '2026-01-01'];
    let text = 'Company,Email,Address,FollowUp,ExternalLeadId\r\n';
    for (let i = 0; i < 60; i++) {
      text += `C${i},${values[rand(values.length)]},A${i},${values[rand(values.length)]},${values[rand(4)]}\r\n`;
    }
    const m = open(text, 64);
    assertAgrees(m, 'at first');
    for (let step = 0; step < 120; step++) {
      const rows = all(m);
      const pick = rows[rand(rows.length)]!;
      const op = rand(10);
      if (op < 6) m.edit(pick.row, rand(5), values[rand(values.length)]!);
      else if (op < 8) m.removeRow(pick.row);
      else {
        m.findReplace(4, values[1 + rand(3)]!, values[1 + rand(3)]!, { wholeValue: rand(2) === 0 });
      }
      assertAgrees(m, `step ${step}`);
      if (m.rowCount < 5) break;
    }
  });
});

describe('the grid model’s reading', () => {
  it('reads characters split across chunks, and drops only the first BOM', () => {
    const text = '\uFEFFCompany,Address,Notes\r\nCafé “Ünïcode” 🎉,1 Rue,\uFEFFkept\r\n';
    for (const piece of [1, 2, 3, 5]) {
      const m = open(text, piece, { schema: leadSchema, mode: 'columns-only' });
      assert.deepEqual(m.columns, ['Company', 'Address', 'Notes']);
      assert.deepEqual(all(m)[0]!.cells, ['Café “Ünïcode” 🎉', '1 Rue', '\uFEFFkept'], `${piece}`);
    }
  });
});
