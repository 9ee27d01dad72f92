/**
 * Dates and date-times (contract §3): YYYY-MM-DD or MM/DD/YYYY checked by character code into
 * YYYY-MM-DD; ISO 8601 date-times normalised. std.
 */
import { Char } from '../../util/char-codes.ts';
import { fail, onString, part, q, type SpanChecker } from './types.ts';

// Local copies of the codes used here: V8 folds a module's own constants into the hot loops,
// but reads an imported object's fields on every use (about 5% of `npm run bench -- csv`).
const { DIGIT_0, MINUS } = Char;

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
    const c = s.charCodeAt(i) - DIGIT_0;
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

export function dateChecker(): SpanChecker {
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

export function dateTimeChecker(): SpanChecker {
  return onString(
    (v) =>
      normaliseDateTime(v) ??
      fail(
        'not-a-datetime',
        `${q(v)} is not a date and time. Use ISO 8601, like 2024-03-31T14:30:00Z or 2024-03-31T14:30:00-05:00.`,
      ),
  );
}
