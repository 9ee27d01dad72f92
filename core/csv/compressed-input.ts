/**
 * A compressed file under a text name (issue 14): a `.csv` that is really a ZIP (often an Excel
 * .xlsx) or gzip, a `.kml` that is really a KMZ/ZIP or gzip. Read from the first bytes, so the
 * message says what the file is and what to do instead of "not valid UTF-8". std.
 */

export type CompressedKind = 'xlsx' | 'zip' | 'gzip';

/** Bytes needed to tell (ZIP's local-header or empty-archive magic). */
export const compressedMagicBytes = 4;

/**
 * What compressed file `head` starts, or undefined for anything else. A ZIP whose first entries
 * (stored in clear) live under `xl/` is an Excel workbook.
 */
export function sniffCompressed(head: Uint8Array): CompressedKind | undefined {
  const [a, b, c, d] = head;
  if (a === 0x1f && b === 0x8b) return 'gzip';
  if (a === 0x50 && b === 0x4b && ((c === 3 && d === 4) || (c === 5 && d === 6))) {
    return hasXlPart(head) ? 'xlsx' : 'zip';
  }
  return undefined;
}

/** Bytes of a ZIP's start searched for an `xl/` part name. */
const zipSniffBytes = 65536;
/**
 * Bytes of a ZIP's start waited for when it comes in small chunks: an .xlsx names its `xl/`
 * parts within its first few entries. Small, as the head is re-joined on every chunk.
 */
export const zipWaitBytes = 8192;

/**
 * Whether `head` is the start of a ZIP too short yet to tell a workbook from another archive
 * (the caller then waits for more bytes, up to {@link zipWaitBytes}, or the end).
 */
export function wantsMoreOfZip(head: Uint8Array): boolean {
  return (
    head.length < zipWaitBytes &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    head[2] === 3 &&
    head[3] === 4 &&
    !hasXlPart(head)
  );
}

/** Whether "xl/" appears in the first 64 KiB (an .xlsx's part names). */
function hasXlPart(head: Uint8Array): boolean {
  const end = Math.min(head.length, zipSniffBytes) - 2;
  for (let i = 30; i < end; i++) {
    if (head[i] === 0x78 && head[i + 1] === 0x6c && head[i + 2] === 0x2f) return true;
  }
  return false;
}

/** The message for a CSV upload that is really `kind`. */
const compressedCsvMessages: Record<CompressedKind, string> = {
  xlsx: 'This .csv file is really an Excel workbook (.xlsx), not CSV text. Open it in Excel and save it as "CSV UTF-8 (Comma delimited)", or use `sftp-import prepare` (or the app\'s import assistant), which turns a workbook into a CSV.',
  zip: "This .csv file is really a ZIP archive (an Excel .xlsx?), not CSV text. Save it as CSV UTF-8, or use `sftp-import prepare` (or the app's import assistant) for a workbook; for a ZIP of CSV files, upload it with a .zip name or unzip it and upload the CSV inside.",
  gzip: 'This .csv file is really gzip-compressed (.gz), not CSV text. Decompress it (gunzip, 7-Zip) and upload the CSV inside.',
};

export function compressedCsvMessage(kind: CompressedKind): string {
  return compressedCsvMessages[kind];
}

/** The message for a KML upload that is really `kind`. */
export function compressedKmlMessage(kind: CompressedKind): string {
  return kind === 'gzip'
    ? 'This .kml file is really gzip-compressed (.gz), not KML text. Decompress it (gunzip, 7-Zip) and upload the .kml inside.'
    : 'This .kml file is a KMZ/ZIP archive; it is not KML text. Give it a .kmz (or .zip) name so it is opened as an archive, or unzip it and upload the .kml inside.';
}
