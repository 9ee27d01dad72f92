/**
 * A strict streaming UTF-8 decoder with an optional shortcut for chunks of plain ASCII, shared by
 * the CSV validator and the KML reader. std.
 *
 * Where the platform has a faster way to read ASCII (Node's native `isAscii` and one-byte
 * strings, ~5× TextDecoder; engine/ascii-decoding.ts), chunks that are all ASCII skip
 * TextDecoder for as long as every chunk before them was ASCII too, so no multi-byte character is
 * ever split between the two paths. ASCII reads the same in UTF-8 and Latin-1: the text is
 * identical either way.
 */

export type AsciiDecoding = {
  isAscii(bytes: Uint8Array): boolean;
  /** The bytes as text, one character each (called only for ASCII bytes). */
  decode(bytes: Uint8Array): string;
};

export type Utf8Stream = {
  /** Decodes the next chunk; throws a TypeError on bytes that are not UTF-8. */
  decode(chunk: Uint8Array): string;
  /** Ends the stream; throws when it ends inside a character. */
  end(): string;
};

/**
 * A decoder that drops a leading BOM (as TextDecoder does; `afterBom`: the caller dropped it
 * already) and refuses anything not UTF-8.
 */
export function createUtf8Stream(ascii?: AsciiDecoding, afterBom = false): Utf8Stream {
  let decoder: TextDecoder | undefined;
  let allAscii = ascii !== undefined;
  /** Text was read already: a later U+FEFF is a character, not a BOM to drop. */
  let started = afterBom;
  return {
    decode(chunk) {
      if (allAscii) {
        if (ascii!.isAscii(chunk)) {
          started ||= chunk.length > 0;
          return ascii!.decode(chunk);
        }
        allAscii = false;
      }
      decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: started });
      return decoder.decode(chunk, { stream: true });
    },
    end() {
      return decoder === undefined ? '' : decoder.decode();
    },
  };
}
