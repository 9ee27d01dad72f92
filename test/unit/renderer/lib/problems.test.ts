import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  countBy,
  filterProblems,
  fromServerErrors,
  neutraliseCell,
  problemsToCsv,
  type ProblemRow,
} from '../../../../renderer/lib/problems.ts';

const rows: ProblemRow[] = [
  { row: 2, column: 'Email', value: 'x', kind: 'not-an-email', message: 'm1' },
  { row: 3, column: 'Email', value: 'y', kind: 'not-an-email', message: 'm2' },
  { row: 3, column: 'FollowUp', value: '31/02', kind: 'not-a-date', message: 'm3' },
];

describe('filterProblems', () => {
  it('filters by column, by kind, and by both', () => {
    assert.equal(filterProblems(rows, { column: 'Email', kind: null }).length, 2);
    assert.equal(filterProblems(rows, { column: null, kind: 'not-a-date' }).length, 1);
    assert.equal(filterProblems(rows, { column: 'Email', kind: 'not-a-date' }).length, 0);
    assert.equal(filterProblems(rows, { column: null, kind: null }).length, 3);
  });
});

describe('countBy', () => {
  it('counts per column, most frequent first', () => {
    assert.deepEqual(countBy(rows, 'column'), [
      { value: 'Email', count: 2 },
      { value: 'FollowUp', count: 1 },
    ]);
  });
});

describe('neutraliseCell', () => {
  it('prefixes formula starters with a quote and quotes cells with separators (OWASP F1)', () => {
    assert.equal(neutraliseCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(neutraliseCell('+1+1'), "'+1+1");
    assert.equal(neutraliseCell('-2'), "'-2");
    assert.equal(neutraliseCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(neutraliseCell('\t=1'), "'\t=1");
    assert.equal(neutraliseCell('\r=1'), `"'\r=1"`);
    assert.equal(neutraliseCell('=1+2";=1+2'), `"'=1+2"";=1+2"`);
    assert.equal(neutraliseCell('plain'), 'plain');
  });
});

describe('problemsToCsv', () => {
  it('writes the errors.csv header and one neutralised line per problem', () => {
    const csv = problemsToCsv([
      { row: 2, column: 'Name', value: '=cmd', kind: 'k', message: 'Bad, fix it' },
    ]);
    assert.equal(csv, `Row,Column,Value,Error\r\n2,Name,'=cmd,"Bad, fix it"\r\n`);
  });
});

describe('fromServerErrors', () => {
  it('keeps the server’s row, column, value and message and groups them by a kind', () => {
    const [p] = fromServerErrors([
      {
        row: 4,
        column: 'RelatedTo',
        value: 'R-9',
        message: 'RelatedTo: no record with RecordID "R-9"',
      },
    ]);
    assert.deepEqual(p, {
      row: 4,
      column: 'RelatedTo',
      value: 'R-9',
      message: 'RelatedTo: no record with RecordID "R-9"',
      kind: 'related-not-found',
    });
  });
});
