/**
 * Bytes to text for the CSV validator (contract §5.1): strict streaming UTF-8 (a character split
 * across chunks is fine, a UTF-8 BOM is dropped), and when the bytes are not UTF-8, a message that
 * says what the file looks like and how to save it properly. std.
 */

import { createUtf8Stream, type AsciiDecoding } from '../util/utf8-stream.ts';
import { compressedCsvMessage, sniffCompressed, wantsMoreOfZip } from './compressed-input.ts';

export type { AsciiDecoding };

export type DecodeFailure = {
  message: string;
  /** Best guess of the row with the first bad byte. */ row?: number;
};

export type Utf8StreamDecoder = {
  /** Decodes the next chunk; returns the text, or a failure. */
  push(chunk: Uint8Array): string | DecodeFailure;
  /** Flushes the decoder at the end of the file. */
  end(): string | DecodeFailure;
  /**
   * The bytes the text the last `push` returned was made from, when it took the `ascii` shortcut
   * (all ASCII, one character per byte); otherwise undefined. Only valid until the next call.
   * Lets the validator screen them for control characters more cheaply (issue 14).
   */
  readonly lastAsciiBytes: Uint8Array | undefined;
};

const saveAsUtf8 =
  'Save it as "CSV UTF-8" (in Excel: File > Save As > CSV UTF-8 (Comma delimited); in Google Sheets: File > Download > CSV) and upload it again.';

/** What a file that starts with these bytes was saved as, when it clearly is not UTF-8. */
// eslint-disable-next-line complexity -- a table of byte patterns
export function sniffEncoding(head: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-32' | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'utf-32';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'utf-32';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  // no BOM: ASCII text in UTF-16 has a zero byte beside every character
  if (head.length >= 4 && a !== 0 && b === 0 && c !== 0 && d === 0) return 'utf-16le';
  if (head.length >= 4 && a === 0 && b !== 0 && c === 0 && d !== 0) return 'utf-16be';
  return undefined;
}

function describeUtf16(kind: 'utf-16le' | 'utf-16be' | 'utf-32'): string {
  const name =
    kind === 'utf-32'
      ? 'UTF-32'
      : kind === 'utf-16le'
        ? 'UTF-16 (little-endian)'
        : 'UTF-16 (big-endian)';
  return `The file is saved as ${name}, not UTF-8 (Excel calls this "Unicode Text"). ${saveAsUtf8}`;
}

/** Counts line breaks in `text` before `end` (CRLF counts once). */
function linesBefore(text: string, end: number): number {
  let lines = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) lines++;
  }
  return lines;
}

/**
 * Explains a chunk that is not valid UTF-8: the first bad byte, the row it is probably on, and the
 * text around it as Windows-1252 would read it (which is what such files nearly always are).
 */
// eslint-disable-next-line complexity -- a byte-level UTF-8 walk, only on failure
function describeInvalid(chunk: Uint8Array, rowAtChunkStart: number): DecodeFailure {
  const lenient = new TextDecoder('utf-8').decode(chunk);
  const at = lenient.indexOf('\uFFFD');
  const row = rowAtChunkStart + linesBefore(lenient, Math.max(0, at));
  let byteAt = -1;
  for (let i = 0, expect = 0, lead = 0; i < chunk.length; i++) {
    const x = chunk[i]!;
    if (expect > 0) {
      if ((x & 0xc0) !== 0x80) {
        byteAt = lead;
        break;
      }
      expect--;
    } else if (x >= 0x80) {
      lead = i;
      if (x >= 0xc2 && x <= 0xdf) expect = 1;
      else if (x >= 0xe0 && x <= 0xef) expect = 2;
      else if (x >= 0xf0 && x <= 0xf4) expect = 3;
      else {
        byteAt = i;
        break;
      }
    }
  }
  let sample = '';
  if (byteAt >= 0) {
    let s = byteAt;
    while (
      s > 0 &&
      byteAt - s < 20 &&
      chunk[s - 1] !== 10 &&
      chunk[s - 1] !== 13 &&
      chunk[s - 1] !== 44
    ) {
      s--;
    }
    let e = byteAt + 1;
    while (
      e < chunk.length &&
      e - byteAt < 20 &&
      chunk[e] !== 10 &&
      chunk[e] !== 13 &&
      chunk[e] !== 44
    ) {
      e++;
    }
    try {
      sample = new TextDecoder('windows-1252').decode(chunk.subarray(s, e));
    } catch {
      sample = '';
    }
  }
  const byte =
    byteAt >= 0
      ? ` byte 0x${chunk[byteAt]!.toString(16).toUpperCase().padStart(2, '0')}`
      : ' a byte';
  const looks = sample ? ` ("${sample}" when read as Windows-1252)` : '';
  return {
    row,
    message: `The file is not UTF-8: row ${row} has${byte} that is not valid UTF-8${looks}. It looks like Windows-1252/Latin-1. ${saveAsUtf8}`,
  };
}

function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/**
 * A strict streaming UTF-8 decoder. `rowNow` tells it which spreadsheet row the scanner is on, so
 * an encoding failure can name the row. With `ascii`, chunks of plain ASCII skip TextDecoder as
 * long as every chunk before them was ASCII too (so no multi-byte character is ever split).
 */
export function createUtf8Decoder(rowNow: () => number, ascii?: AsciiDecoding): Utf8StreamDecoder {
  let head: Uint8Array | undefined = new Uint8Array(0);
  let lastAsciiBytes: Uint8Array | undefined;
  // The shortcut notes the bytes it decodes, so `lastAsciiBytes` needs no look at the text.
  const marked: AsciiDecoding | undefined = ascii && {
    isAscii: (bytes) => ascii.isAscii(bytes),
    decode: (bytes) => {
      lastAsciiBytes = bytes;
      return ascii.decode(bytes);
    },
  };
  let stream = createUtf8Stream(marked);

  function decode(chunk: Uint8Array): string | DecodeFailure {
    lastAsciiBytes = undefined;
    try {
      return stream.decode(chunk);
    } catch {
      return describeInvalid(chunk, rowNow());
    }
  }

  function sniffThen(chunk: Uint8Array, final: boolean): string | DecodeFailure {
    const prev: Uint8Array = head!;
    const joined = new Uint8Array(prev.length + chunk.length);
    joined.set(prev);
    joined.set(chunk, prev.length);
    if ((joined.length < 4 || wantsMoreOfZip(joined)) && !final) {
      head = joined;
      return '';
    }
    head = undefined;
    // A ZIP, an .xlsx or a gzip under a .csv name: say what it is (issue 14).
    const packed = sniffCompressed(joined);
    if (packed !== undefined) return { message: compressedCsvMessage(packed), row: 1 };
    const kind = sniffEncoding(joined);
    if (kind !== undefined) return { message: describeUtf16(kind), row: 1 };
    if (marked !== undefined && hasUtf8Bom(joined)) {
      // the BOM is dropped (contract §5.1); what follows it may still take the ASCII way
      stream = createUtf8Stream(marked, true);
      return decode(joined.subarray(3));
    }
    return decode(joined);
  }

  return {
    push(chunk) {
      lastAsciiBytes = undefined;
      if (head !== undefined) return sniffThen(chunk, false);
      return decode(chunk);
    },
    end() {
      lastAsciiBytes = undefined;
      let text = '';
      if (head !== undefined) {
        const r = sniffThen(new Uint8Array(0), true);
        lastAsciiBytes = undefined; // the end's text is small: not worth telling apart
        if (typeof r !== 'string') return r;
        text = r;
      }
      try {
        return text + stream.end();
      } catch {
        return {
          message: `The file is not UTF-8: it ends in the middle of a character (the file may be cut short or not UTF-8). ${saveAsUtf8}`,
          row: rowNow(),
        };
      }
    },
    get lastAsciiBytes() {
      return lastAsciiBytes;
    },
  };
}
