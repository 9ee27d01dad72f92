/**
 * What a processed file reports (contract §5.7): `<file>.result.json` for every file, and
 * `<file>.errors.csv` (`Row,Column,Value,Error`) streamed to disk as problems are found, so a
 * file with a million bad rows never holds them in memory. node.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import {
  errorsCsvHeader,
  errorsCsvRow,
  maxResultErrors,
  type ImportResult,
} from './core-adapters.ts';

/**
 * One reported problem; `row` is the row as a spreadsheet shows it (header = 1); 0 means the file
 * as a whole (a file-level error). For KML, the line of the Placemark.
 */
export type ReportedProblem = { row: number; column: string; value: string; message: string };

/** `<file>.result.json`: core/report's shape, plus how many problems there were in all. */
export type FileResult = ImportResult & { errorCount?: number };

/** Most problems kept in result.json (contract §5.7). */
export const maxReportedErrors = maxResultErrors;

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
  let buf = errorsCsvHeader;
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
      buf += errorsCsvRow(prefix === '' ? p : { ...p, message: prefix + p.message });
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
