/**
 * Booleans and picklists (contract §3): a closed set of spellings, matched without regard to
 * case, each answered with its canonical spelling. std.
 */
import { Char } from '../../util/char-codes.ts';
import { fail, part, q, type SpanChecker } from './types.ts';

// Local copies of the codes used here: V8 folds a module's own constants into the hot loops,
// but reads an imported object's fields on every use (about 5% of `npm run bench -- csv`).
const { ASCII_LOWER_BIT, UPPER_A, UPPER_Z } = Char;

/* ------------------------------------------------------------------ boolean */

const booleans = new Map<string, string>([
  ['true', 'true'],
  ['yes', 'true'],
  ['1', 'true'],
  ['false', 'false'],
  ['no', 'false'],
  ['0', 'false'],
]);

export function booleanChecker(): SpanChecker {
  return (s, from, to) => {
    const v = part(s, from, to);
    const b = booleans.get(v) ?? booleans.get(v.toLowerCase());
    if (b !== undefined) return b === v ? undefined : b;
    return fail('not-a-boolean', `${q(v)} is not yes or no. Use true/false, yes/no or 1/0.`);
  };
}

/* ------------------------------------------------------------------ dates */

/**
 * Whether `s` at `from` spells `lower` (lower-case ASCII) in any case. A character outside ASCII
 * answers no, leaving the value to the Unicode-aware comparison.
 */
function sameAsciiIgnoringCase(s: string, from: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = s.charCodeAt(from + k);
    if (c >= UPPER_A && c <= UPPER_Z) c |= ASCII_LOWER_BIT;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** Whether `s` at `from` spells `o` exactly (a loop: cheaper than a `startsWith` call here). */
function sameAt(s: string, from: number, o: string): boolean {
  for (let k = 1; k < o.length; k++) if (s.charCodeAt(from + k) !== o.charCodeAt(k)) return false;
  return true;
}

export function picklistChecker(options: readonly string[]): SpanChecker {
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
  // The option a value could be, by its length and first character (both under 128): its
  // index + 1, or 0 for none, or -1 when two options share them (then each is compared).
  const byShape = new Int8Array(128 * 128);
  few?.forEach((o, k) => {
    const c = o.charCodeAt(0);
    if (o.length >= 128 || c >= 128) return;
    const at = (o.length << 7) | c;
    byShape[at] = byShape[at] === 0 ? k + 1 : -1;
  });
  /** Whether `s[from, from + n)` is one of `list` (the short list of options) exactly. */
  const isExactly = (list: readonly string[], s: string, from: number, n: number): boolean => {
    const c = s.charCodeAt(from);
    const k = n < 128 && c < 128 ? byShape[(n << 7) | c]! : -1;
    if (k >= 0) return k > 0 && sameAt(s, from, list[k - 1]!);
    for (const o of list) {
      if (o.length === n && o.charCodeAt(0) === c && sameAt(s, from, o)) return true;
    }
    return false;
  };
  return (s, from, to) => {
    // a short list compared in place is faster than slicing and hashing each value
    const n = to - from;
    if (few !== undefined) {
      if (isExactly(few, s, from, n)) return undefined;
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
