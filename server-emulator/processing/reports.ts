/**
 * What a processed file reports (contract §5.7): `<file>.result.json` for every file, and
 * `<file>.errors.csv` (`Row,Column,Value,Error`) streamed to disk as problems are found, so a
 * file with a million bad rows never holds them in memory. node.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { csvLine } from './core-adapters.ts';

/** One reported problem; `row` is the row as a spreadsheet shows it (header = 1), or null for the file. */
export type ReportedProblem = { row: number | null; column: string; value: string; message: string };

/** `<file>.result.json`. */
export type FileResult = {
  status: 'success' | 'failed';
  file: string;
  /** The data object (CSV), `Territory` (KML), or null when it could not be told. */
  object: string | null;
  rowsTotal: number;
  rowsImported: number;
  rowsFailed: number;
  packages: number;
  warnings: string[];
  /** The first 1,000 problems, in file order. */
  errors: ReportedProblem[];
  /** How many problems there were in all (may exceed errors.length). */
  errorCount: number;
  /** Set when the whole file failed (encoding, missing column, bad name, unsafe ZIP, ...). */
  fileError?: { code: string; message: string };
  startedAt: string;
  finishedAt: string;
  /** ZIP only: each entry's own result, in archive order. */
  entries?: FileResult[];
};

/** Most problems kept in result.json (contract §5.7). */
export const maxReportedErrors = 1000;

/** Collects problems: all of them into the errors file, the first 1,000 into memory. */
export type ProblemSink = {
  add(p: ReportedProblem): void;
  readonly count: number;
  readonly first: ReportedProblem[];
  /** Flushes and closes the file; returns whether any problem was written. */
  close(): boolean;
};

/** A sink writing `Row,Column,Value,Error` lines to `path` (truncated first). */
export function createProblemSink(path: string, prefix = ''): ProblemSink {
  const fd = openSync(path, 'w');
  let buf = csvLine(['Row', 'Column', 'Value', 'Error']);
  let count = 0;
  const first: ReportedProblem[] = [];
  let closed = false;
  const flush = () => {
    if (buf.length > 0) writeSync(fd, buf);
    buf = '';
  };
  return {
    add(p) {
      count++;
      if (first.length < maxReportedErrors) first.push(p);
      buf += csvLine([p.row === null ? '' : String(p.row), p.column, p.value, prefix + p.message]);
      if (buf.length > 1 << 16) flush();
    },
    get count() {
      return count;
    },
    first,
    close() {
      if (!closed) {
        flush();
        closeSync(fd);
        closed = true;
      }
      return count > 0;
    },
  };
}

/** A result skeleton for a file that starts now. */
export function emptyResult(file: string, object: string | null, startedAt: number): FileResult {
  return {
    status: 'failed',
    file,
    object,
    rowsTotal: 0,
    rowsImported: 0,
    rowsFailed: 0,
    packages: 0,
    warnings: [],
    errors: [],
    errorCount: 0,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(startedAt).toISOString(),
  };
}
