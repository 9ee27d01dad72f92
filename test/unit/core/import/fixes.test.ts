import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  detectDateOrder,
  detectDecimalMark,
  fixChoice,
  fixDate,
  fixNumber,
  makeFix,
  suggestFixes,
  trimSpaces,
} from '../../../../core/import/fixes.ts';
import { checkValue } from '../../../../core/schema/field-rules/index.ts';
import type { FieldDef } from '../../../../core/schema/object-schema.ts';

const date: FieldDef = { name: 'FollowUp', type: 'date' };
const status: FieldDef = {
  name: 'Status',
  type: 'picklist',
  options: ['New', 'Not Contacted', 'Won'],
};
const value: FieldDef = { name: 'Value', type: 'currency' };
const employees: FieldDef = { name: 'Employees', type: 'number' };

describe('dates', () => {
  it('rewrites day-first, month-first, year-first and named-month dates as YYYY-MM-DD', () => {
    assert.equal(fixDate('31/12/2026', 'dmy'), '2026-12-31');
    assert.equal(fixDate('31.12.26', 'dmy'), '2026-12-31');
    assert.equal(fixDate('12-31-2026', 'mdy'), '2026-12-31');
    assert.equal(fixDate('2026/12/31', 'dmy'), '2026-12-31');
    assert.equal(fixDate('31 Dec 2026', 'mdy'), '2026-12-31');
    assert.equal(fixDate('December 31, 2026', 'dmy'), '2026-12-31');
    assert.equal(fixDate('1/2/1975 00:00', 'dmy'), '1975-02-01');
    assert.equal(fixDate('15/01/30', 'dmy'), '1930-01-15');
  });
  it('refuses what is no real date that way', () => {
    assert.equal(fixDate('31/12/2026', 'mdy'), null);
    assert.equal(fixDate('29/02/2027', 'dmy'), null);
    assert.equal(fixDate('soon', 'dmy'), null);
    assert.equal(fixDate('1/2/2026 14:30', 'dmy'), null);
  });
  it('detects the order when some value shows it, and says when none does', () => {
    assert.deepEqual(detectDateOrder(['01/02/2026', '31/12/2026', '']), {
      order: 'dmy',
      ambiguous: false,
      matching: 2,
    });
    assert.deepEqual(detectDateOrder(['12/31/2026', '01/02/2026']), {
      order: 'mdy',
      ambiguous: false,
      matching: 2,
    });
    assert.deepEqual(detectDateOrder(['01/02/2026', '03/04/2026']), {
      order: undefined,
      ambiguous: true,
      matching: 2,
    });
    assert.deepEqual(detectDateOrder(['31/12/2026', '12/31/2026']), {
      order: undefined,
      ambiguous: false,
      matching: 0,
    });
  });
  it('every fixed date passes the platform rule', () => {
    for (const v of ['31/12/2026', '1.2.2026', '2026/1/2']) {
      assert.ok(checkValue(date, fixDate(v, 'dmy')!).ok, v);
    }
  });
});

describe('choices and spaces', () => {
  it('spells a choice as the template does when it differs only in case, spaces or punctuation', () => {
    assert.equal(fixChoice('not contacted', status.options!), 'Not Contacted');
    assert.equal(fixChoice('NOT_CONTACTED', status.options!), 'Not Contacted');
    assert.equal(fixChoice(' notcontacted ', status.options!), 'Not Contacted');
    assert.equal(fixChoice('Lost', status.options!), null);
  });
  it('trims spaces, including no-break spaces', () => {
    assert.equal(trimSpaces('\u00a0 Acme \t'), 'Acme');
  });
});

describe('numbers', () => {
  it('reads thousands separators, currency signs, decimal commas and parentheses', () => {
    assert.equal(fixNumber('$1,234.50', '.'), '1234.50');
    assert.equal(fixNumber('€ 1.234,50', ','), '1234.50');
    assert.equal(fixNumber('1 234 567,8', ','), '1234567.8');
    assert.equal(fixNumber("1'234.50 CHF", '.'), '1234.50');
    assert.equal(fixNumber('(12.00)', '.'), '-12.00');
    assert.equal(fixNumber('-€5', '.'), '-5');
    assert.equal(fixNumber('12,5', ','), '12.5');
    assert.equal(fixNumber('USD 007', '.'), '7');
  });
  it('refuses what is not a number', () => {
    assert.equal(fixNumber('12,34,5', '.'), null);
    assert.equal(fixNumber('abc', '.'), null);
    assert.equal(fixNumber('1.2.3', '.'), null);
  });
  it('detects the decimal mark from the values that show it', () => {
    assert.equal(detectDecimalMark(['1.234,50', '12']), ',');
    assert.equal(detectDecimalMark(['12,5']), ',');
    assert.equal(detectDecimalMark(['1,234.50']), '.');
    assert.equal(detectDecimalMark(['1,234', '5']), undefined);
  });
  it('every fixed number passes the platform rules for number and currency', () => {
    for (const v of ['€ 1.234,50', '1 234,5', '(3,00)']) {
      const fixed = fixNumber(v, ',')!;
      assert.ok(checkValue(employees, fixed).ok, `${v} → ${fixed}`);
      assert.ok(checkValue(value, fixed).ok, `${v} → ${fixed}`);
    }
  });
});

describe('suggestFixes', () => {
  it('offers a date fix with its count and examples when the order shows', () => {
    const s = suggestFixes(date, ['31/12/2026', '2026-01-05', '01/02/2026', '']);
    assert.equal(s.length, 1);
    assert.equal(s[0]!.kind, 'date');
    assert.equal(s[0]!.fixes, 2);
    assert.deepEqual(s[0]!.examples[0], { from: '31/12/2026', to: '2026-12-31' });
    assert.equal(s[0]!.ask, undefined);
  });
  it('asks once, day or month first, when no value tells', () => {
    // 01/02/2026 is accepted as month-first by the platform; 13.02.2026-like values are not here
    const s = suggestFixes(date, ['01.02.2026', '03.04.2026']);
    assert.equal(s[0]!.kind, 'date');
    assert.ok(s[0]!.ask);
    assert.deepEqual(
      s[0]!.ask.choices.map((c) => c.example.to),
      ['2026-02-01', '2026-01-02'],
    );
  });
  it('offers choice and number fixes only when they turn refused values into accepted ones', () => {
    const c = suggestFixes(status, ['new', 'not-contacted', 'Won', 'Maybe']);
    assert.deepEqual(
      c.map((x) => [x.kind, x.fixes]),
      [['choice', 1]],
    );
    const n = suggestFixes(value, ['1.234,50 €', '12,00 €', '5']);
    assert.deepEqual(
      n.map((x) => [x.kind, x.fixes, x.options.decimalMark]),
      [['number', 2, ',']],
    );
    assert.deepEqual(suggestFixes(value, ['5', '$1,200.00']), []);
  });
  it('a column that mixes number formats: each value keeps its own decimal mark', () => {
    const n = suggestFixes(value, ['1,200.00', '€1.200,00', '1,200', '3,5 €']);
    assert.equal(n.length, 1);
    assert.equal(n[0]!.kind, 'number');
    assert.equal(n[0]!.options.decimalMark, ',');
    // only the refused values are fixed, the accepted ones are not touched
    assert.deepEqual(n[0]!.examples, [
      { from: '€1.200,00', to: '1200.00' },
      { from: '3,5 €', to: '3.5' },
    ]);
    const fix = makeFix('number', n[0]!.options, value);
    assert.equal(fix('1,200.00'), '1,200.00', 'accepted: unchanged');
    assert.equal(fix('1,200'), '1,200', 'accepted as twelve hundred: not made 1.2');
    assert.equal(fix('€1.200,00'), '1200.00');
    // both marks in one value: the last is the decimal mark, whatever the column's guess
    assert.equal(fixNumber('1,200.00', ','), '1200.00');
    assert.equal(fixNumber('1.200,00', '.'), '1200.00');
    assert.equal(fixNumber('1,234,567.8', ','), '1234567.8');
  });
  it('makes each fix a function that leaves values it cannot fix unchanged', () => {
    const f = makeFix('date', { order: 'dmy' });
    assert.equal(f('31/12/2026'), '2026-12-31');
    assert.equal(f('whenever'), 'whenever');
  });
});
