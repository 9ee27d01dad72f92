import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  clipValue,
  codePointLength,
  columnLetter,
  detachString,
  exceedsUtf8Bytes,
  listInWords,
  plural,
  quoteForMessage,
  utf8ByteLength,
} from '../../../../core/util/text.ts';

describe('text helpers', () => {
  it('counts UTF-8 bytes like TextEncoder does', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a\uD800b', 'Zoë Ünal 😀€']) {
      const expected = new TextEncoder().encode(s).length;
      assert.equal(utf8ByteLength(s), expected, JSON.stringify(s));
      assert.equal(exceedsUtf8Bytes(s, expected), false);
      if (expected > 0) assert.equal(exceedsUtf8Bytes(s, expected - 1), true);
    }
  });

  it('counts characters as code points', () => {
    assert.equal(codePointLength('😀a'), 2);
  });

  it('quotes values for messages with control characters escaped and long values cut', () => {
    assert.equal(quoteForMessage('a\nb\u202E'), '"a\\nb\\u202e"');
    assert.equal(quoteForMessage('x'.repeat(100), 5), '"xxxxx…"');
    assert.equal(clipValue('abc', 2), 'ab…');
  });

  it('names spreadsheet columns', () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map(columnLetter), [
      'A',
      'Z',
      'AA',
      'AB',
      'ZZ',
      'AAA',
    ]);
  });

  it('detaches a substring without changing it', () => {
    const big = 'x'.repeat(1000) + 'identifier-0001234567' + 'y'.repeat(1000);
    const part = big.slice(1000, 1021);
    assert.equal(detachString(part), part);
    assert.equal(detachString('short'), 'short');
  });

  it('writes counts and lists in words', () => {
    assert.equal(plural(1, 'row'), '1 row');
    assert.equal(plural(1234, 'row'), '1,234 rows');
    assert.equal(listInWords(['a', 'b', 'c']), 'a, b and c');
  });
});
