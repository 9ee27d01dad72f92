/**
 * Emails, phone numbers and web addresses (contract §3), each kept as written once it passes.
 * std.
 */
import { Char } from '../../util/char-codes.ts';
import { fail, onString, part, q, type SpanChecker } from './types.ts';

/* ------------------------------------------------------------------ email, phone, url */

const emailShape =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Whether `s` is an email address a mail system would accept (practical ASCII form). */
export function isEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.indexOf('@');
  return at > 0 && at <= 64 && emailShape.test(s);
}

export function emailChecker(): SpanChecker {
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
    if (c >= Char.DIGIT_0 && c <= Char.DIGIT_9) {
      digits++;
      seenDigit = true;
    } else if (c === Char.PLUS) {
      if (seenDigit || s.slice(from, i).trim() !== '') return -1;
    } else if (
      c === Char.SPACE ||
      c === Char.MINUS ||
      c === Char.DOT ||
      c === Char.PAREN_OPEN ||
      c === Char.PAREN_CLOSE
    ) {
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

export function phoneChecker(): SpanChecker {
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
  if (
    to - f < 8 ||
    (s.charCodeAt(f) | Char.ASCII_LOWER_BIT) !== Char.LOWER_H ||
    (s.charCodeAt(f + 1) | Char.ASCII_LOWER_BIT) !== Char.LOWER_T
  ) {
    return false;
  }
  if (
    (s.charCodeAt(f + 2) | Char.ASCII_LOWER_BIT) !== Char.LOWER_T ||
    (s.charCodeAt(f + 3) | Char.ASCII_LOWER_BIT) !== Char.LOWER_P
  ) {
    return false;
  }
  let i = (s.charCodeAt(f + 4) | Char.ASCII_LOWER_BIT) === Char.LOWER_S ? f + 5 : f + 4;
  if (
    s.charCodeAt(i) !== Char.COLON ||
    s.charCodeAt(i + 1) !== Char.SLASH ||
    s.charCodeAt(i + 2) !== Char.SLASH
  ) {
    return false;
  }
  i += 3;
  const n = to;
  const hostStart = i;
  let dots = 0;
  if (i < n && s.charCodeAt(i) === Char.BRACKET_OPEN) {
    const close = s.indexOf(']', i);
    if (close < 0 || close >= n || !/^\[[0-9A-Fa-f:.]+\]$/.test(s.slice(i, close + 1))) {
      return false;
    }
    i = close + 1;
    dots = 1;
  } else {
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === Char.DOT) {
        if (i === hostStart || s.charCodeAt(i - 1) === Char.DOT) return false;
        dots++;
      } else if (!(
        (c >= Char.DIGIT_0 && c <= Char.DIGIT_9) ||
        ((c | Char.ASCII_LOWER_BIT) >= Char.LOWER_A &&
          (c | Char.ASCII_LOWER_BIT) <= Char.LOWER_Z) ||
        c === Char.MINUS ||
        c > Char.DEL
      )) {
        break;
      }
    }
    if (i === hostStart || s.charCodeAt(i - 1) === Char.DOT) return false;
  }
  if (dots === 0 && s.slice(hostStart, i).toLowerCase() !== 'localhost') return false;
  if (i < n && s.charCodeAt(i) === Char.COLON) {
    const p = i + 1;
    i = p;
    while (i < n && s.charCodeAt(i) >= Char.DIGIT_0 && s.charCodeAt(i) <= Char.DIGIT_9) i++;
    if (i === p || i - p > 5) return false;
  }
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c !== Char.SLASH && c !== Char.QUESTION && c !== Char.HASH) return false;
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= Char.SPACE || c === Char.DEL) return false;
  }
  return true;
}

export function urlChecker(): SpanChecker {
  return (s, from, to) =>
    isHttpUrl(s, from, to)
      ? undefined
      : fail(
          'not-a-url',
          `${q(part(s, from, to))} is not a web address. Use a full address starting with https:// or http://, like https://www.example.com.`,
        );
}
