/**
 * "Fix the rows here" on a checked file with problems (issue 12 §4): the file as checked opens
 * in a worker that keeps it (grid-client.ts); the grid shows the rows with problems first; cells
 * are edited and re-checked, values replaced in a column, rows removed; then **Send the fixed
 * file**: the edited CSV UTF-8 is checked again from the start, as any prepared file, before it
 * can be uploaded. DOM.
 */
import { useEffect } from 'react';
import type { GridRules } from '../../../core/import/grid-model.ts';
import { formatCount } from '../../lib/format.ts';
import { plural } from '../../../core/util/text.ts';
import type { WorkerGrid } from './grid-client.ts';
import { GridFindReplace } from './grid-find-replace.tsx';
import { GridView } from './grid-view.tsx';
import { useWorkerGrid } from './use-worker-grid.ts';

type Props = {
  /** The file as it was checked (CSV UTF-8 with commas). */
  file: Blob;
  rules: GridRules;
  /** The open grid (null once closed): the valid rows are then split from the edited data. */
  onOpen: (grid: WorkerGrid | null) => void;
  onSendFixed: (file: Blob) => void;
  /** Whether anything was edited or removed (column fixes on the original would lose it). */
  onEdited?: (edited: boolean) => void;
};

export function GridPanel({ file, rules, onOpen, onSendFixed, onEdited }: Props) {
  const { grid, state, setState, error, sending, exportFile } = useWorkerGrid(file, rules, (g) => {
    onOpen(g);
    if (!g) onEdited?.(false);
  });

  const edited = state !== null && state.counts.edited + state.counts.removed > 0;
  useEffect(() => onEdited?.(edited), [edited, onEdited]);

  const send = async () => {
    const blob = await exportFile();
    if (blob) onSendFixed(blob);
  };

  const c = state?.counts;
  return (
    <section className="panel stack" aria-labelledby="grid-title" data-testid="grid-panel">
      <h3 id="grid-title">Fix the rows here</h3>
      {!grid && !error && (
        <p className="muted" role="status">
          Opening the file in the grid…
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {grid && state && c && (
        <>
          <p data-testid="grid-counts" role="status">
            {c.rowsWithProblems === 0
              ? `No row has a problem now (${plural(c.rows, 'row')}).`
              : // "3 of 6 rows", not "3 rows of 6 rows" (issue 13)
                `${formatCount(c.rowsWithProblems)} of ${plural(c.rows, 'row')} ${c.rowsWithProblems === 1 ? 'has' : 'have'} problems (${plural(c.problems, 'problem')}).`}
            {c.edited + c.removed > 0 &&
              ` ${plural(c.edited, 'row')} edited, ${plural(c.removed, 'row')} removed.`}
          </p>
          <p className="small muted">
            Rows with problems come first. Double-click a cell, or press Enter, to edit it; Enter
            keeps the value (Shift+Enter starts a new line in it), Escape leaves it as it was. Each
            value is checked as you type.
          </p>
          <GridFindReplace source={grid} onState={setState} />
          <GridView
            source={grid}
            state={state}
            onState={setState}
            label={`Rows of the file, ${plural(state.rowCount, 'row')}`}
          />
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={() => void grid.reorder().then(setState)}
            >
              Rows with problems first
            </button>
            <button
              type="button"
              className="btn primary"
              disabled={sending || c.edited + c.removed === 0}
              onClick={() => void send()}
            >
              Send the fixed file
            </button>
            <span className="small muted">It is checked again before it can be uploaded.</span>
          </div>
        </>
      )}
    </section>
  );
}
