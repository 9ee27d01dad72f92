/**
 * Conversion to the file the platform wants (contract §8 `prepare`, §5.1): the input's bytes in
 * any encoding and separator {@link detectFormat}/{@link detectDelimiter} found (or rows read
 * from a spreadsheet), plus a column pairing, out as CSV text with commas, the template's column
 * names and RFC 4180 quoting, streaming chunk by chunk. The input is only read; the caller
 * encodes the text as UTF-8 and writes a new file. std.
 */
import type { ColumnMatch, TemplateColumn } from './match-columns.ts';
import type { TextEncodingName } from './detect-format.ts';
import { createChunkDecoder } from './text-decoder.ts';
import { createDelimitedScanner, type DelimitedFailure } from './delimited-scanner.ts';

/** Which input field feeds each output column. */
export type ConversionPlan = {
  /** The output header: template column names, in the template's order. */
  columns: string[];
  /** `sources[c]`: the input field index of output column c. */
  sources: number[];
};

/** A one-column fix applied while converting (see fixes.ts): the value in, the value out. */
export type ValueFix = (value: string) => string;

/** The output columns for a pairing: every paired template column, in the template's order. */
export function planConversion(
  match: ColumnMatch,
  template: readonly TemplateColumn[],
): ConversionPlan {
  const from = new Map(match.pairs.map((p) => [p.to, p.index]));
  const columns: string[] = [];
  const sources: number[] = [];
  for (const t of template) {
    const k = from.get(t.name);
    if (k === undefined) continue;
    columns.push(t.name);
    sources.push(k);
  }
  return { columns, sources };
}

const needsQuotes = /[",\r\n]/;
const quoteChars = /"/g;

/** One value as a CSV field (RFC 4180: quoted when it holds a comma, quote or line break). */
export function csvField(v: string): string {
  return needsQuotes.test(v) ? `"${v.replace(quoteChars, '""')}"` : v;
}

/** One record as a CSV line with CRLF. */
export function csvLine(values: readonly string[]): string {
  let line = '';
  for (let c = 0; c < values.length; c++) line += (c === 0 ? '' : ',') + csvField(values[c]!);
  return line + '\r\n';
}

export type ConversionCounts = {
  /** Data rows written (the header not counted). */
  rows: number;
  /** Rows with fewer values than the header (the missing ones written empty). */
  shortRows: number;
  /**
   * Rows with more non-empty values than the header. Nothing is lost: their values past the
   * header are written after the template's columns, so the check reports the row as having too
   * many values and the grid shows them (blank ones at the end are left out).
   */
  longRows: number;
  /** The first such short or long row (spreadsheet numbering, header = 1), 0 when none. */
  firstRaggedRow: number;
  /**
   * Rows with no value at all before the last row with values. Each is written as an empty line,
   * so row N of the output is row N of the input (the platform skips empty rows without
   * renumbering them, contract appendix). Empty rows at the end hold and number nothing: left out.
   */
  blankRows: number;
};

/** Turns records (as field arrays) into CSV lines by a plan; shared by CSV and spreadsheets. */
export type RecordWriter = {
  /** The CSV text of one input record (the first one, the header, becomes the template's). */
  write(fields: readonly string[], count: number, row: number): string;
  readonly counts: ConversionCounts;
};

export function createRecordWriter(
  plan: ConversionPlan,
  fixes: readonly (ValueFix | undefined)[] = [],
): RecordWriter {
  const { columns, sources } = plan;
  const width = columns.length;
  const header = csvLine(columns);
  let inputWidth = -1;
  /** Empty rows not yet written: written as empty lines only once a row with values follows. */
  let blankRun = 0;
  const counts: ConversionCounts = {
    rows: 0,
    shortRows: 0,
    longRows: 0,
    firstRaggedRow: 0,
    blankRows: 0,
  };
  const blank = (fields: readonly string[], count: number): boolean => {
    for (let j = 0; j < count; j++) if (fields[j]!.trim() !== '') return false;
    return true;
  };
  /**
   * Counts a row with fewer values than the header, or more non-empty ones (the first one's row
   * kept); returns how many values past the header to write: up to the last non-empty one.
   */
  const countRagged = (fields: readonly string[], count: number, row: number): number => {
    let extra = 0;
    if (count < inputWidth) counts.shortRows++;
    else {
      extra = count - inputWidth;
      while (extra > 0 && fields[inputWidth + extra - 1]!.trim() === '') extra--;
      if (extra === 0) return 0;
      counts.longRows++;
    }
    if (counts.firstRaggedRow === 0) counts.firstRaggedRow = row;
    return extra;
  };
  return {
    write(fields, count, row) {
      if (inputWidth < 0) {
        inputWidth = count;
        return header;
      }
      if (fields[0]!.trim() === '' && blank(fields, count)) {
        blankRun++;
        return '';
      }
      const extra = count !== inputWidth ? countRagged(fields, count, row) : 0;
      counts.rows++;
      let line = '';
      if (blankRun > 0) {
        counts.blankRows += blankRun;
        line = '\r\n'.repeat(blankRun);
        blankRun = 0;
      }
      for (let c = 0; c < width; c++) {
        const k = sources[c]!;
        let v = k < count ? fields[k]! : '';
        const fix = fixes[c];
        if (fix !== undefined) v = fix(v);
        if (c > 0) line += ',';
        line += needsQuotes.test(v) ? `"${v.replace(quoteChars, '""')}"` : v;
      }
      // Values past the header: kept, never dropped (see ConversionCounts.longRows).
      for (let j = inputWidth; j < inputWidth + extra; j++) line += ',' + csvField(fields[j]!);
      return line + '\r\n';
    },
    counts,
  };
}

export type DelimitedConverter = {
  /** Converts the next chunk of input bytes; returns the CSV text of the records it completed. */
  push(chunk: Uint8Array): string;
  /** The end of the input: the rest of the CSV text. */
  end(): string;
  readonly counts: ConversionCounts;
  /** Set when the input cannot be read (later pushes return ''). */
  readonly failure: { code: DelimitedFailure['code'] | 'bad-encoding'; row: number } | undefined;
  /** The encoding read (a UTF-8 file that turns out not to be one is read as Windows-1252). */
  readonly encoding: TextEncodingName;
};

/** Largest piece of a chunk decoded at once (small strings die young; see core/csv/validator.ts). */
const sliceBytes = 64 * 1024;

/** A converter for one delimited text file. */
export function createDelimitedConverter(options: {
  encoding: TextEncodingName;
  delimiter: string;
  plan: ConversionPlan;
  fixes?: readonly (ValueFix | undefined)[];
}): DelimitedConverter {
  const decoder = createChunkDecoder(options.encoding);
  const writer = createRecordWriter(options.plan, options.fixes);
  let out = '';
  const scanner = createDelimitedScanner(options.delimiter, (fields, count, row) => {
    out += writer.write(fields, count, row);
  });
  let badEncoding: number | undefined;

  const take = (): string => {
    const s = out;
    out = '';
    return s;
  };
  const failure = (): DelimitedConverter['failure'] =>
    badEncoding !== undefined ? { code: 'bad-encoding', row: badEncoding } : scanner.failure;

  return {
    push(chunk) {
      for (let at = 0; at < chunk.length && failure() === undefined; at += sliceBytes) {
        let text: string;
        try {
          text = decoder.decode(
            chunk.length <= sliceBytes ? chunk : chunk.subarray(at, at + sliceBytes),
          );
        } catch {
          badEncoding = scanner.rows + 1;
          break;
        }
        scanner.write(text);
      }
      return take();
    },
    end() {
      if (failure() === undefined) {
        try {
          scanner.write(decoder.end());
        } catch {
          badEncoding = scanner.rows + 1;
        }
        if (failure() === undefined) scanner.end();
      }
      return take();
    },
    get counts() {
      return writer.counts;
    },
    get failure() {
      return failure();
    },
    get encoding() {
      return decoder.encoding;
    },
  };
}
