/**
 * The first look at a file (issue 12): what it is, how its text is encoded and separated, its
 * header and a few rows to preview, all from the first chunk. Plain data in and out, so the CLI
 * and the app's worker call the same thing. std.
 */
import { detectDelimiter, type Delimiter } from './detect-delimiter.ts';
import {
  detectFormat,
  formatInWords,
  type DetectedFormat,
  type TextEncodingName,
} from './detect-format.ts';
import { createDelimitedScanner } from './delimited-scanner.ts';
import { createChunkDecoder } from './text-decoder.ts';

export type TextInspection = {
  format: 'csv';
  encoding: TextEncodingName;
  delimiter: string;
  /** Whether the data chose the separator (false: given, or nothing split the lines). */
  delimiterDetected: boolean;
  header: string[];
  /** Up to `previewRows` data rows after the header. */
  preview: string[][];
};

export type Inspection =
  | { ok: true; value: TextInspection | { format: 'xlsx' } }
  | { ok: false; format: DetectedFormat['format']; message: string };

/** What to do with a file that is not text or a workbook, by what it is. */
function notReadable(d: DetectedFormat): string {
  const what = formatInWords(d);
  switch (d.format) {
    case 'xls':
      return `The file is ${what}. Open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then pick that file.`;
    case 'zip':
    case 'gzip':
      return `The file is ${what}, not a spreadsheet. Extract the CSV or .xlsx file from it and pick that file.`;
    default:
      return `The file is ${what}, not a spreadsheet. Export the data as CSV or .xlsx and pick that file.`;
  }
}

/**
 * Inspects the first chunk of a file. `whole`: the chunk is the whole file. `delimiter`: the
 * user's choice (else detected).
 */
// eslint-disable-next-line complexity -- the steps of a first look, each with its failure
export function inspectHead(
  head: Uint8Array,
  options: { whole?: boolean; delimiter?: string; previewRows?: number } = {},
): Inspection {
  const whole = options.whole ?? false;
  const d = detectFormat(head, whole);
  if (d.format === 'xlsx') return { ok: true, value: { format: 'xlsx' } };
  if (d.format !== 'csv') return { ok: false, format: d.format, message: notReadable(d) };
  let text: string;
  const decoder = createChunkDecoder(d.encoding);
  try {
    text = decoder.decode(head);
    if (whole) text += decoder.end();
  } catch {
    return {
      ok: false,
      format: 'csv',
      message: `The file's text cannot be read as ${d.encoding}. Save it again as "CSV UTF-8" and pick that file.`,
    };
  }
  const guess = detectDelimiter(text, whole);
  const delimiter = options.delimiter ?? guess.delimiter;
  const max = (options.previewRows ?? 5) + 1;
  const rows: string[][] = [];
  try {
    const scanner = createDelimitedScanner(delimiter, (fields, count) => {
      if (rows.length < max) rows.push(fields.slice(0, count));
    });
    // the last line of a cut chunk may be incomplete: preview complete lines only
    const sample = text.length > 256 * 1024 ? text.slice(0, 256 * 1024) : text;
    scanner.write(sample);
    if (whole && sample.length === text.length) scanner.end();
  } catch (e) {
    return { ok: false, format: 'csv', message: e instanceof Error ? e.message : String(e) };
  }
  return {
    ok: true,
    value: {
      format: 'csv',
      encoding: decoder.encoding,
      delimiter,
      delimiterDetected: options.delimiter === undefined && guess.sure,
      header: rows[0] ?? [],
      preview: rows.slice(1),
    },
  };
}

export type { Delimiter };
