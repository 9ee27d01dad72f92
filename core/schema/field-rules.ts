/**
 * Per-type value checks and normalisation for every field type of contract §3, compiled once per
 * schema into one closure per field (the hot path: a million rows × fifteen fields). The app, the
 * CLI and the emulator all use these, so a file that passes locally passes on the server (§3).
 * std.
 *
 * A checker takes the cell exactly as the CSV holds it and returns either the normalised value (a
 * string; '' means no value) or a {@link FieldFailure}. Values are trimmed of surrounding spaces
 * and tabs first. Decisions (see docs/csv-validator.md):
 * - number: `-12.5`, `+3`, `.5`, `1e3`, `1,234.5` (commas only as thousands groups) → `-12.5`,
 *   `3`, `0.5`, `1e3`, `1234.5`; leading zeros dropped.
 * - integer: whole numbers, with optional thousands groups; `12.0` is accepted as `12`.
 * - currency: a number with an optional symbol ($ € £ ¥) before or after, a sign, thousands
 *   groups, or accounting parentheses: `$1,234.50` → `1234.50`, `(12.00)` → `-12.00`, `-$5` →
 *   `-5`. Decimals are kept as written (never rounded). No exponent.
 * - boolean: true/false/yes/no/1/0, any case → `true`/`false`.
 * - date: YYYY-MM-DD or MM/DD/YYYY (1- or 2-digit month and day), a real calendar date → YYYY-MM-DD.
 * - datetime: ISO 8601 `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (a space for the T is accepted)
 *   → with `T`, seconds always present, `Z` upper case; a date alone is accepted as that date.
 * - email: `local@domain.tld`, ASCII, at most 254 characters.
 * - phone: digits, spaces, + (first only), -, (), . and an extension (`x12`, `ext. 12`);
 *   7–15 digits before the extension; kept as written.
 * - url: http:// or https:// and a host name; no spaces; kept as written.
 * - picklist: case-insensitive → the option's own spelling.
 * - latitude / longitude: decimal degrees within -90..90 / -180..180.
 */
import type { ProblemCode } from '../csv/types.ts';
import { codePointLength, quoteForMessage } from '../util/text.ts';
import type { FieldDef, FieldType, ObjectSchema } from './object-schema.ts';

/** Why a value was refused, in words that say what to do. */
export type FieldFailure = { code: ProblemCode; message: string };

/** A compiled check: the normalised value, or why the value was refused. */
export type FieldChecker = (raw: string) => string | FieldFailure;

/**
 * The same check over a span of a larger string (the scanner hands out fields in place, see
 * core/csv/scanner.ts): the value is `s.slice(from, to)`, already trimmed and not empty.
 * Returns `undefined` when the value is valid exactly as written (the common case: nothing is
 * allocated), the normalised value when it differs, or why it was refused. `keep: false` says
 * only the verdict is wanted (nothing is stored): a valid value may then answer `undefined`
 * even when its normal form differs, which spares making that string.
 */
export type SpanChecker = (
  s: string,
  from: number,
  to: number,
  keep: boolean,
) => string | FieldFailure | undefined;

/** One schema field, compiled. */
export type CompiledField = {
  name: string;
  type: FieldType;
  required: boolean;
  /** The whole check: trim, empty/required, then the type's rule. */
  check: FieldChecker;
  /** The type's rule alone, for a value already trimmed and not empty. */
  checkPresent: FieldChecker;
  /** {@link checkPresent} over a span, allocating nothing for a valid value (the hot path). */
  checkSpan: SpanChecker;
  /** The failure for an empty required value. */
  requiredFailure: FieldFailure;
  /**
   * For text fields (and columns-only mode): the most characters accepted without calling
   * `checkPresent` (a UTF-16 length at or under it is always fine); -1 for other types.
   */
  plainTextUpTo: number;
};

/** A schema compiled once for fast per-row use. */
export type CompiledSchema = {
  object: string;
  fields: readonly CompiledField[];
  /** Lower-cased, trimmed field name → field. */
  byKey: ReadonlyMap<string, CompiledField>;
};

const SPACE = 32;
const TAB = 9;

/**
 * The value without surrounding white space, as `String.prototype.trim` (what every check starts
 * from); the validator trims spans of the decoded text the same way ({@link trimStartAt}).
 */
export function trimValue(raw: string): string {
  const n = raw.length;
  if (n === 0) return raw;
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(n - 1);
  if (a > 32 && a < 160 && b > 32 && b < 160) return raw;
  return raw.trim();
}

/** Whether char code `c` is white space as `String.prototype.trim` sees it. */
export function isTrimmedSpace(c: number): boolean {
  if (c > 32 && c < 160) return false;
  return (
    c === SPACE ||
    (c >= TAB && c <= 13) ||
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Where the value `s[from, to)` starts once trimmed as {@link trimValue} trims. */
export function trimStartAt(s: string, from: number, to: number): number {
  while (from < to && isTrimmedSpace(s.charCodeAt(from))) from++;
  return from;
}

/** Where the value `s[from, to)` ends once trimmed as {@link trimValue} trims. */
export function trimEndAt(s: string, from: number, to: number): number {
  while (to > from && isTrimmedSpace(s.charCodeAt(to - 1))) to--;
  return to;
}

const q = (v: string): string => quoteForMessage(v);
const fail = (code: ProblemCode, message: string): FieldFailure => ({ code, message });

/* ------------------------------------------------------------------ numbers */

const D0 = 48;
const D9 = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const COMMA = 44;

type DecimalOptions = { grouping: boolean; exponent: boolean };

/**
 * Scans a plain decimal number (`-1,234.50`, `.5`, `1e-3`) in the span `s[from, to)`. Its normal
 * form has no `+`, grouping commas or redundant leading zeros. Returns undefined when the number
 * is already in normal form (nothing allocated), the normal form when it differs, null when it
 * is no number.
 */
// eslint-disable-next-line complexity -- the fast path, kept in one small function to be inlined
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
  while (c >= D0 && c <= D9 && i < to) c = s.charCodeAt(++i);
  if (i > d0 && (i - d0 === 1 || s.charCodeAt(d0) !== D0)) {
    if (i === to) return undefined;
    if (c === DOT) {
      const f0 = ++i;
      while (i < to && (c = s.charCodeAt(i)) >= D0 && c <= D9) i++;
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
    if (c >= D0 && c <= D9) {
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
    while (i < n && (c = s.charCodeAt(i)) >= D0 && c <= D9) {
      fracDigits++;
      i++;
    }
    if (fracDigits === 0 || digits === 0) rewrite = true; // "5." or ".5"
  }
  if (digits === 0 && fracDigits === 0) return null;
  let expStart = -1;
  if (i < n && (s.charCodeAt(i) | 0x20) === 101 /* e */) {
    if (!opts.exponent) return null;
    expStart = i;
    if (s.charCodeAt(i) !== 101) rewrite = true;
    i++;
    if (i < n && (s.charCodeAt(i) === PLUS || s.charCodeAt(i) === MINUS)) {
      if (s.charCodeAt(i) === PLUS) rewrite = true;
      i++;
    }
    const ed = i;
    while (i < n && (c = s.charCodeAt(i)) >= D0 && c <= D9) i++;
    if (i === ed) return null;
  }
  if (i !== n) return null;
  if (digits > 1 && s.charCodeAt(intStart) === D0) rewrite = true; // leading zeros
  if (!rewrite || !keep) return undefined;
  let int = groupRun >= 0 ? withoutCommas(s, intStart, intEnd) : s.slice(intStart, intEnd);
  let z = 0;
  while (z < int.length - 1 && int.charCodeAt(z) === D0) z++;
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

/** The span as a string (only on the rare paths: failures and rewrites). */
const part = (s: string, from: number, to: number): string =>
  from === 0 && to === s.length ? s : s.slice(from, to);

const numberHelp = 'Use digits with an optional minus sign and decimal point, like -1234.5.';

function numberChecker(): SpanChecker {
  const opts = { grouping: true, exponent: true };
  return (s, from, to, keep) => {
    const d = decimalSpan(s, from, to, opts, keep);
    if (d !== null) return d;
    return fail('not-a-number', `${q(part(s, from, to))} is not a number. ${numberHelp}`);
  };
}

function integerChecker(): SpanChecker {
  const opts = { grouping: true, exponent: false };
  return (s, from, to, keep) => {
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
const isCurrencySymbol = (c: number): boolean => c === 36 || c === 8364 || c === 163 || c === 165;

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
  if (b - a >= 2 && s.charCodeAt(a) === 40 /* ( */ && s.charCodeAt(b - 1) === 41 /* ) */) {
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

function currencyChecker(): SpanChecker {
  return (s, from, to, keep) => {
    // fast path: plain digits and one dot
    const plain = decimalSpan(s, from, to, plainDecimal, keep);
    if (plain !== null) return plain;
    const d = currencySpan(s, from, to, keep);
    if (d !== null) return d;
    return fail(
      'not-a-currency',
      `${q(part(s, from, to))} is not an amount of money. Use a number like 1234.50 (a $ sign, thousands commas and (12.00) for negatives are fine).`,
    );
  };
}

/* ------------------------------------------------------------------ boolean */

const booleans = new Map<string, string>([
  ['true', 'true'],
  ['yes', 'true'],
  ['1', 'true'],
  ['false', 'false'],
  ['no', 'false'],
  ['0', 'false'],
]);

function booleanChecker(): SpanChecker {
  return (s, from, to) => {
    const v = part(s, from, to);
    const b = booleans.get(v) ?? booleans.get(v.toLowerCase());
    if (b !== undefined) return b === v ? undefined : b;
    return fail('not-a-boolean', `${q(v)} is not yes or no. Use true/false, yes/no or 1/0.`);
  };
}

/* ------------------------------------------------------------------ dates */

const daysIn = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year/month/day is a real calendar date (Gregorian, leap years included). */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : daysIn[m - 1]!);
}

function digitsAt(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - D0;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/**
 * A date as YYYY-MM-DD, from YYYY-MM-DD or M/D/YYYY in `s[from, to)`: undefined when already
 * YYYY-MM-DD, null when it is not a real date.
 */
// eslint-disable-next-line complexity -- two date notations, checked by charCode
function dateSpan(s: string, from: number, to: number, keep = true): string | null | undefined {
  const n = to - from;
  if (n === 10 && s.charCodeAt(from + 4) === MINUS && s.charCodeAt(from + 7) === MINUS) {
    const y = digitsAt(s, from, from + 4);
    const m = digitsAt(s, from + 5, from + 7);
    const d = digitsAt(s, from + 8, to);
    return y >= 0 && m >= 0 && d >= 0 && isRealDate(y, m, d) ? undefined : null;
  }
  const a = s.indexOf('/', from) - from;
  if (a < 1 || a > 2) return null;
  const b = s.indexOf('/', from + a + 1) - from;
  if (b - a < 2 || b - a > 3 || n - b !== 5) return null;
  const m = digitsAt(s, from, from + a);
  const d = digitsAt(s, from + a + 1, from + b);
  const y = digitsAt(s, from + b + 1, to);
  if (m < 0 || d < 0 || y < 0 || !isRealDate(y, m, d)) return null;
  if (!keep) return undefined;
  return `${s.slice(from + b + 1, to)}-${pad2(m)}-${pad2(d)}`;
}

const dateHelp = 'Use YYYY-MM-DD (2024-03-31) or MM/DD/YYYY (03/31/2024).';

function dateChecker(): SpanChecker {
  return (s, from, to, keep) => {
    const d = dateSpan(s, from, to, keep);
    if (d !== null) return d;
    return fail('not-a-date', `${q(part(s, from, to))} is not a date. ${dateHelp}`);
  };
}

const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** An ISO 8601 date-time, normalised (see the header); null when it is not one. */
// eslint-disable-next-line complexity -- the ISO 8601 parts, one by one
export function normaliseDateTime(s: string): string | null {
  const m = isoDateTime.exec(s);
  if (!m) return null;
  const [, y, mo, d, hh, mm, ss, frac, zone] = m;
  if (!isRealDate(Number(y), Number(mo), Number(d))) return null;
  const date = `${y}-${mo}-${d}`;
  if (hh === undefined || mm === undefined) return date;
  if (Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59)) return null;
  let z = '';
  if (zone !== undefined) {
    if (zone === 'z' || zone === 'Z') z = 'Z';
    else {
      const oh = Number(zone.slice(1, 3));
      const om = zone.length > 3 ? Number(zone.slice(-2)) : 0;
      if (oh > 14 || om > 59) return null;
      z = `${zone.charAt(0)}${zone.slice(1, 3)}:${pad2(om)}`;
    }
  }
  return `${date}T${hh}:${mm}:${ss ?? '00'}${frac ?? ''}${z}`;
}

/** A checker that needs the value as a string (regular expressions, maps): sliced first. */
function onString(check: FieldChecker): SpanChecker {
  return (s, from, to) => {
    const v = part(s, from, to);
    const r = check(v);
    return r === v ? undefined : r;
  };
}

function dateTimeChecker(): SpanChecker {
  return onString(
    (v) =>
      normaliseDateTime(v) ??
      fail(
        'not-a-datetime',
        `${q(v)} is not a date and time. Use ISO 8601, like 2024-03-31T14:30:00Z or 2024-03-31T14:30:00-05:00.`,
      ),
  );
}

/* ------------------------------------------------------------------ email, phone, url */

const emailShape =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Whether `s` is an email address a mail system would accept (practical ASCII form). */
export function isEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.indexOf('@');
  return at > 0 && at <= 64 && emailShape.test(s);
}

function emailChecker(): SpanChecker {
  return onString((v) =>
    isEmail(v)
      ? v
      : fail('not-an-email', `${q(v)} is not an email address. Use the form name@example.com.`),
  );
}

/** Counts a phone number's digits; -1 when it has a character a phone number cannot have. */
// eslint-disable-next-line complexity -- one charCode scan, the extension by a small pattern
export function phoneDigits(s: string, from = 0, to = s.length): number {
  let digits = 0;
  let i = from;
  const n = to;
  let seenDigit = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= D0 && c <= D9) {
      digits++;
      seenDigit = true;
    } else if (c === PLUS) {
      if (seenDigit || s.slice(from, i).trim() !== '') return -1;
    } else if (c === SPACE || c === MINUS || c === DOT || c === 40 || c === 41) {
      // separators
    } else break;
  }
  if (i < n) {
    // an extension: x12, ext 12, ext. 12, #12 (case-insensitive)
    const rest = s.slice(i, n).toLowerCase();
    if (!seenDigit || !/^(?:x|ext\.?|extension|#)\s*\d{1,6}$/.test(rest)) return -1;
  }
  return digits;
}

function phoneChecker(): SpanChecker {
  return (s, from, to) => {
    const d = phoneDigits(s, from, to);
    if (d >= 7 && d <= 15) return undefined;
    const v = part(s, from, to);
    const why = d < 0 ? 'has characters a phone number cannot have' : `has ${d} digits`;
    return fail(
      'not-a-phone',
      `${q(v)} is not a phone number: it ${why}. Use 7 to 15 digits, like +1 (555) 123-4567 or 555-123-4567 x89.`,
    );
  };
}

/** Whether `s` is an http(s) URL with a host name and no spaces. */
// eslint-disable-next-line complexity -- a single charCode scan (hot path)
export function isHttpUrl(s: string, from = 0, to = s.length): boolean {
  // "http://" or "https://", any case, compared by char code (no allocation on the hot path)
  const f = from;
  if (to - f < 8 || (s.charCodeAt(f) | 0x20) !== 104 || (s.charCodeAt(f + 1) | 0x20) !== 116) {
    return false;
  }
  if ((s.charCodeAt(f + 2) | 0x20) !== 116 || (s.charCodeAt(f + 3) | 0x20) !== 112) return false;
  let i = (s.charCodeAt(f + 4) | 0x20) === 115 ? f + 5 : f + 4;
  if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) {
    return false;
  }
  i += 3;
  const n = to;
  const hostStart = i;
  let dots = 0;
  if (i < n && s.charCodeAt(i) === 91 /* [ */) {
    const close = s.indexOf(']', i);
    if (close < 0 || close >= n || !/^\[[0-9A-Fa-f:.]+\]$/.test(s.slice(i, close + 1))) {
      return false;
    }
    i = close + 1;
    dots = 1;
  } else {
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === DOT) {
        if (i === hostStart || s.charCodeAt(i - 1) === DOT) return false;
        dots++;
      } else if (!(
        (c >= D0 && c <= D9) ||
        ((c | 0x20) >= 97 && (c | 0x20) <= 122) ||
        c === MINUS ||
        c > 127
      )) {
        break;
      }
    }
    if (i === hostStart || s.charCodeAt(i - 1) === DOT) return false;
  }
  if (dots === 0 && s.slice(hostStart, i).toLowerCase() !== 'localhost') return false;
  if (i < n && s.charCodeAt(i) === 58 /* : */) {
    const p = i + 1;
    i = p;
    while (i < n && s.charCodeAt(i) >= D0 && s.charCodeAt(i) <= D9) i++;
    if (i === p || i - p > 5) return false;
  }
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 47 /* / */ && c !== 63 /* ? */ && c !== 35 /* # */) return false;
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= SPACE || c === 127) return false;
  }
  return true;
}

function urlChecker(): SpanChecker {
  return (s, from, to) =>
    isHttpUrl(s, from, to)
      ? undefined
      : fail(
          'not-a-url',
          `${q(part(s, from, to))} is not a web address. Use a full address starting with https:// or http://, like https://www.example.com.`,
        );
}

/* ------------------------------------------------------------------ picklist, coordinates, text */

/**
 * Whether `s` at `from` spells `lower` (lower-case ASCII) in any case. A character outside ASCII
 * answers no, leaving the value to the Unicode-aware comparison.
 */
function sameAsciiIgnoringCase(s: string, from: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = s.charCodeAt(from + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

function picklistChecker(options: readonly string[]): SpanChecker {
  const exact = new Set(options);
  const byLower = new Map<string, string>();
  for (const o of options) {
    if (!byLower.has(o.trim().toLowerCase())) byLower.set(o.trim().toLowerCase(), o);
  }
  const shown = options.length > 12 ? [...options.slice(0, 12), '…'] : options;
  const list = shown.join(', ');
  const few = options.length <= 16 ? [...options] : undefined;
  // ASCII options lower-cased, for comparing a value in another case in place ('retail')
  const fewLower = few?.map((o) => (/^[\x20-\x7e]*$/.test(o) ? o.toLowerCase() : null));
  return (s, from, to) => {
    // a short list compared in place is faster than slicing and hashing each value
    const n = to - from;
    if (few !== undefined) {
      for (let k = 0; k < few.length; k++) {
        const o = few[k]!;
        if (o.length === n && s.startsWith(o, from)) return undefined;
      }
      for (let k = 0; k < few.length; k++) {
        const lo = fewLower![k];
        if (lo != null && lo.length === n && sameAsciiIgnoringCase(s, from, lo)) return few[k];
      }
    }
    const v = part(s, from, to);
    if (few === undefined && exact.has(v)) return undefined;
    return (
      byLower.get(v.toLowerCase()) ??
      fail('not-an-option', `${q(v)} is not one of the choices. Use one of: ${list}.`)
    );
  };
}

/** Whether `s[from, to)` is empty or `.` followed by zeros only (90.000 is 90). */
function fractionIsZero(s: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (s.charCodeAt(i) !== D0) return false;
  return true;
}

function coordinateChecker(kind: 'latitude' | 'longitude'): SpanChecker {
  const limit = kind === 'latitude' ? 90 : 180;
  const code: ProblemCode = kind === 'latitude' ? 'not-a-latitude' : 'not-a-longitude';
  const example = kind === 'latitude' ? '40.7128' : '-74.0060';
  const opts = { grouping: false, exponent: false };
  return (s, from, to) => {
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
        whole = whole * 10 + d.charCodeAt(i++) - D0;
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

function textChecker(maxLength: number | undefined): SpanChecker {
  if (maxLength === undefined) return () => undefined;
  return (s, from, to) => {
    if (to - from <= maxLength) return undefined;
    const v = part(s, from, to);
    const len = codePointLength(v);
    if (len <= maxLength) return undefined;
    return fail(
      'too-long',
      `${q(v)} is ${len} characters long; the limit is ${maxLength}. Shorten it to ${maxLength} characters or fewer.`,
    );
  };
}

/* ------------------------------------------------------------------ compile */

function typeChecker(field: FieldDef): SpanChecker {
  switch (field.type) {
    case 'text':
      return textChecker(field.maxLength);
    case 'number':
      return numberChecker();
    case 'integer':
      return integerChecker();
    case 'currency':
      return currencyChecker();
    case 'boolean':
      return booleanChecker();
    case 'date':
      return dateChecker();
    case 'datetime':
      return dateTimeChecker();
    case 'email':
      return emailChecker();
    case 'phone':
      return phoneChecker();
    case 'url':
      return urlChecker();
    case 'picklist':
      return picklistChecker(field.options ?? []);
    case 'latitude':
      return coordinateChecker('latitude');
    case 'longitude':
      return coordinateChecker('longitude');
  }
}

/**
 * Compiles one field into its checker: trims, treats '' as no value (refused when required),
 * then applies the type's check. `typesChecked: false` (columns-only mode) only trims.
 */
export function compileField(field: FieldDef, typesChecked = true): CompiledField {
  const type = field.type ?? 'text';
  const required = field.required === true;
  const requiredFailure = fail('required', `${field.name} is required. Fill in a value.`);
  if (!typesChecked) {
    const same = (v: string): string => v;
    return {
      name: field.name,
      type,
      required: false,
      check: trimValue,
      checkPresent: same,
      checkSpan: () => undefined,
      requiredFailure,
      plainTextUpTo: Number.MAX_SAFE_INTEGER,
    };
  }
  const checkSpan = typeChecker({ ...field, type });
  const inner: FieldChecker = (v) => checkSpan(v, 0, v.length, true) ?? v;
  const plainTextUpTo = type === 'text' ? (field.maxLength ?? Number.MAX_SAFE_INTEGER) : -1;
  const check: FieldChecker = required
    ? (raw) => {
        const v = trimValue(raw);
        return v.length === 0 ? requiredFailure : inner(v);
      }
    : (raw) => {
        const v = trimValue(raw);
        return v.length === 0 ? v : inner(v);
      };
  return {
    name: field.name,
    type,
    required,
    check,
    checkPresent: inner,
    checkSpan,
    requiredFailure,
    plainTextUpTo,
  };
}

/** Compiles a whole schema (once per file, not per row). */
export function compileSchema(schema: ObjectSchema, typesChecked = true): CompiledSchema {
  const fields = schema.fields.map((f) => compileField(f, typesChecked));
  const byKey = new Map<string, CompiledField>();
  for (const f of fields) byKey.set(f.name.trim().toLowerCase(), f);
  return { object: schema.object, fields, byKey };
}

/** Checks one value against one field (convenience for forms and tests; compile for bulk). */
export function checkValue(
  field: FieldDef,
  raw: string,
): { ok: true; value: string } | { ok: false; code: ProblemCode; message: string } {
  const r = compileField(field).check(raw);
  return typeof r === 'string'
    ? { ok: true, value: r }
    : { ok: false, code: r.code, message: r.message };
}
