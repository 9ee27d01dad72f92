/**
 * A control character inside a value (issue 14): `validate` names the row and column, and the
 * column packages the emulator stores from mark that row as failed, so it is not stored.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import type { ColumnPackage } from '../../../../core/csv/types.ts';
import {
  controlCharacterName,
  hasControlCharacter,
  isForbiddenControl,
} from '../../../../core/csv/control-characters.ts';
import { asciiHasControlCharacter } from '../../../../core/csv/ascii-control-scan.ts';
import { nodeAsciiDecoding } from '../../../../engine/ascii-decoding.ts';
import { contactLike, enc, validate } from './validate-helpers.ts';

/** Every code point up to U+00A0: the forbidden ones and their allowed neighbours. */
const codes = Array.from({ length: 0xa1 }, (_, c) => c);

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

  it('finds every forbidden character, one by one, with and without the ASCII shortcut', () => {
    // The shortcut (Node's one-byte decoding) makes the validator search ASCII text with one
    // indexOf per forbidden character instead of the regex: both ways must find each one.
    for (const c of codes) {
      const ch = String.fromCharCode(c);
      // CR and LF end the row and a comma splits it: put those inside quotes
      const text = `FirstName,LastName\nA,B\n"C${ch}x",D\nE,F\n`;
      for (const ascii of [undefined, nodeAsciiDecoding]) {
        for (const chunk of [1, 5, 1 << 20]) {
          const { summary } = validate(contactLike, text, { ascii }, chunk);
          const what = `U+${c.toString(16)} ascii=${ascii !== undefined} chunk=${chunk}`;
          if (!isForbiddenControl(c)) {
            assert.equal(summary.problemCount, 0, what);
            continue;
          }
          assert.deepEqual(
            summary.errors.map((e) => [e.row, e.column, e.code]),
            [[3, 'FirstName', 'control-character']],
            what,
          );
          assert.match(
            summary.errors[0]!.message,
            new RegExp(`\\(${controlCharacterName(c).replace('+', '\\+')}\\) at position 2`),
            what,
          );
        }
      }
    }
  });

  it('finds a C1 control after ASCII chunks (the shortcut ends at the first non-ASCII byte)', () => {
    const head = 'FirstName,LastName\n' + 'Ada,Lovelace\n'.repeat(200);
    const { summary } = validate(
      contactLike,
      `${head}B\u0085b,C\n`,
      { ascii: nodeAsciiDecoding },
      1024,
    );
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.column, e.code]),
      [[202, 'FirstName', 'control-character']],
    );
  });

  it('hasControlCharacter agrees with isForbiddenControl on every code, in text or ASCII bytes', () => {
    for (const c of codes) {
      const text = `abc${String.fromCharCode(c)}def`;
      const what = `U+${c.toString(16)}`;
      assert.equal(hasControlCharacter(text, undefined), isForbiddenControl(c), what);
      if (c < 0x80) {
        assert.equal(hasControlCharacter(text, enc.encode(text)), isForbiddenControl(c), what);
      }
    }
  });

  it('screens ASCII bytes at every alignment, length and place, four bytes at a time', () => {
    // The screen reads 32-bit words from the first 4-byte boundary, 16 bytes per step, then
    // single words, then bytes: put each character at every offset of buffers of every start
    // alignment and of lengths that end in each of those parts, beside a CRLF (which it passes).
    const backing = new Uint8Array(64 + 8);
    for (const c of codes.filter((x) => x < 0x80)) {
      for (let start = 0; start < 4; start++) {
        for (let length = 0; length <= 40; length++) {
          for (let at = 0; at < length; at++) {
            const bytes = backing.subarray(start, start + length);
            bytes.fill(0x41);
            if (length > 2) bytes.set([13, 10], (at + 1) % (length - 1));
            bytes[at] = c;
            const want = [...bytes].some(isForbiddenControl);
            const what = `U+${c.toString(16)} start=${start} length=${length} at=${at}`;
            assert.equal(asciiHasControlCharacter(bytes), want, what);
          }
        }
      }
    }
    // a long clean run of every allowed character, then one control at the very end
    const clean = codes.filter((x) => x < 0x80 && !isForbiddenControl(x));
    const long = Uint8Array.from({ length: 4099 }, (_, k) => clean[k % clean.length]!);
    assert.equal(asciiHasControlCharacter(long), false);
    long[4098] = 0x7f;
    assert.equal(asciiHasControlCharacter(long), true);
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
