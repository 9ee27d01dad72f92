/**
 * Whether bytes known to be ASCII hold a forbidden control character (core/csv/control-characters.ts:
 * a C0 control but tab, LF and CR, or DEL), read four bytes at a time. The validator asks this of
 * every chunk of a clean file, so it must cost little: the regex looks at one character at a
 * time and took about 8% of `npm run bench -- csv`; this takes about a third of that. std.
 *
 * How: in a 32-bit word of ASCII bytes (each < 0x80) adding 0x60 to every byte carries into a
 * byte's top bit exactly when the byte is 0x20 or more, and adding 0x01 exactly when it is 0x7F;
 * no byte overflows into the next. Sixteen bytes that show a byte below 0x20 or a DEL (in a CSV
 * about one step in six: its line breaks) are then looked at exactly, still four bytes at once.
 */

/** The top bit of each byte (0x80808080 as a signed 32-bit number). */
const TOP_BITS = -0x7f7f7f80;

/** Each byte's top bit set where that byte of `y` is zero (every byte of `y` below 0x80). */
function zeroBytes(y: number): number {
  return ~((y + 0x7f7f7f7f) | 0) & TOP_BITS;
}

/** Non-zero when a byte of the ASCII word `x` is a forbidden control: exact, unlike the screen. */
function forbiddenBytes(x: number): number {
  const below20 = ~((x + 0x60606060) | 0) & TOP_BITS;
  const del = ((x + 0x01010101) | 0) & TOP_BITS;
  const allowed = zeroBytes(x ^ 0x09090909) | zeroBytes(x ^ 0x0a0a0a0a) | zeroBytes(x ^ 0x0d0d0d0d);
  return (below20 & ~allowed) | del;
}

function isForbiddenAscii(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
}

/** Byte by byte, for the few bytes before and after the aligned words. */
function anyForbidden(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isForbiddenAscii(bytes[i]!)) return true;
  return false;
}

/**
 * Whether `bytes` (every one below 0x80: the caller checked they are ASCII) hold a forbidden
 * control character. Where exactly is found later, per value, from the decoded text.
 */
export function asciiHasControlCharacter(bytes: Uint8Array): boolean {
  const n = bytes.length;
  // a 32-bit view needs a 4-byte-aligned start (byte order does not matter: bytes are bytes)
  const head = Math.min((4 - (bytes.byteOffset & 3)) & 3, n);
  if (anyForbidden(bytes, 0, head)) return true;
  const words = (n - head) >> 2;
  if (words === 0) return anyForbidden(bytes, head, n);
  const w = new Int32Array(bytes.buffer, bytes.byteOffset + head, words);
  // Four words (16 bytes) per step: a byte lane below 0x20 in any of them lacks the carry in all
  // four sums; a DEL in any of them has it in one. Then the four are looked at exactly.
  const blocks = words & ~3;
  for (let k = 0; k < blocks; k += 4) {
    const a = w[k]!;
    const b = w[k + 1]!;
    const c = w[k + 2]!;
    const d = w[k + 3]!;
    const below20 = ~((a + 0x60606060) & (b + 0x60606060) & (c + 0x60606060) & (d + 0x60606060));
    const del = (a + 0x01010101) | (b + 0x01010101) | (c + 0x01010101) | (d + 0x01010101);
    if (
      ((below20 | del) & TOP_BITS) !== 0 &&
      (forbiddenBytes(a) | forbiddenBytes(b) | forbiddenBytes(c) | forbiddenBytes(d)) !== 0
    ) {
      return true;
    }
  }
  for (let k = blocks; k < words; k++) if (forbiddenBytes(w[k]!) !== 0) return true;
  return anyForbidden(bytes, head + words * 4, n);
}
