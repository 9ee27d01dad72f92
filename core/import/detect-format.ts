/**
 * What a file is, from its first bytes (issue 12; contract §8 `prepare`): a spreadsheet or an
 * archive saved under a `.csv` name is named as what it is, and a text file's encoding is read
 * from its BOM or, without one, from whether the bytes are UTF-8 (else Windows-1252, which is
 * what Excel's plain "CSV" is). Looks at the first chunk only. std.
 */
import { sniffEncoding } from '../csv/decode.ts';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DetectedFormat =
  | { format: 'csv'; encoding: TextEncodingName }
  | { format: 'xlsx' }
  | { format: 'xls' }
  | { format: 'zip' }
  | { format: 'gzip' }
  | { format: 'pdf' }
  | { format: 'utf-32' };

/** Words for an encoding, as the app and the CLI show them. */
const encodingWords: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (with BOM)',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252',
};

export function encodingInWords(e: TextEncodingName): string {
  return encodingWords[e];
}

const startsWith = (b: Uint8Array, sig: readonly number[]): boolean =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** Whether a ZIP's first bytes look like an Office Open XML workbook (an .xlsx). */
function looksLikeXlsx(head: Uint8Array): boolean {
  // Entry names are stored in clear in each local header; a workbook's parts live under xl/.
  const text = new TextDecoder('latin1').decode(head.subarray(0, Math.min(head.length, 65536)));
  return text.includes('xl/');
}

/**
 * Whether `bytes` are UTF-8. A character cut at the end of the chunk is fine (`final: false`):
 * only the first chunk of a longer file is looked at.
 */
export function isUtf8(bytes: Uint8Array, final: boolean): boolean {
  try {
    const d = new TextDecoder('utf-8', { fatal: true });
    d.decode(bytes, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/**
 * The format of a file from its first chunk. `whole` says the chunk is the whole file (so a
 * character cut at its end is an error, not the chunk's edge).
 */

export function detectFormat(head: Uint8Array, whole = false): DetectedFormat {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return looksLikeXlsx(head) ? { format: 'xlsx' } : { format: 'zip' };
  }
  if (startsWith(head, [0x1f, 0x8b])) return { format: 'gzip' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { format: 'xls' };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { format: 'pdf' };
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { format: 'csv', encoding: 'utf-8-bom' };
  const sniffed = sniffEncoding(head);
  if (sniffed === 'utf-32') return { format: 'utf-32' };
  if (sniffed !== undefined) return { format: 'csv', encoding: sniffed };
  return { format: 'csv', encoding: isUtf8(head, whole) ? 'utf-8' : 'windows-1252' };
}

/** What the file is in words, for a message ("an Excel workbook (.xlsx)"). */
export function formatInWords(d: DetectedFormat): string {
  switch (d.format) {
    case 'csv':
      return `a text file in ${encodingInWords(d.encoding)}`;
    case 'xlsx':
      return 'an Excel workbook (.xlsx)';
    case 'xls':
      return 'an old Excel workbook (.xls, Excel 97–2003)';
    case 'zip':
      return 'a ZIP archive';
    case 'gzip':
      return 'a gzip-compressed file';
    case 'pdf':
      return 'a PDF document';
    case 'utf-32':
      return 'a text file in UTF-32';
  }
}
