/**
 * The failed rows being fixed (issue 12 §5), as plain data: the rows the platform's report names
 * become one small CSV file (the header, then each row as it was sent) that opens in the import
 * assistant's grid, where data row i is report row `answer.rows[i]`. The grid shows each row under
 * its number in the sent file and beside the platform's messages; what is sent again is the grid's
 * file — the header and these rows only, so nothing already imported is sent twice. Pure. std.
 */
import type { InvokeResponse } from '../../../core/ipc/contract.ts';
import { failedRowsCsv, rowsWithoutId } from '../../../core/report/failed-rows.ts';
import { plural } from '../../../core/util/text.ts';
import { splitExtension } from '../../lib/remote-name.ts';
import type { GridRow, GridSource } from '../import-assistant/grid-source.ts';

export type FailedRowsAnswer = InvokeResponse<'history:failed-rows'>;

/**
 * The rows as they were sent, as CSV UTF-8: the header, then each failed row with all its values
 * (a row with more values than the header keeps them, so the grid shows them to be emptied).
 */
export function failedRowsFile(answer: FailedRowsAnswer): string {
  return failedRowsCsv(
    answer.header,
    answer.rows.map((r) => r.values),
  );
}

/** The resubmission's name: `<name>_failed-rows.csv`. */
export function resubmissionName(fileName: string): string {
  const [stem] = splitExtension(fileName);
  return `${stem}_failed-rows.csv`;
}

/** What the platform said of report row `i`, in one line ("Email: Not an email."). */
export function platformSays(answer: FailedRowsAnswer, i: number): string {
  const problems = answer.rows[i]?.problems ?? [];
  return problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message)).join(' ');
}

/** A grid row under its number in the sent file (the one the platform's report uses). */
export function asSent(answer: FailedRowsAnswer, row: GridRow): GridRow {
  const sent = answer.rows[row.row]?.row;
  return sent === undefined ? row : { ...row, line: sent };
}

/** `grid` with every row it gives numbered as in the sent file. */
export function sentRowsSource(answer: FailedRowsAnswer, grid: Required<GridSource>): GridSource {
  const renumber = (r: GridRow) => asSent(answer, r);
  return {
    columns: grid.columns,
    extraColumns: grid.extraColumns,
    window: async (start, count) => {
      const w = await grid.window(start, count);
      return { ...w, rows: w.rows.map(renumber) };
    },
    check: (row, column, value) => grid.check(row, column, value),
    edit: async (row, column, value) => {
      const r = await grid.edit(row, column, value);
      return { ...r, row: r.row && renumber(r.row) };
    },
    removeRow: (row) => grid.removeRow(row),
    findReplace: (column, find, replace, options) =>
      grid.findReplace(column, find, replace, options),
    reorder: () => grid.reorder(),
  };
}

/**
 * The warning for sending a whole file again (issue 12 §5): the rows the platform imported
 * would become new records a second time, unless they carry the object's external id (the only
 * thing that makes the platform update a record, contract §5.5). `externalIdColumn` undefined:
 * a platform without ids.
 */
export function wholeFileWarning(externalIdColumn: string | undefined): string {
  const id = externalIdColumn
    ? `Rows without an ${externalIdColumn} become new records each time they are sent: `
    : 'This platform has no record ids, so every row sent becomes a new record: ';
  return `${id}sending the whole file again imports the rows that already went in a second time. Use “Fix the failed rows” to send only the rows that failed.`;
}

/** The same warning for the failed rows themselves, when some of them were sent without the id. */
export function failedRowsIdNote(
  answer: FailedRowsAnswer,
  externalIdColumn: string | undefined,
): string | null {
  const missing = rowsWithoutId(
    answer.header,
    answer.rows.map((r) => r.values),
    externalIdColumn,
  );
  if (missing === 0 || !externalIdColumn) return null;
  return `${plural(missing, 'row')} here ${missing === 1 ? 'has' : 'have'} no ${externalIdColumn}: send ${missing === 1 ? 'it' : 'them'} once only, or ${missing === 1 ? 'it becomes' : 'they become'} a second record.`;
}
