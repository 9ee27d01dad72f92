import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDelimitedScanner } from '../../../../core/import/delimited-scanner.ts';

function scanAll(
  text: string,
  d: string,
  cuts: number[] = [],
): { rows: string[][]; failure: unknown } {
  const rows: string[][] = [];
  const s = createDelimitedScanner(d, (f, n) => rows.push(f.slice(0, n)));
  let at = 0;
  for (const c of cuts) {
    s.write(text.slice(at, c));
    at = c;
  }
  s.write(text.slice(at));
  s.end();
  return { rows, failure: s.failure };
}

describe('createDelimitedScanner', () => {
  const text = 'a;"b;1";c\r\n"x ""q""";"line\nbreak";\r\nlast;"q"tail;z\rend';
  const expected = [
    ['a', 'b;1', 'c'],
    ['x "q"', 'line\nbreak', ''],
    ['last', 'qtail', 'z'],
    ['end'],
  ];
  it('reads quotes, doubled quotes, line breaks in quotes, CRLF, CR and a last line without a break', () => {
    assert.deepEqual(scanAll(text, ';').rows, expected);
  });
  it('gives the same records wherever the text is cut into chunks', () => {
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b += 3) {
        assert.deepEqual(scanAll(text, ';', [a, b]).rows, expected, `cuts ${a}, ${b}`);
      }
    }
  });
  it('reads tabs and pipes, and keeps an empty last field', () => {
    assert.deepEqual(scanAll('a\tb\n1\t\n', '\t').rows, [
      ['a', 'b'],
      ['1', ''],
    ]);
    assert.deepEqual(scanAll('a|b|\n', '|').rows, [['a', 'b', '']]);
  });
  it('fails on a quote never closed, naming its record', () => {
    const r = scanAll('a;b\n1;"open\n2;3\n', ';');
    assert.deepEqual(r.failure, { code: 'unterminated-quote', row: 2 });
  });
  it('fails on a record over the limit instead of growing without bound', () => {
    const rows: string[][] = [];
    const s = createDelimitedScanner(',', (f, n) => rows.push(f.slice(0, n)), 100);
    s.write('"' + 'x'.repeat(200));
    assert.deepEqual(s.failure, { code: 'row-too-large', row: 1 });
  });
  it('refuses a quote or line break as the separator', () => {
    assert.throws(() => createDelimitedScanner('"', () => undefined), RangeError);
  });
});
