/**
 * Numbers, integers, currency and coordinates (contract §3), checked in place on the span by
 * character code, with the general paths (signs, thousands groups, exponents, accounting
 * parentheses) apart from the fast one. std.
 */
import { Char } from '../../util/char-codes.ts';
import type { ProblemCode } from '../../csv/types.ts';
import { trimEndAt, trimStartAt } from './trim.ts';
import { fail, part, q, type SpanChecker } from './types.ts';

// Local copies of the codes used here: V8 folds a module's own constants into the hot loops,
// but reads an imported object's fields on every use (about 5% of `npm run bench -- csv`).
const {
  ASCII_LOWER_BIT,
  COMMA,
  DIGIT_0,
  DIGIT_9,
  DOLLAR,
  DOT,
  EURO,
  LOWER_E,
  MINUS,
  PAREN_CLOSE,
  PAREN_OPEN,
  PLUS,
  POUND,
  YEN,
} = Char;

/* ------------------------------------------------------------------ numbers */

type DecimalOptions = { grouping: boolean; exponent: boolean };

/**
 * Scans a plain decimal number (`-1,234.50`, `.5`, `1e-3`) in the span `s[from, to)`. Its normal
 * form has no `+`, grouping commas or redundant leading zeros. Returns undefined when the number
 * is already in normal form (nothing allocated), the normal form when it differs, null when it
 * is no number.
 */
export function decimalSpan(
  s: string,
  from: number,
  to: number,
  opts: DecimalOptions,
  keep = true,
): string | null | undefined {
  // Fast path, small enough to be inlined: [-]digits[.digits] without a redundant leading zero
  // is already in normal form.
  let i = from;
  let c = s.charCodeAt(i);
  if (c === MINUS) c = s.charCodeAt(++i);
  const d0 = i;
  while (i < to && (c - DIGIT_0) >>> 0 <= 9) c = s.charCodeAt(++i);
  if (i > d0 && (i - d0 === 1 || s.charCodeAt(d0) !== DIGIT_0)) {
    if (i === to) return undefined;
    if (c === DOT) {
      const f0 = ++i;
      while (i < to && (s.charCodeAt(i) - DIGIT_0) >>> 0 <= 9) i++;
      if (i === to && i > f0) return undefined;
    }
  }
  return decimalSpanGeneral(s, from, to, opts, keep);
}

/** The general path of {@link decimalSpan}: signs, grouping commas, exponents, leading zeros. */
// eslint-disable-next-line complexity -- a single charCode scan
function decimalSpanGeneral(
  s: string,
  from: number,
  to: number,
  opts: DecimalOptions,
  keep: boolean,
): string | null | undefined {
  const n = to;
  if (n <= from) return null;
  let i = from;
  let rewrite = false;
  let c = s.charCodeAt(from);
  if (c === PLUS || c === MINUS) {
    rewrite = c === PLUS;
    i = from + 1;
  }
  const intStart = i;
  let digits = 0;
  let groupRun = -1; // digits since the last grouping comma, -1 before the first one
  while (i < n) {
    c = s.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      digits++;
      if (groupRun >= 0) groupRun++;
      i++;
    } else if (c === COMMA && opts.grouping) {
      // a grouping comma needs 1–3 digits before the first one and exactly 3 between them
      if (digits === 0 || (groupRun === -1 ? digits > 3 : groupRun !== 3)) return null;
      rewrite = true;
      groupRun = 0;
      i++;
    } else break;
  }
  if (groupRun >= 0 && groupRun !== 3) return null;
  const intEnd = i;
  let fracDigits = 0;
  let fracStart = -1;
  if (i < n && s.charCodeAt(i) === DOT) {
    i++;
    fracStart = i;
    while (i < n && (c = s.charCodeAt(i)) >= DIGIT_0 && c <= DIGIT_9) {
      fracDigits++;
      i++;
    }
    if (fracDigits === 0 || digits === 0) rewrite = true; // "5." or ".5"
  }
  if (digits === 0 && fracDigits === 0) return null;
  let expStart = -1;
  if (i < n && (s.charCodeAt(i) | ASCII_LOWER_BIT) === LOWER_E) {
    if (!opts.exponent) return null;
    expStart = i;
    if (s.charCodeAt(i) !== LOWER_E) rewrite = true;
    i++;
    if (i < n && (s.charCodeAt(i) === PLUS || s.charCodeAt(i) === MINUS)) {
      if (s.charCodeAt(i) === PLUS) rewrite = true;
      i++;
    }
    const ed = i;
    while (i < n && (c = s.charCodeAt(i)) >= DIGIT_0 && c <= DIGIT_9) i++;
    if (i === ed) return null;
  }
  if (i !== n) return null;
  if (digits > 1 && s.charCodeAt(intStart) === DIGIT_0) rewrite = true; // leading zeros
  if (!rewrite || !keep) return undefined;
  let int = groupRun >= 0 ? withoutCommas(s, intStart, intEnd) : s.slice(intStart, intEnd);
  let z = 0;
  while (z < int.length - 1 && int.charCodeAt(z) === DIGIT_0) z++;
  if (z > 0) int = int.slice(z);
  if (int.length === 0) int = '0';
  const frac = fracDigits > 0 ? '.' + s.slice(fracStart, fracStart + fracDigits) : '';
  const exp = expStart >= 0 ? 'e' + s.slice(expStart + 1, to).replace('+', '') : '';
  return (s.charCodeAt(from) === MINUS ? '-' : '') + int + frac + exp;
}

/** `s[from, to)` without its commas (thousands groups), with no regular expression. */
function withoutCommas(s: string, from: number, to: number): string {
  let out = '';
  let at = from;
  for (let c = s.indexOf(',', from); c !== -1 && c < to; c = s.indexOf(',', c + 1)) {
    out += s.slice(at, c);
    at = c + 1;
  }
  return out + s.slice(at, to);
}

const numberHelp = 'Use digits with an optional minus sign and decimal point, like -1234.5.';

export function numberChecker(): SpanChecker {
  const opts = { grouping: true, exponent: true };
  return (s, from, to, keep) => {
    const d = decimalSpan(s, from, to, opts, keep);
    if (d !== null) return d;
    return fail('not-a-number', `${q(part(s, from, to))} is not a number. ${numberHelp}`);
  };
}

/**
 * Whether `s[from, to)` is `[-]digits` without a redundant leading zero (its own normal form).
 * The same loop opens decimalSpan's fast path; sharing it as a function measured 1–2 % slower on
 * the 1,000,000-row check, so it is written twice.
 */
function isPlainWhole(s: string, from: number, to: number): boolean {
  let i = from;
  let c = s.charCodeAt(i);
  if (c === MINUS) c = s.charCodeAt(++i);
  const d0 = i;
  while (i < to && (c - DIGIT_0) >>> 0 <= 9) c = s.charCodeAt(++i);
  return i === to && i > d0 && (i - d0 === 1 || s.charCodeAt(d0) !== DIGIT_0);
}

export function integerChecker(): SpanChecker {
  const opts = { grouping: true, exponent: false };
  return (s, from, to, keep) => {
    if (isPlainWhole(s, from, to)) return undefined;
    const r = decimalSpan(s, from, to, opts, keep);
    if (r !== null) {
      // the fraction, if any, must be zeros: read in the normal form, or in place when only
      // the verdict is wanted (the digits after the dot are the same in both)
      const d = r ?? s;
      const a = r === undefined ? from : 0;
      const b = r === undefined ? to : r.length;
      const dot = d.indexOf('.', a);
      if (dot === -1 || dot >= b) return r;
      if (!keep) {
        if (fractionIsZero(d, dot, b)) return undefined;
        return fail(
          'not-an-integer',
          `${q(part(s, from, to))} is not a whole number. Use digits only, like 250 (no decimals).`,
        );
      }
      if (/^\.0+$/.test(d.slice(dot, b))) return d.slice(a, dot);
    }
    return fail(
      'not-an-integer',
      `${q(part(s, from, to))} is not a whole number. Use digits only, like 250${r !== null ? ' (no decimals)' : ''}.`,
    );
  };
}

const plainDecimal: DecimalOptions = { grouping: false, exponent: false };
const groupedDecimal: DecimalOptions = { grouping: true, exponent: false };

/** Whether char code `c` is one of the currency symbols accepted ($ € £ ¥). */
const isCurrencySymbol = (c: number): boolean =>
  c === DOLLAR || c === EURO || c === POUND || c === YEN;

/**
 * Currency: a number with an optional symbol, sign or accounting parentheses (see the header), in
 * `s[from, to)`: undefined when the value is already its normal
 * form, the normal form when it differs, null when it is no amount of money.
 */
// eslint-disable-next-line complexity -- the accepted money notations, one by one
function currencySpan(s: string, from: number, to: number, keep = true): string | null | undefined {
  let a = from;
  let b = to;
  let neg = false;
  if (b - a >= 2 && s.charCodeAt(a) === PAREN_OPEN && s.charCodeAt(b - 1) === PAREN_CLOSE) {
    a = trimStartAt(s, a + 1, b - 1);
    b = trimEndAt(s, a, b - 1);
    neg = true;
  }
  let sign = 0;
  let c = a < b ? s.charCodeAt(a) : 0;
  if (c === MINUS || c === PLUS) {
    sign = c;
    a = trimStartAt(s, a + 1, b);
  }
  let symbols = 0;
  if (a < b && isCurrencySymbol(s.charCodeAt(a))) {
    a = trimStartAt(s, a + 1, b);
    symbols++;
  }
  c = a < b ? s.charCodeAt(a) : 0;
  if (sign === 0 && (c === MINUS || c === PLUS)) {
    sign = c;
    a++;
  }
  if (symbols === 0 && a < b && isCurrencySymbol(s.charCodeAt(b - 1))) b = trimEndAt(s, a, b - 1);
  if (neg && sign !== 0) return null;
  if (a >= b) return null;
  c = s.charCodeAt(a);
  if (c === PLUS || c === MINUS) return null;
  const d = decimalSpan(s, a, b, groupedDecimal, keep);
  if (d === null) return null;
  if (!keep) return undefined;
  const negative = neg || sign === MINUS;
  if (d === undefined && !negative && a === from && b === to) return undefined;
  const digits = d ?? s.slice(a, b);
  return negative && digits !== '0' ? '-' + digits : digits;
}

export function currencyChecker(): SpanChecker {
  return (s, from, to, keep) => {
    // fast path: plain digits and one dot (never a value that starts with its symbol)
    const plain = isCurrencySymbol(s.charCodeAt(from))
      ? null
      : decimalSpan(s, from, to, plainDecimal, keep);
    if (plain !== null) return plain;
    const d = currencySpan(s, from, to, keep);
    if (d !== null) return d;
    return fail(
      'not-a-currency',
      `${q(part(s, from, to))} is not an amount of money. Use a number like 1234.50 (a $ sign, thousands commas and (12.00) for negatives are fine).`,
    );
  };
}

/** Whether `s[from, to)` is empty or `.` followed by zeros only (90.000 is 90). */
function fractionIsZero(s: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (s.charCodeAt(i) !== DIGIT_0) return false;
  return true;
}

export function coordinateChecker(kind: 'latitude' | 'longitude'): SpanChecker {
  const limit = kind === 'latitude' ? 90 : 180;
  const code: ProblemCode = kind === 'latitude' ? 'not-a-latitude' : 'not-a-longitude';
  const example = kind === 'latitude' ? '40.7128' : '-74.0060';
  const opts = { grouping: false, exponent: false };
  // eslint-disable-next-line complexity -- the common shape in one pass, then the general path
  return (s, from, to) => {
    // Fast path, one pass: [-]d{1,3}[.d+] without a redundant leading zero is in normal form,
    // and its integer part, summed on the way, tells the range (about 2 of every 3 values in a
    // real file, and every one of the bench's: one loop instead of decimalSpan and a re-read).
    let i = from;
    let c = s.charCodeAt(i);
    if (c === MINUS) c = s.charCodeAt(++i);
    const d0 = i;
    let whole = 0;
    while (i < to && (c - DIGIT_0) >>> 0 <= 9) {
      whole = whole * 10 + c - DIGIT_0;
      c = s.charCodeAt(++i);
    }
    const digits = i - d0;
    if (digits > 0 && digits <= 3 && (digits === 1 || s.charCodeAt(d0) !== DIGIT_0)) {
      if (i === to) {
        if (whole <= limit) return undefined;
      } else if (c === DOT) {
        const f0 = ++i;
        while (i < to && (s.charCodeAt(i) - DIGIT_0) >>> 0 <= 9) i++;
        // at the limit itself (90.000), only zeros may follow the dot
        if (
          i === to &&
          i > f0 &&
          (whole < limit || (whole === limit && fractionIsZero(s, f0 - 1, to)))
        ) {
          return undefined;
        }
      }
    }
    const r = decimalSpan(s, from, to, opts);
    if (r !== null) {
      const d = r ?? s;
      const a = r === undefined ? from : 0;
      const b = r === undefined ? to : r.length;
      // The normal form is [-]digits[.digits] (no exponent, no leading zeros): its integer part,
      // read digit by digit, tells the range without making a string or a Number.
      let i = d.charCodeAt(a) === MINUS ? a + 1 : a;
      let whole = 0;
      while (i < b && d.charCodeAt(i) !== DOT && whole <= limit) {
        whole = whole * 10 + d.charCodeAt(i++) - DIGIT_0;
      }
      if (whole < limit) return r;
      if (whole === limit && fractionIsZero(d, i, b)) return r;
      return fail(
        code,
        `${q(part(s, from, to))} is not a ${kind}: it must be between -${limit} and ${limit}. Use decimal degrees, like ${example}.`,
      );
    }
    return fail(
      code,
      `${q(part(s, from, to))} is not a ${kind}. Use decimal degrees between -${limit} and ${limit}, like ${example}.`,
    );
  };
}
