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
export type {
  CompiledField,
  CompiledSchema,
  FieldChecker,
  FieldFailure,
  SpanChecker,
} from './types.ts';
export { isTrimmedSpace, trimEndAt, trimStartAt, trimValue } from './trim.ts';
export { decimalSpan } from './numbers.ts';
export { isRealDate, normaliseDateTime } from './dates.ts';
export { isEmail, isHttpUrl, phoneDigits } from './contact.ts';
export { checkValue, compileField, compileSchema } from './compile.ts';
