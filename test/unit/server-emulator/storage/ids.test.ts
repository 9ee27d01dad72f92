import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressKey,
  addressKeyOf,
  formatRecordId,
  parseRecordId,
} from '../../../../server-emulator/storage/ids.ts';

describe('RecordIDs and pin address keys', () => {
  it('formats a record id as R plus 8 digits and reads it back, case-insensitively and trimmed', () => {
    assert.equal(formatRecordId(42), 'R00000042');
    assert.equal(formatRecordId(123456789), 'R123456789');
    assert.equal(parseRecordId('R00000042'), 42);
    assert.equal(parseRecordId(' r42 '), 42);
  });

  it('rejects what is not a RecordID: other letters, signs, zero, empty', () => {
    for (const bad of ['', 'R', 'X00000042', 'R-1', 'R0', '42', 'R1.5', 'R 1']) {
      assert.equal(parseRecordId(bad), undefined, bad);
    }
  });

  it('matches addresses regardless of case, spacing and punctuation, but not different places', () => {
    const a = addressKey({
      Address: '10 Elm St.',
      City: 'Springfield',
      State: 'IL',
      Zip: '62701',
      Country: 'USA',
    });
    const b = addressKey({
      Address: ' 10  ELM   st',
      City: 'springfield',
      State: 'il',
      Zip: '62701',
      Country: 'U.S.A',
    });
    const c = addressKey({
      Address: '11 Elm St',
      City: 'Springfield',
      State: 'IL',
      Zip: '62701',
      Country: 'USA',
    });
    assert.notEqual(a, '');
    assert.equal(a, b.replace('u s a', 'usa'));
    assert.notEqual(a, c);
  });

  it('keeps the parts apart so moving a word between fields is a different place', () => {
    assert.notEqual(
      addressKey({ Address: 'Main', City: 'Street' }),
      addressKey({ Address: 'Main Street', City: '' }),
    );
  });

  it('normalises non-ASCII text with NFKC and Unicode letter classes', () => {
    assert.equal(
      addressKey({ Address: 'Straße 1', City: 'KÖLN' }),
      addressKey({ Address: 'straße, 1', City: 'köln' }),
    );
    assert.equal(addressKey({ Address: 'Ｍａｉｎ' }), addressKey({ Address: 'main' }));
  });

  it('treats a line break inside an address as a space, not as a new part', () => {
    assert.equal(
      addressKey({ Address: '1 Main\nSuite 2', City: 'X' }),
      addressKey({ Address: '1 Main Suite 2', City: 'X' }),
    );
  });

  it('gives no key to a row with no address at all', () => {
    assert.equal(addressKey({ Address: '', City: '  ' }), '');
    assert.equal(addressKey({}), '');
  });
  it('gives plain addresses the same key as the general rule (lower case, parts apart)', () => {
    // the general rule, as the key was computed before the fast path for plain ASCII words
    const general = (p: string[]): string => {
      const lower = p.join('\x01').toLowerCase();
      /* eslint-disable no-control-regex */
      const out = lower
        .replace(/[^a-z0-9\x01]+/g, ' ')
        .replace(/ ?\x01 ?/g, '|')
        .trim();
      /* eslint-enable no-control-regex */
      return out === '||||' ? '' : out;
    };
    const cases = [
      ['1 Main Street', 'Springfield', 'IL', '62701', 'USA'],
      ['1 Main Street', '', '', '', ''],
      ['', '', '', '', 'US'],
      [' 1 Main', 'City ', 'A  B', 'x-y', 'z.'],
      ['1 MAIN ST', 'springfield', 'Il', '62701', 'usa'],
    ];
    for (const c of cases) {
      assert.equal(addressKeyOf(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!), general(c), c.join('|'));
      const [a, b, d, e, f] = c;
      assert.equal(
        addressKey({ Address: a, City: b, State: d, Zip: e, Country: f }),
        general(c),
        c.join('|'),
      );
    }
  });
});
