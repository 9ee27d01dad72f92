/**
 * An ASCII shortcut for the CSV validator where Node's native one (engine/ascii-decoding.ts) is
 * not available: the browser's check worker. Chromium's TextDecoder is as fast as the text it
 * makes, so the gain is not in decoding: a chunk known to be ASCII is screened for control
 * characters as bytes (core/csv/ascii-control-scan.ts) instead of by a regex over its text,
 * which took about a tenth of the check (bench app-check). The test for ASCII ORs 32-bit words.
 * std.
 */
import type { AsciiDecoding } from './utf8-stream.ts';

/** The top bit of each byte (0x80808080 as a signed 32-bit number). */
const TOP_BITS = -0x7f7f7f80;

function anyHighByte(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** Whether every byte is below 0x80, read four at a time. */
export function isAsciiBytes(bytes: Uint8Array): boolean {
  const n = bytes.length;
  // a 32-bit view needs a 4-byte-aligned start (byte order does not matter: bytes are bytes)
  const head = Math.min((4 - (bytes.byteOffset & 3)) & 3, n);
  if (anyHighByte(bytes, 0, head)) return false;
  const words = (n - head) >> 2;
  if (words > 0) {
    const w = new Int32Array(bytes.buffer, bytes.byteOffset + head, words);
    // OR a block of words together and look at the top bits once per block.
    for (let k = 0; k < words; k += 1024) {
      const end = Math.min(k + 1024, words);
      let acc = 0;
      for (let j = k; j < end; j++) acc |= w[j]!;
      if ((acc & TOP_BITS) !== 0) return false;
    }
  }
  return !anyHighByte(bytes, head + words * 4, n);
}

/** ASCII bytes as text through a plain TextDecoder (identical text for ASCII in any path). */
export function portableAsciiDecoding(): AsciiDecoding {
  const decoder = new TextDecoder('utf-8');
  return { isAscii: isAsciiBytes, decode: (bytes) => decoder.decode(bytes) };
}
