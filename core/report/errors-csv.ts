/**
 * The `<file>.errors.csv` report (contract §5.7): `Row,Column,Value,Error`, RFC 4180 quoting,
 * CRLF line ends, and every cell that a spreadsheet would run as a formula (starting with
 * = + - @, a tab, CR or LF) neutralised with a leading `'`. Usable streaming (the header, then one
 * line per problem) or at once; and a parser for the app, which fetches and shows the report. std.
 */
import { z } from 'zod';
import { createCsvScanner } from '../csv/scanner.ts';

/** One line of an errors report. */
export type ErrorReportRow = { row: number; column: string; value: string; message: string };

/** The report's header line, with its CRLF. */
export const errorsCsvHeader = 'Row,Column,Value,Error\r\n';

const formulaStart = new Set(['=', '+', '-', '@', '\t', '\r', '\n']);

/**
 * A cell a spreadsheet shows as text: a leading `'` when the value would start a formula (OWASP
 * CSV injection), then RFC 4180 quoting when it holds a comma, quote or line break.
 */
export function csvCell(value: string): string {
  let v = value.length > 0 && formulaStart.has(value.charAt(0)) ? `'${value}` : value;
  if (/[",\r\n]/.test(v)) v = `"${v.replace(/"/g, '""')}"`;
  return v;
}

/** One report line (with its CRLF) for one problem. */
export function errorsCsvRow(p: ErrorReportRow): string {
  return `${p.row},${csvCell(p.column)},${csvCell(p.value)},${csvCell(p.message)}\r\n`;
}

/** A whole report: the header, then one line per problem, in the order given. */
export function formatErrorsCsv(problems: Iterable<ErrorReportRow>): string {
  const out = [errorsCsvHeader];
  for (const p of problems) out.push(errorsCsvRow(p));
  return out.join('');
}

/** A report cell as the user typed it: the guard `'` added by {@link csvCell} removed. */
export function displayValue(cell: string): string {
  return cell.length > 1 && cell.charAt(0) === "'" && formulaStart.has(cell.charAt(1))
    ? cell.slice(1)
    : cell;
}

const reportRow = z.object({
  row: z.coerce.number().int().nonnegative(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
});

/**
 * Reads an errors report (as fetched from `Failed/`). Cells are returned as written (use
 * {@link displayValue} to show them); a report that is not one says so.
 */
export function parseErrorsCsv(
  text: string,
): { ok: true; rows: ErrorReportRow[] } | { ok: false; message: string } {
  const records: string[][] = [];
  const scanner = createCsvScanner((fields, count) => void records.push(fields.slice(0, count)), {
    maxFieldBytes: 16 * 1024 * 1024,
    maxRowBytes: 64 * 1024 * 1024,
  });
  scanner.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  scanner.end();
  if (scanner.failure) {
    return {
      ok: false,
      message: `The error report is not a readable CSV (row ${scanner.failure.row}).`,
    };
  }
  const [header, ...lines] = records;
  if (!header || header.map((h) => h.trim().toLowerCase()).join(',') !== 'row,column,value,error') {
    return {
      ok: false,
      message: 'This is not an error report: its first row is not "Row,Column,Value,Error".',
    };
  }
  const rows: ErrorReportRow[] = [];
  for (let k = 0; k < lines.length; k++) {
    const cells = lines[k]!;
    if (cells.length === 1 && cells[0] === '') continue;
    const parsed = reportRow.safeParse({
      row: cells[0],
      column: cells[1] ?? '',
      value: cells[2] ?? '',
      message: cells[3] ?? '',
    });
    if (!parsed.success || cells.length !== 4 || cells[0]!.trim() === '') {
      return {
        ok: false,
        message: `Line ${k + 2} of the error report is not "row number, column, value, error".`,
      };
    }
    rows.push(parsed.data);
  }
  return { ok: true, rows };
}
