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

/** One schema field, compiled. */
export type CompiledField = {
  name: string;
  type: FieldType;
  required: boolean;
  /** The whole check: trim, empty/required, then the type's rule. */
  check: FieldChecker;
  /** The type's rule alone, for a value already trimmed and not empty (the hot path). */
  checkPresent: FieldChecker;
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

/** The value without surrounding spaces and tabs (what every check starts from). */
export function trimValue(raw: string): string {
  const n = raw.length;
  if (n === 0) return raw;
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(n - 1);
  if (a !== SPACE && a !== TAB && b !== SPACE && b !== TAB && a > 13 && b > 13) return raw;
  return raw.trim();
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
 * Scans a plain decimal number (`-1,234.50`, `.5`, `1e-3`) and returns it without `+`, grouping
 * commas and redundant leading zeros; null when it is not one. No allocation on the common path
 * beyond the result.
 */
// eslint-disable-next-line complexity -- a single charCode scan (hot path)
export function normaliseDecimal(s: string, opts: DecimalOptions): string | null {
  const n = s.length;
  if (n === 0) return null;
  let i = 0;
  let rewrite = false;
  let c = s.charCodeAt(0);
  if (c === PLUS || c === MINUS) {
    rewrite = c === PLUS;
    i = 1;
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
  if (!rewrite) return s;
  let int = s.slice(intStart, intEnd);
  if (groupRun >= 0) int = int.replace(/,/g, '');
  let z = 0;
  while (z < int.length - 1 && int.charCodeAt(z) === D0) z++;
  if (z > 0) int = int.slice(z);
  if (int.length === 0) int = '0';
  const frac = fracDigits > 0 ? '.' + s.slice(fracStart, fracStart + fracDigits) : '';
  const exp = expStart >= 0 ? 'e' + s.slice(expStart + 1).replace('+', '') : '';
  return (s.charCodeAt(0) === MINUS ? '-' : '') + int + frac + exp;
}

const numberHelp = 'Use digits with an optional minus sign and decimal point, like -1234.5.';

function numberChecker(): FieldChecker {
  const opts = { grouping: true, exponent: true };
  return (v) =>
    normaliseDecimal(v, opts) ?? fail('not-a-number', `${q(v)} is not a number. ${numberHelp}`);
}

function integerChecker(): FieldChecker {
  const opts = { grouping: true, exponent: false };
  return (v) => {
    const d = normaliseDecimal(v, opts);
    if (d !== null) {
      const dot = d.indexOf('.');
      if (dot === -1) return d;
      if (/^\.0+$/.test(d.slice(dot))) return d.slice(0, dot);
    }
    return fail(
      'not-an-integer',
      `${q(v)} is not a whole number. Use digits only, like 250${d !== null ? ' (no decimals)' : ''}.`,
    );
  };
}

const plainDecimal: DecimalOptions = { grouping: false, exponent: false };
const groupedDecimal: DecimalOptions = { grouping: true, exponent: false };
const currencySymbols = new Set(['$', '€', '£', '¥']);

/** Currency: a number with an optional symbol, sign or accounting parentheses; see the header. */
// eslint-disable-next-line complexity -- the accepted money notations, one by one
export function normaliseCurrency(raw: string): string | null {
  let s = raw;
  let neg = false;
  if (
    s.length >= 2 &&
    s.charCodeAt(0) === 40 /* ( */ &&
    s.charCodeAt(s.length - 1) === 41 /* ) */
  ) {
    s = s.slice(1, -1).trim();
    neg = true;
  }
  let sign = '';
  const first = s.charAt(0);
  if (first === '-' || first === '+') {
    sign = first;
    s = s.slice(1).trimStart();
  }
  let symbols = 0;
  if (currencySymbols.has(s.charAt(0))) {
    s = s.slice(1).trimStart();
    symbols++;
  }
  if (sign === '' && (s.charAt(0) === '-' || s.charAt(0) === '+')) {
    sign = s.charAt(0);
    s = s.slice(1);
  }
  if (symbols === 0 && currencySymbols.has(s.charAt(s.length - 1))) s = s.slice(0, -1).trimEnd();
  if (neg && sign !== '') return null;
  if (s.length === 0) return null;
  const c0 = s.charCodeAt(0);
  if (c0 === PLUS || c0 === MINUS) return null;
  const d = normaliseDecimal(s, groupedDecimal);
  if (d === null) return null;
  return (neg || sign === '-') && d !== '0' ? '-' + d : d;
}

function currencyChecker(): FieldChecker {
  return (v) => {
    // fast path: plain digits and one dot
    const d = normaliseDecimal(v, plainDecimal) ?? normaliseCurrency(v);
    return (
      d ??
      fail(
        'not-a-currency',
        `${q(v)} is not an amount of money. Use a number like 1234.50 (a $ sign, thousands commas and (12.00) for negatives are fine).`,
      )
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

function booleanChecker(): FieldChecker {
  return (v) =>
    booleans.get(v) ??
    booleans.get(v.toLowerCase()) ??
    fail('not-a-boolean', `${q(v)} is not yes or no. Use true/false, yes/no or 1/0.`);
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

/** A date as YYYY-MM-DD, from YYYY-MM-DD or M/D/YYYY; null when it is not a real date. */
// eslint-disable-next-line complexity -- two date notations, checked by charCode
export function normaliseDate(s: string): string | null {
  const n = s.length;
  if (n === 10 && s.charCodeAt(4) === MINUS && s.charCodeAt(7) === MINUS) {
    const y = digitsAt(s, 0, 4);
    const m = digitsAt(s, 5, 7);
    const d = digitsAt(s, 8, 10);
    return y >= 0 && m >= 0 && d >= 0 && isRealDate(y, m, d) ? s : null;
  }
  const a = s.indexOf('/');
  if (a < 1 || a > 2) return null;
  const b = s.indexOf('/', a + 1);
  if (b - a < 2 || b - a > 3 || n - b !== 5) return null;
  const m = digitsAt(s, 0, a);
  const d = digitsAt(s, a + 1, b);
  const y = digitsAt(s, b + 1, n);
  if (m < 0 || d < 0 || y < 0 || !isRealDate(y, m, d)) return null;
  return `${s.slice(b + 1)}-${pad2(m)}-${pad2(d)}`;
}

const dateHelp = 'Use YYYY-MM-DD (2024-03-31) or MM/DD/YYYY (03/31/2024).';

function dateChecker(): FieldChecker {
  return (v) => normaliseDate(v) ?? fail('not-a-date', `${q(v)} is not a date. ${dateHelp}`);
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

function dateTimeChecker(): FieldChecker {
  return (v) =>
    normaliseDateTime(v) ??
    fail(
      'not-a-datetime',
      `${q(v)} is not a date and time. Use ISO 8601, like 2024-03-31T14:30:00Z or 2024-03-31T14:30:00-05:00.`,
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

function emailChecker(): FieldChecker {
  return (v) =>
    isEmail(v)
      ? v
      : fail('not-an-email', `${q(v)} is not an email address. Use the form name@example.com.`);
}

/** Counts a phone number's digits; -1 when it has a character a phone number cannot have. */
export function phoneDigits(s: string): number {
  let digits = 0;
  let i = 0;
  const n = s.length;
  let seenDigit = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= D0 && c <= D9) {
      digits++;
      seenDigit = true;
    } else if (c === PLUS) {
      if (seenDigit || s.slice(0, i).trim() !== '') return -1;
    } else if (c === SPACE || c === MINUS || c === DOT || c === 40 || c === 41) {
      // separators
    } else break;
  }
  if (i < n) {
    // an extension: x12, ext 12, ext. 12, #12 (case-insensitive)
    const rest = s.slice(i).toLowerCase();
    if (!seenDigit || !/^(?:x|ext\.?|extension|#)\s*\d{1,6}$/.test(rest)) return -1;
  }
  return digits;
}

function phoneChecker(): FieldChecker {
  return (v) => {
    const d = phoneDigits(v);
    if (d >= 7 && d <= 15) return v;
    const why = d < 0 ? 'has characters a phone number cannot have' : `has ${d} digits`;
    return fail(
      'not-a-phone',
      `${q(v)} is not a phone number: it ${why}. Use 7 to 15 digits, like +1 (555) 123-4567 or 555-123-4567 x89.`,
    );
  };
}

/** Whether `s` is an http(s) URL with a host name and no spaces. */
// eslint-disable-next-line complexity -- a single charCode scan (hot path)
export function isHttpUrl(s: string): boolean {
  // "http://" or "https://", any case, compared by char code (no allocation on the hot path)
  if (s.length < 8 || (s.charCodeAt(0) | 0x20) !== 104 || (s.charCodeAt(1) | 0x20) !== 116) {
    return false;
  }
  if ((s.charCodeAt(2) | 0x20) !== 116 || (s.charCodeAt(3) | 0x20) !== 112) return false;
  let i = (s.charCodeAt(4) | 0x20) === 115 ? 5 : 4;
  if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) {
    return false;
  }
  i += 3;
  const n = s.length;
  const hostStart = i;
  let dots = 0;
  if (i < n && s.charCodeAt(i) === 91 /* [ */) {
    const close = s.indexOf(']', i);
    if (close < 0 || !/^\[[0-9A-Fa-f:.]+\]$/.test(s.slice(i, close + 1))) return false;
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

function urlChecker(): FieldChecker {
  return (v) =>
    isHttpUrl(v)
      ? v
      : fail(
          'not-a-url',
          `${q(v)} is not a web address. Use a full address starting with https:// or http://, like https://www.example.com.`,
        );
}

/* ------------------------------------------------------------------ picklist, coordinates, text */

function picklistChecker(options: readonly string[]): FieldChecker {
  const exact = new Set(options);
  const byLower = new Map<string, string>();
  for (const o of options) {
    if (!byLower.has(o.trim().toLowerCase())) byLower.set(o.trim().toLowerCase(), o);
  }
  const shown = options.length > 12 ? [...options.slice(0, 12), '…'] : options;
  const list = shown.join(', ');
  const few = options.length <= 16 ? [...options] : undefined;
  return (v) => {
    // a short list compared directly is faster than hashing each fresh value
    if (few !== undefined) {
      for (let k = 0; k < few.length; k++) if (few[k] === v) return v;
    } else if (exact.has(v)) return v;
    return (
      byLower.get(v.toLowerCase()) ??
      fail('not-an-option', `${q(v)} is not one of the choices. Use one of: ${list}.`)
    );
  };
}

function coordinateChecker(kind: 'latitude' | 'longitude'): FieldChecker {
  const limit = kind === 'latitude' ? 90 : 180;
  const shortInt = kind === 'latitude' ? 1 : 2;
  const code: ProblemCode = kind === 'latitude' ? 'not-a-latitude' : 'not-a-longitude';
  const example = kind === 'latitude' ? '40.7128' : '-74.0060';
  const opts = { grouping: false, exponent: false };
  return (v) => {
    const d = normaliseDecimal(v, opts);
    if (d !== null) {
      // an integer part of one digit (two for longitude) is always in range: no Number() needed
      const dot = d.indexOf('.');
      const intDigits = (dot === -1 ? d.length : dot) - (d.charCodeAt(0) === MINUS ? 1 : 0);
      if (intDigits <= shortInt) return d;
      const x = Number(d);
      if (x >= -limit && x <= limit) return d;
      return fail(
        code,
        `${q(v)} is not a ${kind}: it must be between -${limit} and ${limit}. Use decimal degrees, like ${example}.`,
      );
    }
    return fail(
      code,
      `${q(v)} is not a ${kind}. Use decimal degrees between -${limit} and ${limit}, like ${example}.`,
    );
  };
}

function textChecker(maxLength: number | undefined): FieldChecker {
  if (maxLength === undefined) return (v) => v;
  return (v) => {
    if (v.length <= maxLength) return v;
    const len = codePointLength(v);
    if (len <= maxLength) return v;
    return fail(
      'too-long',
      `${q(v)} is ${len} characters long; the limit is ${maxLength}. Shorten it to ${maxLength} characters or fewer.`,
    );
  };
}

/* ------------------------------------------------------------------ compile */

function typeChecker(field: FieldDef): FieldChecker {
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
      requiredFailure,
      plainTextUpTo: Number.MAX_SAFE_INTEGER,
    };
  }
  const inner = typeChecker({ ...field, type });
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
