/**
 * The failed rows being fixed (issue 12 §5), as plain data: the rows the platform's report names,
 * the user's edits, rows left out, and the file they become — the header and the kept rows only,
 * so nothing already imported is sent again. Pure. std.
 */
import type { InvokeResponse } from '../../../core/ipc/contract.ts';
import { failedRowsCsv, rowsWithoutId } from '../../../core/report/failed-rows.ts';
import { plural } from '../../../core/util/text.ts';
import { splitExtension } from '../../lib/remote-name.ts';

export type FailedRowsAnswer = InvokeResponse<'history:failed-rows'>;

export type DraftRow = FailedRowsAnswer['rows'][number] & {
  /** The values as edited (the sent ones until the user changes them). */
  edited: string[];
  leftOut: boolean;
};

export type FailedRowsDraft = { fileName: string; header: string[]; rows: DraftRow[] };

/** A draft with the rows as they were sent. */
export function draftOf(answer: FailedRowsAnswer): FailedRowsDraft {
  return {
    fileName: answer.fileName,
    header: answer.header,
    rows: answer.rows.map((r) => ({ ...r, edited: [...r.values], leftOut: false })),
  };
}

/** Row `index`'s value of column `column` set to `value`. */
export function editCell(
  d: FailedRowsDraft,
  index: number,
  column: number,
  value: string,
): FailedRowsDraft {
  return {
    ...d,
    rows: d.rows.map((r, i) =>
      i === index ? { ...r, edited: r.edited.map((v, c) => (c === column ? value : v)) } : r,
    ),
  };
}

/** Row `index` left out of the resubmission (or put back). */
export function setLeftOut(d: FailedRowsDraft, index: number, leftOut: boolean): FailedRowsDraft {
  return { ...d, rows: d.rows.map((r, i) => (i === index ? { ...r, leftOut } : r)) };
}

/** The rows that will be sent. */
export function keptRows(d: FailedRowsDraft): DraftRow[] {
  return d.rows.filter((r) => !r.leftOut);
}

/** Whether a cell differs from what was sent. */
export function isEdited(r: DraftRow, column: number): boolean {
  return r.edited[column] !== r.values[column];
}

/**
 * How many value cells past the header's columns the editor shows: the most any row has. A row
 * sent with more values than the header ("too many values", often a comma outside quotes) keeps
 * them, so the user sees and empties them instead of sending them again unseen.
 */
export function extraColumns(d: FailedRowsDraft): number {
  let most = 0;
  for (const r of d.rows) most = Math.max(most, r.edited.length - d.header.length);
  return most;
}

/** The header of extra value cell `k` (0-based): it belongs to no column. */
export function extraLabel(k: number): string {
  return `Extra value ${k + 1} (no column)`;
}

/** Whether a value is empty as the platform sees it (blank values past the header are ignored). */
const isBlank = (v: string) => v.trim() === '';

/** Row `r`'s values as they are sent: extra values past the header dropped once all are empty. */
export function sentValues(header: readonly string[], r: DraftRow): string[] {
  let end = r.edited.length;
  while (end > header.length && isBlank(r.edited[end - 1]!)) end--;
  return end === r.edited.length ? r.edited : r.edited.slice(0, end);
}

/**
 * The kept rows that still have a value past the header's columns: the platform refuses each
 * (too many values), so they are not sent until those values are moved or emptied.
 */
export function rowsWithExtraValues(d: FailedRowsDraft): DraftRow[] {
  return keptRows(d).filter((r) => sentValues(d.header, r).length > d.header.length);
}

/** What to do about {@link rowsWithExtraValues}, or null when there are none. */
export function extraValuesNote(d: FailedRowsDraft): string | null {
  const rows = rowsWithExtraValues(d);
  if (rows.length === 0) return null;
  const which = rows.map((r) => r.row).join(', ');
  return `${rows.length === 1 ? `Row ${which} has` : `Rows ${which} have`} more values than the file has columns (shown under “Extra value”): the platform refuses such a row. Move each extra value into its column or empty it (often a value held a comma without double quotes), or leave the row out.`;
}

/**
 * The resubmission as a file: `<name>_failed-rows.csv`, CSV UTF-8 with the header and the kept
 * rows as edited (emptied extra values dropped, so such a row has the header's width). It is
 * then checked and uploaded like any picked file.
 */
export function draftFile(d: FailedRowsDraft): { name: string; text: string; rows: number } {
  const kept = keptRows(d);
  const [stem] = splitExtension(d.fileName);
  return {
    name: `${stem}_failed-rows.csv`,
    text: failedRowsCsv(
      d.header,
      kept.map((r) => sentValues(d.header, r)),
    ),
    rows: kept.length,
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

/** The same warning for the failed rows themselves, when some of them lack the id. */
export function failedRowsIdNote(
  d: FailedRowsDraft,
  externalIdColumn: string | undefined,
): string | null {
  const missing = rowsWithoutId(
    d.header,
    keptRows(d).map((r) => r.edited),
    externalIdColumn,
  );
  if (missing === 0 || !externalIdColumn) return null;
  return `${plural(missing, 'row')} here ${missing === 1 ? 'has' : 'have'} no ${externalIdColumn}: send ${missing === 1 ? 'it' : 'them'} once only, or ${missing === 1 ? 'it becomes' : 'they become'} a second record.`;
}
