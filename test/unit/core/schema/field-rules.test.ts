import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkValue,
  compileSchema,
  isRealDate,
} from '../../../../core/schema/field-rules/index.ts';
import type { FieldDef } from '../../../../core/schema/object-schema.ts';

type Case = [input: string, expected: string | { code: string }];

function table(field: Omit<FieldDef, 'name'> & { name?: string }, cases: Case[]): void {
  const def = { name: field.name ?? 'F', ...field };
  for (const [input, expected] of cases) {
    const r = checkValue(def, input);
    if (typeof expected === 'string') {
      assert.deepEqual(r, { ok: true, value: expected }, `${def.type} ${JSON.stringify(input)}`);
    } else {
      assert.equal(r.ok, false, `${def.type} ${JSON.stringify(input)} should fail`);
      if (!r.ok) {
        assert.equal(r.code, expected.code, `${def.type} ${JSON.stringify(input)}`);
        assert.ok(r.message.length > 20, 'the message says what to do');
      }
    }
  }
}

describe('field rules (contract §3)', () => {
  it('treats an empty or blank value as no value, and refuses it only when required', () => {
    table({ type: 'integer' }, [
      ['', ''],
      ['   ', ''],
    ]);
    table({ type: 'integer', required: true, name: 'Employees' }, [
      ['', { code: 'required' }],
      [' \t', { code: 'required' }],
    ]);
    const r = checkValue({ name: 'Company', type: 'text', required: true }, '');
    assert.equal(r.ok ? '' : r.message, 'Company is required. Fill in a value.');
  });

  it('trims surrounding spaces and checks text length in characters', () => {
    table({ type: 'text', maxLength: 5 }, [
      ['  abc  ', 'abc'],
      ['abcde', 'abcde'],
      ['abcdef', { code: 'too-long' }],
      ['😀😀😀😀😀', '😀😀😀😀😀'],
    ]);
  });

  it('accepts plain, signed, grouped and exponent numbers, and normalises them', () => {
    table({ type: 'number' }, [
      ['-12.5', '-12.5'],
      ['+3', '3'],
      ['.5', '0.5'],
      ['5.', '5'],
      ['1,234.5', '1234.5'],
      ['1e3', '1e3'],
      ['1E+3', '1e3'],
      ['007', '7'],
      ['1,23', { code: 'not-a-number' }],
      ['12,3456', { code: 'not-a-number' }],
      ['abc', { code: 'not-a-number' }],
      ['1.2.3', { code: 'not-a-number' }],
      ['NaN', { code: 'not-a-number' }],
      ['Infinity', { code: 'not-a-number' }],
      ['-', { code: 'not-a-number' }],
    ]);
  });

  it('accepts whole numbers (12.0 too) and refuses fractions for integers', () => {
    table({ type: 'integer' }, [
      ['12', '12'],
      ['-7', '-7'],
      ['1,000', '1000'],
      ['12.0', '12'],
      ['12.5', { code: 'not-an-integer' }],
      ['1e3', { code: 'not-an-integer' }],
      ['twelve', { code: 'not-an-integer' }],
    ]);
  });

  it('accepts money with symbols, thousands groups and accounting negatives', () => {
    table({ type: 'currency' }, [
      ['$1,234.50', '1234.50'],
      ['1234.5', '1234.5'],
      ['-12', '-12'],
      ['(12.00)', '-12.00'],
      ['($1,000)', '-1000'],
      ['-$5', '-5'],
      ['$-5', '-5'],
      ['€ 12', '12'],
      ['12 €', '12'],
      ['£0.99', '0.99'],
      ['1,23', { code: 'not-a-currency' }],
      ['-(12)', { code: 'not-a-currency' }],
      ['$', { code: 'not-a-currency' }],
      ['1e3', { code: 'not-a-currency' }],
      ['12 USD', { code: 'not-a-currency' }],
    ]);
  });

  it('maps true/false/yes/no/1/0 in any case to true or false', () => {
    table({ type: 'boolean' }, [
      ['TRUE', 'true'],
      ['Yes', 'true'],
      ['1', 'true'],
      ['false', 'false'],
      ['NO', 'false'],
      ['0', 'false'],
      ['y', { code: 'not-a-boolean' }],
      ['2', { code: 'not-a-boolean' }],
    ]);
  });

  it('accepts real calendar dates in two notations and writes them as YYYY-MM-DD', () => {
    table({ type: 'date' }, [
      ['2024-03-31', '2024-03-31'],
      ['03/31/2024', '2024-03-31'],
      ['3/1/2024', '2024-03-01'],
      ['2024-02-29', '2024-02-29'],
      ['2000-02-29', '2000-02-29'],
      ['2023-02-29', { code: 'not-a-date' }],
      ['1900-02-29', { code: 'not-a-date' }],
      ['2024-04-31', { code: 'not-a-date' }],
      ['13/45/2024', { code: 'not-a-date' }],
      ['31/03/2024', { code: 'not-a-date' }],
      ['2024-3-31', { code: 'not-a-date' }],
      ['03/31/24', { code: 'not-a-date' }],
    ]);
    const r = checkValue({ name: 'D', type: 'date' }, '13/45/2024');
    assert.equal(
      r.ok ? '' : r.message,
      '"13/45/2024" is not a date. Use YYYY-MM-DD (2024-03-31) or MM/DD/YYYY (03/31/2024).',
    );
    assert.equal(isRealDate(2024, 2, 29), true);
    assert.equal(isRealDate(2100, 2, 29), false);
  });

  it('accepts ISO 8601 date-times and normalises their shape', () => {
    table({ type: 'datetime' }, [
      ['2024-03-31T14:30:00Z', '2024-03-31T14:30:00Z'],
      ['2024-03-31 14:30', '2024-03-31T14:30:00'],
      ['2024-03-31T14:30:00.123+0530', '2024-03-31T14:30:00.123+05:30'],
      ['2024-03-31t14:30:00z', '2024-03-31T14:30:00Z'],
      ['2024-03-31', '2024-03-31'],
      ['2024-03-31T24:00', { code: 'not-a-datetime' }],
      ['2024-02-30T10:00', { code: 'not-a-datetime' }],
      ['2024-03-31T10:00+15:00', { code: 'not-a-datetime' }],
      ['03/31/2024 10:00', { code: 'not-a-datetime' }],
    ]);
  });

  it('accepts email addresses of the usual form', () => {
    table({ type: 'email' }, [
      ['ann@example.com', 'ann@example.com'],
      ['a.b+tag@mail.example.co.uk', 'a.b+tag@mail.example.co.uk'],
      ['bob@', { code: 'not-an-email' }],
      ['a@@b.co', { code: 'not-an-email' }],
      ['a..b@x.com', { code: 'not-an-email' }],
      ['a@localhost', { code: 'not-an-email' }],
      ['ann @example.com', { code: 'not-an-email' }],
    ]);
  });

  it('accepts phone numbers with 7 to 15 digits and an extension', () => {
    table({ type: 'phone' }, [
      ['+1 (555) 123-4567', '+1 (555) 123-4567'],
      ['555.123.4567', '555.123.4567'],
      ['555-123-4567 x89', '555-123-4567 x89'],
      ['555 123 4567 ext. 12', '555 123 4567 ext. 12'],
      ['1234567', '1234567'],
      ['123456', { code: 'not-a-phone' }],
      ['1234567890123456', { code: 'not-a-phone' }],
      ['555-CALL-NOW', { code: 'not-a-phone' }],
      ['1+5551234567', { code: 'not-a-phone' }],
    ]);
  });

  it('accepts http and https web addresses only', () => {
    table({ type: 'url' }, [
      ['https://www.example.com', 'https://www.example.com'],
      ['HTTP://Example.com/a?b=c#d', 'HTTP://Example.com/a?b=c#d'],
      ['http://localhost:3000/x', 'http://localhost:3000/x'],
      ['www.example.com', { code: 'not-a-url' }],
      ['ftp://example.com', { code: 'not-a-url' }],
      ['https://exa mple.com', { code: 'not-a-url' }],
      ['https://', { code: 'not-a-url' }],
      ['javascript:alert(1)', { code: 'not-a-url' }],
    ]);
  });

  it('matches picklist options case-insensitively and returns the option spelling', () => {
    table({ type: 'picklist', options: ['New', 'Won', 'Lost'] }, [
      ['won', 'Won'],
      [' LOST ', 'Lost'],
      ['Maybe', { code: 'not-an-option' }],
    ]);
  });

  it('tells options apart that share a length and a first letter, or start outside ASCII', () => {
    table({ type: 'picklist', options: ['Red', 'Rex', 'Écru', 'ﬁne', 'R'] }, [
      ['Red', 'Red'],
      ['Rex', 'Rex'],
      ['Rey', { code: 'not-an-option' }],
      ['R', 'R'],
      ['Écru', 'Écru'],
      ['écru', 'Écru'],
      ['Ecru', { code: 'not-an-option' }],
      ['ﬁne', 'ﬁne'],
      ['rex', 'Rex'],
    ]);
  });

  it('accepts whole numbers as written, normalises zeros and groups, refuses fractions', () => {
    table({ type: 'integer' }, [
      ['250', '250'],
      ['-7', '-7'],
      ['0', '0'],
      ['007', '7'],
      ['1,250', '1250'],
      ['12.0', '12'],
      ['12.5', { code: 'not-an-integer' }],
      ['-', { code: 'not-an-integer' }],
      ['12a', { code: 'not-an-integer' }],
    ]);
  });

  it('checks latitude and longitude ranges', () => {
    table({ type: 'latitude' }, [
      ['90', '90'],
      ['-90', '-90'],
      ['40.7128', '40.7128'],
      ['90.0001', { code: 'not-a-latitude' }],
      ['90.000', '90.000'],
      ['-90.0', '-90.0'],
      ['90.001', { code: 'not-a-latitude' }],
      ['89.9999', '89.9999'],
      ['N40', { code: 'not-a-latitude' }],
    ]);
    table({ type: 'longitude' }, [
      ['-180', '-180'],
      ['179.99', '179.99'],
      ['180.5', { code: 'not-a-longitude' }],
    ]);
  });

  it('compiles a schema once into checkers keyed case-insensitively', () => {
    const c = compileSchema({
      object: 'X',
      fields: [{ name: 'Stage', type: 'picklist', options: ['A'] }],
    });
    assert.equal(c.byKey.get('stage')?.check('a'), 'A');
    const loose = compileSchema(
      { object: 'X', fields: [{ name: 'N', type: 'integer', required: true }] },
      false,
    );
    assert.equal(loose.fields[0]!.check(' abc '), 'abc', 'columns-only mode checks no types');
  });
});
