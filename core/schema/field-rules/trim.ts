/**
 * Trimming a value as the platform does (spaces and tabs around it, as `String.prototype.trim`
 * sees white space), on a string or on a span of the decoded text without slicing it. std.
 */
import { Char } from '../../util/char-codes.ts';

// Local copies of the codes used here: V8 folds a module's own constants into the hot loops,
// but reads an imported object's fields on every use (about 5% of `npm run bench -- csv`).
const { CR, NBSP, SPACE, TAB } = Char;

/**
 * The value without surrounding white space, as `String.prototype.trim` (what every check starts
 * from); the validator trims spans of the decoded text the same way ({@link trimStartAt}).
 */
export function trimValue(raw: string): string {
  const n = raw.length;
  if (n === 0) return raw;
  const a = raw.charCodeAt(0);
  const b = raw.charCodeAt(n - 1);
  if (a > SPACE && a < NBSP && b > SPACE && b < NBSP) return raw;
  return raw.trim();
}

/** Whether char code `c` is white space as `String.prototype.trim` sees it. */
export function isTrimmedSpace(c: number): boolean {
  if (c > SPACE && c < NBSP) return false;
  return (
    c === SPACE ||
    (c >= TAB && c <= CR) ||
    c === NBSP ||
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
