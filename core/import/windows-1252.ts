/**
 * Windows-1252 ("ANSI", what Excel on Windows saves as "CSV") to text and back, the same in Node
 * and the browser. Node 20's TextDecoder('windows-1252') is really Latin-1 (0x80 → U+0080, not
 * €), browsers map 0x80–0x9F as WHATWG says: the native Latin-1 decoder reads the bytes fast, and
 * this table fixes 0x80–0x9F afterwards, so both give the same text (issue 12). std.
 */

/** What bytes 0x80–0x9F are in Windows-1252 (the five unassigned ones map to themselves). */
export const windows1252High: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const highChars = windows1252High.map((c) => String.fromCharCode(c));

const c1Controls = /[\u0080-\u009f]/g;

const hasC1 = /[\u0080-\u009f]/;

/** A one-byte-per-character decoder: the native one where it exists, else a loop. */
function latin1Decoder(): (bytes: Uint8Array) => string {
  try {
    const d = new TextDecoder('latin1');
    return (b) => d.decode(b);
  } catch {
    return (b) => {
      let s = '';
      for (let i = 0; i < b.length; i += 8192) {
        s += String.fromCharCode(...b.subarray(i, Math.min(b.length, i + 8192)));
      }
      return s;
    };
  }
}

/**
 * Decodes Windows-1252 bytes. Every byte is one character, so chunks can be decoded one by one
 * (no state between them).
 */
export function createWindows1252Decoder(): (bytes: Uint8Array) => string {
  const latin1 = latin1Decoder();
  return (bytes) => {
    const s = latin1(bytes);
    return hasC1.test(s) ? s.replace(c1Controls, (ch) => highChars[ch.charCodeAt(0) - 0x80]!) : s;
  };
}

/** Text to Windows-1252 bytes; a character it cannot hold becomes `?`. (Tests, benches.) */
export function encodeWindows1252(text: string): Uint8Array {
  const back = new Map<number, number>(windows1252High.map((c, k) => [c, 0x80 + k]));
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : (back.get(c) ?? 0x3f);
  }
  return out;
}
