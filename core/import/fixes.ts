/**
 * One-click fixes for a whole column (issue 12 §4), as pure functions: each turns a value the
 * platform would refuse into the value it accepts, where the intent is clear, and leaves every
 * other value as it is. What "accepted" means is the platform's own rules (core/schema/
 * field-rules.ts): dates become YYYY-MM-DD, numbers plain digits with a dot, choices the
 * template's spelling. Where the intent is not clear (is 03/04/2026 the 3rd of April or the 4th
 * of March?) the planner says so, so the app asks once for the whole column. std.
 */
import { compileField, isRealDate } from '../schema/field-rules/index.ts';
import type { FieldDef } from '../schema/object-schema.ts';
import type { ValueFix } from './convert.ts';

/** Spaces around a value removed (including no-break spaces). */
export const trimSpaces: ValueFix = (v) => v.trim();

/* ------------------------------------------------------------------ dates */

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** A month's number from its English name or abbreviation ("Sept", "December"), else 0. */
function monthNumber(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return 0;
  const k = months.indexOf(w.slice(0, 3));
  if (k === -1) return 0;
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ][k]!;
  return full.startsWith(w) || w === 'sept' ? k + 1 : 0;
}

/** A two-digit year as Excel reads it: 00–29 → 2000s, 30–99 → 1900s. */
const fullYear = (y: string): number =>
  y.length === 2 ? (Number(y) <= 29 ? 2000 : 1900) + Number(y) : Number(y);

const numericDate =
  /^(\d{1,4})[/.\s-](\d{1,2})[/.\s-](\d{1,4})(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?$/;
const namedDate =
  /^(?:(\d{1,2})[\s.-]+([A-Za-z]{3,9}\.?)[\s.,-]+(\d{4})|([A-Za-z]{3,9}\.?)[\s.-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s.-]+(\d{4}))$/;

/** The parts of a numeric date as written: three numbers, and whether the first is a year. */
function dateParts(
  v: string,
): { a: number; b: number; c: number; yearFirst: boolean; yearText: string } | undefined {
  const m = numericDate.exec(v.trim());
  if (!m) return undefined;
  const yearFirst = m[1]!.length === 4;
  if (
    yearFirst ? m[3]!.length > 2 : m[1]!.length > 2 || (m[3]!.length !== 2 && m[3]!.length !== 4)
  ) {
    return undefined;
  }
  return { a: Number(m[1]), b: Number(m[2]), c: Number(m[3]), yearFirst, yearText: m[3]! };
}

const ymd = (y: number, m: number, d: number): string | null =>
  isRealDate(y, m, d)
    ? `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    : null;

/**
 * A date written another way as YYYY-MM-DD: numeric with `/`, `.`, `-` or spaces in the given
 * order (two-digit years as Excel reads them), or with an English month name ("31 Dec 2026",
 * "Dec 31, 2026"); a time of midnight may follow. null when it is no real date that way.
 */

export function fixDate(v: string, order: DateOrder): string | null {
  const t = v.trim();
  const named = namedDate.exec(t);
  if (named) {
    const d = Number(named[1] ?? named[5]);
    const m = monthNumber(named[2] ?? named[4]!);
    return m === 0 ? null : ymd(Number(named[3] ?? named[6]), m, d);
  }
  const p = dateParts(t);
  if (p === undefined) return null;
  if (p.yearFirst) return ymd(p.a, p.b, p.c);
  const y = fullYear(p.yearText);
  return order === 'dmy' ? ymd(y, p.b, p.a) : order === 'mdy' ? ymd(y, p.a, p.b) : null;
}

export type DateOrderGuess = {
  /** The order every value fits; undefined when none does or several do. */
  order: DateOrder | undefined;
  /** Day-first and month-first both fit every value: ask the user (once for the column). */
  ambiguous: boolean;
  /** Values that fit the order found (or either order, when ambiguous). */
  matching: number;
};

/**
 * Which order a column's dates are written in: day-first when some first number is over 12,
 * month-first when some second number is, ambiguous when neither shows (then ask).
 */
export function detectDateOrder(values: readonly string[]): DateOrderGuess {
  const counts = { dmy: 0, mdy: 0, either: 0 };
  for (const v of values) {
    const fits = ordersFitting(v);
    if (fits) counts[fits]++;
  }
  return dateOrderVerdict(counts.dmy, counts.mdy, counts.either);
}

/** Which orders a numeric date fits as a real date; undefined for blanks, named or year-first dates. */
function ordersFitting(v: string): 'dmy' | 'mdy' | 'either' | undefined {
  if (v.trim() === '' || namedDate.test(v.trim())) return undefined;
  const p = dateParts(v);
  if (p === undefined || p.yearFirst) return undefined;
  const y = fullYear(p.yearText);
  const asDmy = isRealDate(y, p.b, p.a);
  const asMdy = isRealDate(y, p.a, p.b);
  if (asDmy && asMdy) return 'either';
  if (asDmy) return 'dmy';
  return asMdy ? 'mdy' : undefined;
}

/** One order when only it shows, ambiguous when values fit both and none tells, else none. */
function dateOrderVerdict(dayFirst: number, monthFirst: number, either: number): DateOrderGuess {
  if (dayFirst > 0 && monthFirst === 0) {
    return { order: 'dmy', ambiguous: false, matching: dayFirst + either };
  }
  if (monthFirst > 0 && dayFirst === 0) {
    return { order: 'mdy', ambiguous: false, matching: monthFirst + either };
  }
  if (dayFirst === 0 && monthFirst === 0 && either > 0) {
    return { order: undefined, ambiguous: true, matching: either };
  }
  return { order: undefined, ambiguous: false, matching: 0 };
}

/* ------------------------------------------------------------------ choices */

const choiceKey = (s: string): string => s.toLowerCase().replace(/[\s_\-.]+/g, '');

/** A choice that differs from one of `options` only in case, spaces, `_`, `-` or `.`: the option's spelling. */
export function fixChoice(v: string, options: readonly string[]): string | null {
  const k = choiceKey(v);
  if (k === '') return null;
  const hits = options.filter((o) => choiceKey(o) === k);
  return hits.length === 1 ? hits[0]! : null;
}

/* ------------------------------------------------------------------ numbers */

/**
 * Which character is the decimal mark in a column's numbers: ',' when some value shows it is
 * (`1.234,50`, `12,5`), '.' when some shows it is (`1,234.50`, `12.5`), undefined when no
 * value tells (only `1,234`-like groups or whole numbers).
 */
export function detectDecimalMark(values: readonly string[]): ',' | '.' | undefined {
  let comma = 0;
  let dot = 0;
  for (const raw of values) {
    const v = raw.replace(/[^\d.,]/g, '');
    const lc = v.lastIndexOf(',');
    const ld = v.lastIndexOf('.');
    if (lc !== -1 && ld !== -1) {
      if (lc > ld) comma++;
      else dot++;
    } else if (lc !== -1) {
      // one comma not followed by exactly three digits is a decimal comma
      if (v.indexOf(',') === lc && v.length - lc - 1 !== 3) comma++;
    } else if (ld !== -1) {
      if (v.indexOf('.') === ld && v.length - ld - 1 !== 3) dot++;
    }
  }
  if (comma > 0 && dot === 0) return ',';
  if (dot > 0 && comma === 0) return '.';
  return undefined;
}

/**
 * A number written with thousands separators (`,` `.` spaces `'`), a currency sign or code
 * (`$ € £ ¥`, `USD`, `EUR`…), a decimal comma or accounting parentheses, as plain digits with a
 * dot: `€ 1.234,50` (mark ',') → `1234.50`, `(12.00)` → `-12.00`. null when it is not a number.
 */
export function fixNumber(v: string, decimalMark: ',' | '.'): string | null {
  const signed = withoutSignAndCurrency(v);
  if (signed === null) return null;
  // A value that has both marks shows its own: the last one (`1,200.00`, `1.200,00`). The
  // column's guess is only for values with one mark, where it cannot tell (`1,200`).
  const lc = signed.s.lastIndexOf(',');
  const ld = signed.s.lastIndexOf('.');
  const mark = lc !== -1 && ld !== -1 ? (lc > ld ? ',' : '.') : decimalMark;
  const digits = withoutGroups(signed.s, mark);
  if (digits === null || !/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(digits)) return null;
  const s = plainDecimal(digits);
  return signed.negative && /[1-9]/.test(s) ? '-' + s : s;
}

/**
 * The number without accounting parentheses, currency sign or code and its sign (`-`/`+` in
 * front, `-` behind), and whether it is negative. null when it is negative twice over.
 */
function withoutSignAndCurrency(v: string): { s: string; negative: boolean } | null {
  let s = v.trim();
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s
    .replace(/^(?:[$€£¥]|USD|EUR|GBP|CHF|CAD|AUD|JPY)\s*/i, '')
    .replace(/\s*(?:[$€£¥]|USD|EUR|GBP|CHF|CAD|AUD|JPY)$/i, '');
  if (s.startsWith('-') || s.startsWith('+') || s.endsWith('-')) {
    if (negative) return null;
    negative = s.startsWith('-') || s.endsWith('-');
    s = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s.slice(0, -1);
    s = s.replace(/^(?:[$€£¥])\s*/, '').trim();
  }
  return { s, negative };
}

/**
 * The digits without thousands separators and with a '.' decimal mark; null when the groups are
 * not of three digits after the first.
 */
function withoutGroups(s: string, decimalMark: ',' | '.'): string | null {
  const group = decimalMark === ',' ? /[.\s\u00a0\u202f']/g : /[,\s\u00a0\u202f']/g;
  const intPart = decimalMark === ',' ? s.split(',')[0]! : s.split('.')[0]!;
  if (
    /[.,\s\u00a0\u202f']/.test(intPart) &&
    !/^\d{1,3}(?:[.,\s\u00a0\u202f']\d{3})+$/.test(intPart)
  ) {
    return null;
  }
  const ungrouped = s.replace(group, '');
  return decimalMark === ',' ? ungrouped.replace(',', '.') : ungrouped;
}

/** `12.` → `12`, `.5` → `0.5`, `007` → `7`. */
function plainDecimal(digits: string): string {
  let s = digits;
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.startsWith('.')) s = '0' + s;
  return s.replace(/^0+(?=\d)/, '');
}

/* ------------------------------------------------------------------ the planner */

export type FixKind = 'trim' | 'date' | 'choice' | 'number';

/** A fix the app can offer for a column, with what it would do. */
export type FixSuggestion = {
  kind: FixKind;
  /** Values the platform refuses now and would accept after the fix. */
  fixes: number;
  /** A few of them, before and after. */
  examples: { from: string; to: string }[];
  /** For dates written day/month or month/day where no value tells: ask which before applying. */
  ask?: {
    question: string;
    choices: { order: DateOrder; label: string; example: { from: string; to: string } }[];
  };
  /** The options to pass to {@link makeFix}. */
  options: FixOptions;
};

export type FixOptions = {
  order?: DateOrder;
  decimalMark?: ',' | '.';
  choices?: readonly string[];
};

/**
 * The fix as a function over one value: fixed when it can be, else unchanged. With the column's
 * `field`, a number the platform already accepts is never changed (in a column guessed to use
 * decimal commas, an accepted `1,200` is twelve hundred, not 1.2).
 */
export function makeFix(kind: FixKind, options: FixOptions = {}, field?: FieldDef): ValueFix {
  if (kind === 'number' && field !== undefined) {
    const check = compileField(field).check;
    const mark = options.decimalMark ?? '.';
    return (v) => (typeof check(v) === 'string' ? v : (fixNumber(v, mark) ?? v));
  }
  switch (kind) {
    case 'trim':
      return trimSpaces;
    case 'date':
      return (v) => (options.order === undefined ? v : (fixDate(v, options.order) ?? v));
    case 'choice':
      return (v) => fixChoice(v, options.choices ?? []) ?? v;
    case 'number':
      return (v) => fixNumber(v, options.decimalMark ?? '.') ?? v;
  }
}

/**
 * The fixes worth offering for a column of `field`, from its values (a sample is fine): only
 * those that turn refused values into accepted ones, each with a count and examples.
 */

export function suggestFixes(field: FieldDef, values: readonly string[]): FixSuggestion[] {
  const check = compileField(field).check;
  const accepted = (v: string): boolean => typeof check(v) === 'string';
  const refused = values.filter((v) => !accepted(v));
  const out: FixSuggestion[] = [];
  // A fix counts where the platform would refuse the value, or read it otherwise than meant
  // (01/02/2026 in a day-first column is the 1st of February, not the 2nd of January).
  const tryFix = (kind: FixKind, options: FixOptions, ask?: FixSuggestion['ask']): void => {
    const fix = makeFix(kind, options, field);
    const examples: { from: string; to: string }[] = [];
    let fixes = 0;
    for (const v of values) {
      const to = fix(v);
      if (to === v) continue;
      const after = check(to);
      if (typeof after !== 'string' || check(v) === after) continue;
      fixes++;
      if (examples.length < 3) examples.push({ from: v, to });
    }
    if (fixes > 0) out.push({ kind, fixes, examples, options, ...(ask ? { ask } : {}) });
  };
  const type = field.type ?? 'text';
  if (type === 'date') {
    const guess = detectDateOrder(values);
    if (guess.order !== undefined) tryFix('date', { order: guess.order });
    else if (guess.ambiguous) {
      const sample = values.find((v) => fixDate(v, 'dmy') !== null && fixDate(v, 'mdy') !== null)!;
      tryFix(
        'date',
        { order: 'dmy' },
        {
          question: `Is ${sample} the ${fixDate(sample, 'dmy')} (day first) or the ${fixDate(sample, 'mdy')} (month first)?`,
          choices: [
            {
              order: 'dmy',
              label: 'Day first (31/12/2026)',
              example: { from: sample, to: fixDate(sample, 'dmy')! },
            },
            {
              order: 'mdy',
              label: 'Month first (12/31/2026)',
              example: { from: sample, to: fixDate(sample, 'mdy')! },
            },
          ],
        },
      );
    } else tryFix('date', { order: 'mdy' }); // named months and year-first dates need no order
  } else if (refused.length === 0) {
    return out;
  } else if (type === 'picklist') {
    tryFix('choice', { choices: field.options ?? [] });
  } else if (type === 'number' || type === 'integer' || type === 'currency') {
    tryFix('number', { decimalMark: detectDecimalMark(refused) ?? '.' });
  }
  if (out.length === 0) tryFix('trim', {});
  return out;
}
