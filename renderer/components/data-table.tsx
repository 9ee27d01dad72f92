/**
 * The renderer's one table markup (History, Settings' sites and known servers, problems): a
 * caption that names the table, column headers with `scope="col"`, one row per item, and
 * optionally a row right under an item that spans every column (History's opened report).
 * Buttons in rows use `RowAction` so each has a unique accessible name ("Edit Acme leads")
 * while showing one word. DOM.
 */
import { Fragment, type ReactNode } from 'react';

/** One column: its header and how an item fills its cell. */
export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** Class of the column's cells (`mono`, `value`), or one per item. */
  className?: string | ((row: T) => string | undefined);
};

type Props<T> = {
  /** Names the table for screen readers (visually hidden: the section's heading shows it). */
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  /** A key unique among the rows (the index breaks ties between equal items). */
  rowKey: (row: T, index: number) => string;
  /** `data-*` attributes of an item's row (styles and tests pick rows by them). */
  rowData?: (row: T) => Readonly<Record<`data-${string}`, string>>;
  /** A full-width row right under an item, or null for none. */
  below?: (row: T) => ReactNode;
  /**
   * The scrolling box around the table. With `label` the box takes focus, so a keyboard can
   * scroll it, and is named for that.
   */
  scroll?: { className?: string; label?: string };
};

/** A data table; see the file comment. */
export function DataTable<T>({ caption, columns, rows, rowKey, rowData, below, scroll }: Props<T>) {
  const table = (
    <table className="data">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const under = below?.(r);
          return (
            <Fragment key={rowKey(r, i)}>
              <tr {...rowData?.(r)}>
                {columns.map((c) => (
                  <td
                    key={c.header}
                    className={typeof c.className === 'function' ? c.className(r) : c.className}
                  >
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
              {under != null && under !== false && (
                <tr className="below-row">
                  <td colSpan={columns.length}>{under}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
  if (!scroll) return table;
  const className = ['table-scroll', scroll.className].filter(Boolean).join(' ');
  return scroll.label ? (
    <div className={className} tabIndex={0} aria-label={scroll.label}>
      {table}
    </div>
  ) : (
    <div className={className}>{table}</div>
  );
}

/** A row button's words: `action` shown, `of` (the item's name) said to screen readers only. */
export function RowAction({ action, of }: { action: string; of: string }) {
  return (
    <>
      {action}
      <span className="visually-hidden"> {of}</span>
    </>
  );
}
