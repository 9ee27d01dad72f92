import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileField, trimValue } from '../../../../core/schema/field-rules/index.ts';
import type { FieldDef, FieldType } from '../../../../core/schema/object-schema.ts';

/**
 * The validator checks each field in place, as a span of the decoded chunk (core/csv/scanner.ts).
 * These tests hold the span checks to the string checks: the same verdict and the same normalised
 * value for every value, whatever stands around the span — digits, dots, commas or signs right
 * next to it must never be read as part of the value.
 */
const values: Record<FieldType, string[]> = {
  text: ['a', 'abcde', 'abcdef', '😀😀😀😀😀', 'x'.repeat(300)],
  number: [
    '-12.5',
    '+3',
    '.5',
    '5.',
    '1,234.5',
    '1e3',
    '1E+3',
    '007',
    '0',
    '-0',
    '1,23',
    'abc',
    '1.2.3',
    '-',
    '12e',
  ],
  integer: ['12', '-12', '1,234', '12.0', '12.00', '12.5', '007', '0', '', '1e3', '12.'],
  currency: [
    '1234.50',
    '$1,234.50',
    '(12.00)',
    '-$5',
    '$-5',
    '5$',
    '€ 12',
    '¥7',
    '£0',
    '-0',
    '+5',
    '1,23',
    '-(12)',
    '$',
    '1e3',
    '12 USD',
    '($5.00)',
    '( 3 )',
    '$,5',
  ],
  boolean: ['true', 'YES', 'no', '0', '1', 'False', 'maybe'],
  date: [
    '2024-02-29',
    '2023-02-29',
    '3/31/2024',
    '03/31/2024',
    '31/03/2024',
    '2024-3-1',
    '1/1/0001',
    '12/31/9999',
  ],
  datetime: [
    '2024-03-31T14:30:00Z',
    '2024-03-31 14:30',
    '2024-03-31',
    '2024-03-31T25:00',
    '2024-03-31T14:30:00+05:30',
  ],
  email: ['a@b.co', 'a@b', 'x@y.example.com', '@x.com'],
  phone: [
    '+1 (555) 123-4567',
    '555-123-4567 x89',
    '123',
    '12345678901234567',
    '555 123 4567 ext. 12',
    '55+5 1234567',
  ],
  url: [
    'https://a.com',
    'http://localhost:8080/x',
    'www.a.com',
    'https://a..com',
    'https://[::1]/',
    'https://a.com/ b',
    'HTTPS://A.COM',
  ],
  picklist: ['Retail', 'retail', 'RETAIL', 'Mining', 'Other', 'Othe'],
  latitude: [
    '90',
    '90.0',
    '90.000',
    '90.0001',
    '-90',
    '-90.5',
    '89.9999',
    '0',
    '-0.5',
    '9.5',
    '180',
    '123456789',
    'N40',
    '40.7128',
  ],
  longitude: ['180', '180.0', '-180.00', '180.0001', '179.9', '-74.0060', '200', '1000', '99.9'],
};

const surroundings = ['', '9', '.', ',', '-', '0', 'e', '$'];

function def(type: FieldType): FieldDef {
  if (type === 'picklist') return { name: 'F', type, options: ['Retail', 'Healthcare', 'Other'] };
  if (type === 'text') return { name: 'F', type, maxLength: 5 };
  return { name: 'F', type };
}

describe('field checks over spans (core/schema/field-rules/)', () => {
  for (const type of Object.keys(values) as FieldType[]) {
    it(`gives the same verdict in place as on the string: ${type}`, () => {
      const field = compileField(def(type));
      for (const v of values[type]) {
        if (v === '') continue;
        const expected = field.checkPresent(v);
        for (const before of surroundings) {
          for (const after of surroundings) {
            const s = `${before}${v}${after}`;
            const at = before.length;
            const r = field.checkSpan(s, at, at + v.length, true);
            const got = r === undefined ? v : r;
            const where = `${type} ${JSON.stringify(v)} inside ${JSON.stringify(s)}`;
            assert.deepEqual(got, expected, where);
            // verdict only (nothing stored): the same failure, or valid without a string
            const verdict = field.checkSpan(s, at, at + v.length, false);
            if (typeof expected === 'string') assert.ok(typeof verdict !== 'object', where);
            else assert.deepEqual(verdict, expected, where);
          }
        }
      }
    });
  }

  it('answers undefined (nothing made) for a value already in normal form', () => {
    const s = 'x,-12.3456,Retail,https://a.com,1234.50,y';
    assert.equal(
      compileField({ name: 'L', type: 'latitude' }).checkSpan(s, 2, 10, true),
      undefined,
    );
    assert.equal(
      compileField({ name: 'I', type: 'picklist', options: ['Retail'] }).checkSpan(s, 11, 17, true),
      undefined,
    );
    assert.equal(compileField({ name: 'W', type: 'url' }).checkSpan(s, 18, 31, true), undefined);
    assert.equal(
      compileField({ name: 'R', type: 'currency' }).checkSpan(s, 32, 39, true),
      undefined,
    );
  });

  it('trims exactly what String.prototype.trim trims', () => {
    const spaces = [
      ' ',
      '\t',
      '\n',
      '\r',
      '\v',
      '\f',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
    ];
    const notSpaces = ['\u200b', '\u0085', '\u180e', 'x', '\u00a1'];
    for (const c of spaces) {
      assert.equal(trimValue(`${c}a${c}`), 'a', JSON.stringify(c));
      assert.equal(trimValue(`${c}a`), 'a', JSON.stringify(c));
      assert.equal(trimValue(`a${c}`), 'a', JSON.stringify(c));
    }
    for (const c of notSpaces) assert.equal(trimValue(`${c}a${c}`), `${c}a${c}`.trim());
  });
});
