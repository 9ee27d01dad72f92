/**
 * Problems as a table (row, column, value, what to do) with counts, filters by column and by
 * kind, and "Export problems" (a CSV whose cells cannot run as formulas). Used for the local check
 * and for the server's errors.csv alike. Values render as text, never HTML. DOM.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  cappedNote,
  countBy,
  filterProblems,
  problemsToCsv,
  type ProblemFilter,
  type ProblemRow,
} from '../lib/problems.ts';
import { formatCount } from '../lib/format.ts';
import { DataTable, type Column } from './data-table.tsx';
import { ProblemFilters } from './problem-filters.tsx';

type Props = {
  title: string;
  rows: readonly ProblemRow[];
  /** Exact total when `rows` holds only the first ones. */
  total?: number;
  /** Name for the exported file. */
  exportName: string;
  /** Headers: KML problems say "Placemark"/"File"/"Name" instead. */
  labels?: { row: string; column: string; value: string };
  onExport: (name: string, csv: string) => void;
};

const shown = 500;
/**
 * Rows in the first paint: 500 rows take ~70 ms to lay out, which the user would wait for before
 * the verdict above the table shows (bench app-check); the rest follow a frame later.
 */
const firstPaint = 50;

/** Row, column, value (as text, wrapped) and what to do. */
const problemColumns = (l: {
  row: string;
  column: string;
  value: string;
}): Column<ProblemRow>[] => [
  { header: l.row, cell: (p) => p.row },
  { header: l.column, cell: (p) => p.column },
  { header: l.value, className: 'value', cell: (p) => p.value },
  { header: 'What to do', cell: (p) => p.message },
];

/** The table with its filter bar. */
export function ProblemsTable({ title, rows, total, exportName, labels, onExport }: Props) {
  const [filter, setFilter] = useState<ProblemFilter>({ column: null, kind: null });
  const visible = useMemo(() => filterProblems(rows, filter), [rows, filter]);
  const columns = useMemo(() => countBy(rows, 'column'), [rows]);
  const kinds = useMemo(() => countBy(rows, 'kind'), [rows]);
  const l = labels ?? { row: 'Row', column: 'Column', value: 'Value' };
  const all = total ?? rows.length;
  const capped = cappedNote(rows.length, all);
  const [limit, setLimit] = useState(firstPaint);
  useEffect(() => {
    if (limit >= shown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setLimit(shown), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [limit]);

  return (
    <section className="stack" aria-label={title}>
      <div className="spread">
        <h3>
          {title}: <span data-testid="problem-count">{formatCount(all)}</span>
        </h3>
        <button
          type="button"
          className="btn"
          onClick={() => onExport(exportName, problemsToCsv(visible, capped ?? undefined))}
        >
          Export problems
        </button>
      </div>
      <ProblemFilters
        columns={columns}
        kinds={kinds}
        filter={filter}
        onChange={setFilter}
        columnLabel={l.column}
      />
      {capped && (
        <p className="banner warn small" data-testid="problems-capped">
          {capped}
        </p>
      )}
      <p className="small muted" role="status">
        Showing {formatCount(Math.min(visible.length, shown))} of {formatCount(visible.length)}
        {visible.length !== rows.length ? ' matching the filters' : ''}
        {capped ? ' listed' : ''}.
      </p>
      <DataTable
        caption={title}
        columns={problemColumns(l)}
        rows={visible.slice(0, limit)}
        rowKey={(p, i) => `${p.row}-${p.column}-${i}`}
        scroll={{ label: `${title} table` }}
      />
    </section>
  );
}
