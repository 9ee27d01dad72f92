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

/** How much of the first chunk is decoded for the separator, header and preview. */
const sampleBytes = 64 * 1024;

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

export function inspectHead(
  head: Uint8Array,
  options: { whole?: boolean; delimiter?: string; previewRows?: number } = {},
): Inspection {
  const whole = options.whole ?? false;
  const d = detectFormat(head, whole);
  if (d.format === 'xlsx') return { ok: true, value: { format: 'xlsx' } };
  if (d.format !== 'csv') return { ok: false, format: d.format, message: notReadable(d) };
  // A sample is enough for the separator, the header and a preview (detectFormat checked the
  // whole chunk's encoding); the whole chunk is read when the sample holds no complete record.
  let r = readSample(
    head.length <= sampleBytes ? head : head.subarray(0, sampleBytes),
    d.encoding,
    {
      ...options,
      complete: whole && head.length <= sampleBytes,
    },
  );
  if (r.ok && r.rows.length === 0 && head.length > sampleBytes) {
    r = readSample(head, d.encoding, { ...options, complete: whole });
  }
  if (!r.ok) return { ok: false, format: 'csv', message: r.message };
  const { rows, guess, encoding, delimiter } = r;
  return {
    ok: true,
    value: {
      format: 'csv',
      encoding,
      delimiter,
      delimiterDetected: options.delimiter === undefined && guess.sure,
      header: rows[0] ?? [],
      preview: rows.slice(1),
    },
  };
}

/** Decodes `bytes` and reads the separator and the first records from them. */
function readSample(
  bytes: Uint8Array,
  enc: TextEncodingName,
  options: { complete: boolean; delimiter?: string; previewRows?: number },
):
  | {
      ok: true;
      rows: string[][];
      guess: ReturnType<typeof detectDelimiter>;
      encoding: TextEncodingName;
      delimiter: string;
    }
  | { ok: false; message: string } {
  const decoder = createChunkDecoder(enc);
  let text: string;
  try {
    text = decoder.decode(bytes);
    if (options.complete) text += decoder.end();
  } catch {
    return {
      ok: false,
      message: `The file's text cannot be read as ${enc}. Save it again as "CSV UTF-8" and pick that file.`,
    };
  }
  const guess = detectDelimiter(text, options.complete);
  const delimiter = options.delimiter ?? guess.delimiter;
  const max = (options.previewRows ?? 5) + 1;
  const rows: string[][] = [];
  try {
    const scanner = createDelimitedScanner(delimiter, (fields, count) => {
      if (rows.length < max) rows.push(fields.slice(0, count));
    });
    // the last line of a cut sample may be incomplete: complete records only
    scanner.write(text);
    if (options.complete) scanner.end();
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, rows, guess, encoding: decoder.encoding, delimiter };
}

export type { Delimiter };
