import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldsJson } from '../../../../server-emulator/processing/csv-import.ts';

describe('the fields JSON of a stored record', () => {
  it('is the text JSON.stringify gives for the row as an object, escapes included', () => {
    const columns = ['Name', 'Quote "q"', 'Back\\slash', 'Ünïcode', 'Empty'];
    const rows = [
      ['Acme', 'say "hi"', 'C:\\dir', 'Zoë 😀', ''],
      ['line\nbreak\ttab', '\u0001ctl', 'lone \ud800 surrogate', '\u2028sep', 'x'],
      ['', '', '', '', ''],
    ];
    const keys = columns.map((c, i) => (i === 0 ? '{' : ',') + JSON.stringify(c) + ':"');
    const values = rows.flat();
    rows.forEach((r, k) => {
      const obj = Object.fromEntries(columns.map((c, i) => [c, r[i]!]));
      assert.equal(fieldsJson(keys, values, k * columns.length), JSON.stringify(obj));
    });
    assert.equal(fieldsJson([], [], 0), '{}');
  });
});
