/**
 * The shapes every field rule shares: a checker over a span of the decoded text, its failure,
 * a compiled field and schema, and the small helpers the rule families use. std.
 */
import type { ProblemCode } from '../../csv/types.ts';
import { quoteForMessage } from '../../util/text.ts';
import type { FieldType } from '../object-schema.ts';

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

/** A value quoted for a message. */
export const q = (v: string): string => quoteForMessage(v);
/** A refusal. */
export const fail = (code: ProblemCode, message: string): FieldFailure => ({ code, message });

/** The span as a string (only on the rare paths: failures and rewrites). */
export const part = (s: string, from: number, to: number): string =>
  from === 0 && to === s.length ? s : s.slice(from, to);

/** A checker that needs the value as a string (regular expressions, maps): sliced first. */
export function onString(check: FieldChecker): SpanChecker {
  return (s, from, to) => {
    const v = part(s, from, to);
    const r = check(v);
    return r === v ? undefined : r;
  };
}
