/**
 * Emails, phone numbers and web addresses (contract §3), each kept as written once it passes.
 * std.
 */
import { Char } from '../../util/char-codes.ts';
import { fail, onString, part, q, type SpanChecker } from './types.ts';

// Local copies of the codes used here: V8 folds a module's own constants into the hot loops,
// but reads an imported object's fields on every use (about 5% of `npm run bench -- csv`).
const {
  ASCII_LOWER_BIT,
  BRACKET_OPEN,
  COLON,
  DEL,
  DIGIT_0,
  DIGIT_9,
  DOT,
  HASH,
  LOWER_A,
  LOWER_H,
  LOWER_P,
  LOWER_S,
  LOWER_T,
  LOWER_Z,
  MINUS,
  PAREN_CLOSE,
  PAREN_OPEN,
  PLUS,
  QUESTION,
  SLASH,
  SPACE,
} = Char;

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
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      digits++;
      seenDigit = true;
    } else if (c === PLUS) {
      if (seenDigit || s.slice(from, i).trim() !== '') return -1;
    } else if (c === SPACE || c === MINUS || c === DOT || c === PAREN_OPEN || c === PAREN_CLOSE) {
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

const HOST_LABEL = 1;
const HOST_DOT = 2;
/** What each ASCII character is in a host name: a label's (letter, digit, -), a dot, or neither. */
const hostChars = new Uint8Array(DEL + 1);
for (let c = 0; c <= DEL; c++) {
  const lower = c | ASCII_LOWER_BIT;
  if ((c >= DIGIT_0 && c <= DIGIT_9) || (lower >= LOWER_A && lower <= LOWER_Z) || c === MINUS) {
    hostChars[c] = HOST_LABEL;
  }
}
hostChars[DOT] = HOST_DOT;

/** Whether `s` is an http(s) URL with a host name and no spaces. */
// eslint-disable-next-line complexity -- a single charCode scan (hot path)
export function isHttpUrl(s: string, from = 0, to = s.length): boolean {
  // "http://" or "https://", any case, compared by char code (no allocation on the hot path)
  const f = from;
  if (
    to - f < 8 ||
    (s.charCodeAt(f) | ASCII_LOWER_BIT) !== LOWER_H ||
    (s.charCodeAt(f + 1) | ASCII_LOWER_BIT) !== LOWER_T
  ) {
    return false;
  }
  if (
    (s.charCodeAt(f + 2) | ASCII_LOWER_BIT) !== LOWER_T ||
    (s.charCodeAt(f + 3) | ASCII_LOWER_BIT) !== LOWER_P
  ) {
    return false;
  }
  let i = (s.charCodeAt(f + 4) | ASCII_LOWER_BIT) === LOWER_S ? f + 5 : f + 4;
  if (s.charCodeAt(i) !== COLON || s.charCodeAt(i + 1) !== SLASH || s.charCodeAt(i + 2) !== SLASH) {
    return false;
  }
  i += 3;
  const n = to;
  const hostStart = i;
  let dots = 0;
  if (i < n && s.charCodeAt(i) === BRACKET_OPEN) {
    const close = s.indexOf(']', i);
    if (close < 0 || close >= n || !/^\[[0-9A-Fa-f:.]+\]$/.test(s.slice(i, close + 1))) {
      return false;
    }
    i = close + 1;
    dots = 1;
  } else {
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > DEL) continue;
      const kind = hostChars[c];
      if (kind === HOST_DOT) {
        if (i === hostStart || s.charCodeAt(i - 1) === DOT) return false;
        dots++;
      } else if (kind !== HOST_LABEL) break;
    }
    if (i === hostStart || s.charCodeAt(i - 1) === DOT) return false;
  }
  if (dots === 0 && s.slice(hostStart, i).toLowerCase() !== 'localhost') return false;
  if (i < n && s.charCodeAt(i) === COLON) {
    const p = i + 1;
    i = p;
    while (i < n && s.charCodeAt(i) >= DIGIT_0 && s.charCodeAt(i) <= DIGIT_9) i++;
    if (i === p || i - p > 5) return false;
  }
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c !== SLASH && c !== QUESTION && c !== HASH) return false;
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= SPACE || c === DEL) return false;
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
