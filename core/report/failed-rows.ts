/**
 * "Fix the failed rows" (issue 12 §5): the rows a platform's error report names, taken from the
 * file that was sent, and the file that resends only them. Rows are found with the same scanner
 * the validator (and so the platform, contract §5.7) numbers them with: a record's spreadsheet
 * row, header = 1, a quoted value's line breaks inside one row, blank rows counted. std.
 */
import { createCsvScanner } from '../csv/scanner.ts';
import { csvLine } from '../import/convert.ts';

/** One problem the platform reported on a row. */
export type RowProblem = { column: string; value: string; message: string };

/** A failed row as it was sent, with the platform's problems on it. */
export type FailedRow = { row: number; values: string[]; problems: RowProblem[] };

export type FailedRows = {
  header: string[];
  rows: FailedRow[];
  /** Report rows past the file's end (a report that is not this file's). */
  missing: number[];
  /** Problems with the whole file (row 0): nothing row by row can fix them. */
  fileProblems: string[];
};

export type FailedRowsPicker = {
  /** The next piece of the sent file's text (a BOM at its start is dropped). */
  write(text: string): void;
  end(): { ok: true; value: FailedRows } | { ok: false; message: string };
};

/**
 * Picks the rows `report` names from a sent CSV given in pieces; only those rows are kept, so a
 * file of a million rows costs the memory of its failed ones.
 */
export function createFailedRowsPicker(
  report: readonly { row: number; column: string; value: string; message: string }[],
): FailedRowsPicker {
  const wanted = new Map<number, RowProblem[]>();
  const fileProblems: string[] = [];
  for (const p of report) {
    if (p.row <= 1) {
      // Row 0 is the whole file; row 1, the header, is fixed by choosing the template's columns.
      if (p.message !== '' && !fileProblems.includes(p.message)) fileProblems.push(p.message);
      continue;
    }
    const list = wanted.get(p.row) ?? [];
    list.push({ column: p.column, value: p.value, message: p.message });
    wanted.set(p.row, list);
  }
  let header: string[] | undefined;
  const found = new Map<number, string[]>();
  const scanner = createCsvScanner(
    (fields, count, row) => {
      if (row === 1) header = fields.slice(0, count);
      else if (wanted.has(row)) found.set(row, fields.slice(0, count));
    },
    { maxFieldBytes: 16 * 1024 * 1024, maxRowBytes: 64 * 1024 * 1024 },
  );
  let first = true;
  return {
    write(text) {
      const t = first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (t.length > 0) first = false;
      scanner.write(t);
    },
    end() {
      scanner.end();
      if (scanner.failure) {
        return {
          ok: false,
          message: `The file that was sent cannot be read as CSV from row ${scanner.failure.row} on, so its rows cannot be matched with the report.`,
        };
      }
      if (!header) return { ok: false, message: 'The file that was sent is empty.' };
      const width = header.length;
      const rows: FailedRow[] = [];
      const missing: number[] = [];
      for (const [row, problems] of [...wanted].sort((a, b) => a[0] - b[0])) {
        const values = found.get(row);
        if (!values) {
          missing.push(row);
          continue;
        }
        // The header's width: a short row is padded, a long one keeps its extra values visible.
        while (values.length < width) values.push('');
        rows.push({ row, values, problems });
      }
      return { ok: true, value: { header, rows, missing, fileProblems } };
    },
  };
}

/** {@link createFailedRowsPicker} over a whole text at once. */
export function pickFailedRows(
  text: string,
  report: readonly { row: number; column: string; value: string; message: string }[],
): ReturnType<FailedRowsPicker['end']> {
  const picker = createFailedRowsPicker(report);
  picker.write(text);
  return picker.end();
}

/**
 * The resubmission: the header, then the given rows, as CSV UTF-8 (commas, CRLF, RFC 4180
 * quotes) — nothing of the rows that were imported, so nothing is imported twice.
 */
export function failedRowsCsv(header: readonly string[], rows: readonly (readonly string[])[]) {
  let out = csvLine(header);
  for (const r of rows) out += csvLine(r);
  return out;
}

/**
 * How many of the rows have no external id (`ExternalLeadId`, `ExternalDataObjectId`): sent
 * again, each of those becomes a new record, since only an id makes the platform update one
 * (contract §5.5). `column` undefined (a platform without ids) counts every row.
 */
export function rowsWithoutId(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  column: string | undefined,
): number {
  const at = column ? header.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase()) : -1;
  if (at < 0) return rows.length;
  return rows.filter((r) => (r[at] ?? '').trim() === '').length;
}
