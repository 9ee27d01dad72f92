import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFirstSeenIndex } from '../../../../core/util/first-seen-index.ts';

describe('first-seen index (duplicate external ids)', () => {
  for (const [bits, why] of [
    [21, ''],
    [3, ', with entry numbers outgrowing their bits from the eighth id on'],
  ] as const) {
    it(`returns 0 for a new id and the first row for a repeated one, exactly like a Map${why}`, () => {
      const index = createFirstSeenIndex(bits);
      const reference = new Map<string, number>();
      let seed = 12345;
      const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
      for (let row = 2; row < 200_000; row++) {
        const n = next();
        const id = `${n % 5 === 0 ? 'é' : ''}${n % 11 === 0 ? '😀' : ''}${(n >>> 8) % 120_000}`;
        const want = reference.get(id) ?? 0;
        if (want === 0) reference.set(id, row);
        assert.equal(index.firstRowOf(id, row), want, id);
      }
      assert.equal(index.size, reference.size);
    });
  }

  it('tells apart ids that differ only in case, spacing or leading zeros', () => {
    const index = createFirstSeenIndex();
    for (const [id, row] of [
      ['007', 2],
      ['7', 3],
      ['abc', 4],
      ['ABC', 5],
      ['', 6],
    ] as const) {
      assert.equal(index.firstRowOf(id, row), 0, id);
    }
    assert.equal(index.firstRowOf('007', 9), 2);
    assert.equal(index.firstRowOf('', 9), 6);
  });
});
