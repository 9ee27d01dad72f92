/**
 * Control characters inside a CSV value (issue 14): NUL and the other C0 controls except tab,
 * CR and LF, DEL, and the C1 controls. A platform refuses such a value, so the validator reports
 * the row and column and the emulator does not store it. std.
 */
import { asciiHasControlCharacter } from './ascii-control-scan.ts';

/** Any control character a value may not hold; used to skip clean text cheaply. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const controlCharacterPattern = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Whether char code `c` is a control character a value may not hold. */
export function isForbiddenControl(c: number): boolean {
  return (c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f);
}

/**
 * Whether decoded `text` holds a forbidden control character anywhere. `asciiBytes`, when given,
 * are the very bytes `text` was made from, one character each (the decoder's ASCII way): they are
 * then screened four at a time (core/csv/ascii-control-scan.ts), about twice as fast as
 * {@link controlCharacterPattern}, which looks at one character at a time.
 */
export function hasControlCharacter(text: string, asciiBytes: Uint8Array | undefined): boolean {
  if (asciiBytes !== undefined) return asciiHasControlCharacter(asciiBytes);
  return controlCharacterPattern.test(text);
}

/** The offset in `s` of the first forbidden control character in [from, to), or -1. */
export function controlCharacterAt(s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (isForbiddenControl(s.charCodeAt(i))) return i;
  return -1;
}

// prettier-ignore
const c0Names = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'TAB', 'LF', 'VT', 'FF', 'CR',
  'SO', 'SI', 'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC',
  'FS', 'GS', 'RS', 'US',
];

/** "NUL", "ESC", "DEL", or "U+0085" for a C1 control. */
export function controlCharacterName(c: number): string {
  if (c < 32) return c0Names[c]!;
  if (c === 0x7f) return 'DEL';
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The value with each control character shown as its visible picture (␀, ␛, ␡) or U+FFFD. */
export function showControlCharacters(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isForbiddenControl(c)) out += value[i];
    else if (c < 32) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += '\u2421';
    else out += '\uFFFD';
  }
  return out;
}

/** The plain-words message for a value of `column` with control char `c` at 1-based `position`. */
export function controlCharacterMessage(column: string, c: number, position: number): string {
  return `${column} contains a control character (${controlCharacterName(c)}) at position ${position}; remove it. Such characters are invisible in most editors and usually come from a faulty export: search the cell for it, or export the file again.`;
}
