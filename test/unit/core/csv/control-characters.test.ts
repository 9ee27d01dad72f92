/**
 * A control character inside a value (issue 14): `validate` names the row and column, and the
 * column packages the emulator stores from mark that row as failed, so it is not stored.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import type { ColumnPackage } from '../../../../core/csv/types.ts';
import { contactLike, enc, validate } from './validate-helpers.ts';

describe('CSV validator: control characters in values', () => {
  it('reports a NUL inside a value with its row, column and position', () => {
    const { summary } = validate(
      contactLike,
      'FirstName,LastName,Email\nAda,Lovelace,ada@example.com\nBob,Sm\u0000ith,bob@example.com\n',
    );
    assert.equal(summary.valid, false);
    assert.equal(summary.rowsInvalid, 1);
    assert.equal(summary.rowsValid, 1);
    assert.equal(summary.errors.length, 1);
    const [p] = summary.errors;
    assert.equal(p?.row, 3);
    assert.equal(p?.column, 'LastName');
    assert.equal(p?.code, 'control-character');
    assert.match(p?.message ?? '', /contains a control character \(NUL\) at position 3; remove it/);
    // The reported value shows the character instead of carrying it.
    assert.equal(p?.value, 'Sm\u2400ith');
  });

  it('finds any C0 control but tab, CR and LF, DEL and C1, in any chunking', () => {
    for (const [ch, name] of [
      ['\u0001', 'SOH'],
      ['\u001b', 'ESC'],
      ['\u000b', 'VT'],
      ['\u007f', 'DEL'],
      ['\u0085', 'U+0085'],
    ] as const) {
      for (const chunk of [1, 3, 1 << 20]) {
        const { summary } = validate(contactLike, `FirstName,LastName\nA${ch}b,C\n`, {}, chunk);
        assert.equal(summary.errors[0]?.code, 'control-character', `${name} / ${chunk}`);
        assert.match(
          summary.errors[0]?.message ?? '',
          new RegExp(`\\(${name.replace('+', '\\+')}\\) at position 2`),
        );
      }
    }
  });

  it('accepts tab, CR and LF inside a quoted value', () => {
    const { summary } = validate(contactLike, 'FirstName,LastName\n"A\tb","C\r\nD"\nE,"F\nG"\n');
    assert.equal(summary.valid, true, JSON.stringify(summary.errors));
  });

  it('checks a value typed as a date or an email too, and a control in an earlier chunk', () => {
    const { summary } = validate(
      contactLike,
      'FirstName,LastName,Birthday\nA,B,2020-01-0\u00001\nC,D,2020-01-01\n',
      {},
      7,
    );
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.column, e.code]),
      [[2, 'Birthday', 'control-character']],
    );
  });

  it('marks the row failed in the column packages the emulator stores from', () => {
    const packages: { rows: number[]; failed: boolean[] }[] = [];
    const v = createCsvValidator(contactLike, {
      onColumnPackage: (pkg: ColumnPackage) =>
        packages.push({
          rows: pkg.rows.slice(0, pkg.count),
          failed: pkg.problems.slice(0, pkg.count).map((p) => p !== undefined),
        }),
    });
    v.push(enc.encode('FirstName,LastName\nA,B\nC\u0000,D\nE,F\n'));
    const summary = v.end();
    assert.equal(summary.rowsValid, 2);
    assert.deepEqual(packages, [{ rows: [2, 3, 4], failed: [false, true, false] }]);
  });
});
