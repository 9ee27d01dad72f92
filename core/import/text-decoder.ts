/**
 * Bytes to text in the encoding {@link detectFormat} found, chunk by chunk (a character split
 * across chunks is fine). A BOM is dropped. A file read as UTF-8 whose first chunk was plain
 * ASCII and that later turns out not to be UTF-8 is read as Windows-1252 from there on (ASCII
 * reads the same in both), and says so. std.
 */
import type { TextEncodingName } from './detect-format.ts';
import { createWindows1252Decoder } from './windows-1252.ts';

export type ChunkDecoder = {
  /** The text of the next chunk; throws a TypeError when the bytes cannot be read. */
  decode(chunk: Uint8Array): string;
  /** The end of the text; throws when the file ends inside a character. */
  end(): string;
  /** The encoding in use now (a UTF-8 file may switch to Windows-1252, see above). */
  readonly encoding: TextEncodingName;
};

const isAscii = (b: Uint8Array): boolean => {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return false;
  return true;
};

/** A streaming decoder for one file. */
export function createChunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  let current = encoding;
  if (encoding === 'windows-1252') {
    const d = createWindows1252Decoder();
    return { decode: d, end: () => '', encoding };
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const d = new TextDecoder(encoding, { fatal: true });
    return {
      decode: (c) => d.decode(c, { stream: true }),
      end: () => d.decode(),
      encoding,
    };
  }
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let cp1252: ((b: Uint8Array) => string) | undefined;
  /** Every byte so far was ASCII: switching to Windows-1252 changes nothing already read. */
  let ascii = true;
  return {
    decode(chunk) {
      if (cp1252 !== undefined) return cp1252(chunk);
      if (ascii && !isAscii(chunk)) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
        } catch {
          cp1252 = createWindows1252Decoder();
          current = 'windows-1252';
          return cp1252(chunk);
        }
        ascii = false;
      }
      return utf8.decode(chunk, { stream: true });
    },
    end: () => (cp1252 !== undefined ? '' : utf8.decode()),
    get encoding() {
      return current;
    },
  };
}
