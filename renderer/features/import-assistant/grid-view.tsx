/**
 * The editable grid (issue 12 §4): a window of rows from a {@link GridSource}, virtualised (only
 * the rows in view are in the DOM, so a 1,000,000-row file scrolls as a small one does), each cell
 * with a problem marked and its message in its title, its text for screen readers and the status
 * line. Keyboard: arrows, Home/End, Page Up/Down, Ctrl+Home/End move; Enter, F2 or typing edits;
 * Enter commits, Shift+Enter starts a new line in the value, Escape cancels; each value is
 * checked as it is typed. role="grid" with
 * aria-activedescendant, so focus stays on the grid however far it scrolls. DOM.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { GridProblem, GridRow, GridSource, GridState } from './grid-source.ts';

type Props = {
  source: GridSource;
  /** Rows shown and counts: the parent keeps it (a change re-reads the rows in view). */
  state: GridState;
  onState: (state: GridState) => void;
  label: string;
  /** A read-only column after the row number (the platform's messages on its failed rows). */
  note?: { label: string; text: (row: GridRow) => string };
};

/** The problems marked on a cell: a value past the header is its row's "too many values". */
function cellProblems(row: GridRow, col: number, width: number): GridProblem[] {
  if (col < width) return row.problems.filter((p) => p.column === col);
  if ((row.cells[col] ?? '').trim() === '') return [];
  return row.problems.filter((p) => p.code === 'ragged-row');
}

/** The header of value cell `k` past the header's columns (0-based): it belongs to no column. */
export function extraLabel(k: number): string {
  return `Extra value ${k + 1} (no column)`;
}

const rowHeight = 32;
const visibleRows = 12;
const viewHeight = rowHeight * visibleRows;
/** Taller scroll areas are scaled (browsers cap an element's height near 33 million px). */
const maxBodyHeight = 4_000_000;
const extra = 8;

type Cell = { pos: number; col: number };

export function GridView({ source, state, onState, label, note }: Props) {
  const id = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [win, setWin] = useState<{ start: number; rows: GridRow[]; of: GridState } | null>(null);
  const [active, setActive] = useState<Cell>({ pos: 0, col: 0 });
  const [editing, setEditing] = useState<string | null>(null);
  const [live, setLive] = useState<GridProblem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);
  const previewed = useRef(0);
  /** The edit under way (a ref: blur, Enter and Escape may all fire before a render). */
  const edit = useRef<{ row: GridRow; col: number; value: string } | null>(null);
  const { rowCount } = state;
  const header = source.columns;
  // the header's columns, then any values past them (too many values in a row)
  const columns = [
    ...header,
    ...Array.from({ length: source.extraColumns ?? 0 }, (_, k) => extraLabel(k)),
  ];
  /** aria-colindex of data column `col` (the row number, and the note, come first). */
  const colIndex = (col: number) => col + (note ? 3 : 2);

  const total = rowCount * rowHeight;
  const bodyHeight = Math.min(total, maxBodyHeight);
  const scale = total > bodyHeight ? (total - viewHeight) / (bodyHeight - viewHeight) : 1;
  /** Virtual pixels above the view minus real ones: where the rows in view are drawn. */
  const offset = scrollTop * scale - scrollTop;
  const first = Math.min(Math.floor((scrollTop * scale) / rowHeight), Math.max(0, rowCount - 1));

  useEffect(() => {
    const want = Math.max(0, first - extra);
    const end = Math.min(rowCount, first + visibleRows + 1);
    if (win && win.of === state && win.start <= first && win.start + win.rows.length >= end) {
      return;
    }
    const ask = ++asked.current;
    source.window(want, visibleRows + 2 * extra).then(
      (r) => {
        if (ask !== asked.current) return;
        setWin({ start: want, rows: r.rows, of: state });
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [source, state, first, rowCount, win]);

  const rowAt = (pos: number) => win?.rows[pos - win.start];
  const activeRow = rowAt(active.pos);
  const cellId = (c: Cell) => `${id}-r${c.pos}-c${c.col}`;
  const problemsIn = (row: GridRow, col: number) =>
    row.problems.filter((p) => p.column === col || p.column === -1);

  function bringIntoView(pos: number): void {
    const el = scroller.current;
    if (!el) return;
    const top = pos * rowHeight;
    const viewTop = el.scrollTop * scale;
    if (top < viewTop) el.scrollTop = top / scale;
    else if (top + rowHeight > viewTop + viewHeight - rowHeight) {
      el.scrollTop = (top + 2 * rowHeight - viewHeight) / scale;
    }
  }

  function move(to: Cell): void {
    const pos = Math.max(0, Math.min(rowCount - 1, to.pos));
    const col = Math.max(0, Math.min(columns.length - 1, to.col));
    setActive({ pos, col });
    bringIntoView(pos);
  }

  function startEdit(at: Cell, value?: string): void {
    const row = rowAt(at.pos);
    if (!source.edit || !row) return;
    const text = value ?? row.cells[at.col] ?? '';
    edit.current = { row, col: at.col, value: text };
    setEditing(text);
    setLive(null);
    void preview(text);
  }

  function type(value: string): void {
    if (!edit.current) return;
    edit.current.value = value;
    setEditing(value);
    void preview(value);
  }

  async function preview(value: string): Promise<void> {
    const e = edit.current;
    if (!source.check || !e) return;
    const ask = ++previewed.current;
    const p = await source.check(e.row.row, e.col, value).catch(() => null);
    if (ask === previewed.current && edit.current) setLive(p);
  }

  async function commit(): Promise<void> {
    const e = edit.current;
    edit.current = null;
    if (!e || !source.edit) return;
    try {
      if (e.value !== (e.row.cells[e.col] ?? '')) {
        const r = await source.edit(e.row.row, e.col, e.value);
        // the row as it is now at once, so an edit right after starts from it (the window is
        // read again for the rows the edit touched through their ids)
        const fresh = r.row;
        if (fresh) {
          setWin((w) => w && { ...w, rows: w.rows.map((x) => (x.row === fresh.row ? fresh : x)) });
        }
        onState({ rowCount: r.rowCount, counts: r.counts });
      }
      setError(null);
    } catch (err: unknown) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setEditing(null);
      setLive(null);
      scroller.current?.focus();
    }
  }

  function cancel(): void {
    edit.current = null;
    setEditing(null);
    setLive(null);
    scroller.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (editing !== null || rowCount === 0) return;
    const { pos, col } = active;
    const ctrl = e.ctrlKey || e.metaKey;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move({ pos: pos + 1, col }),
      ArrowUp: () => move({ pos: pos - 1, col }),
      ArrowRight: () => move({ pos, col: col + 1 }),
      ArrowLeft: () => move({ pos, col: col - 1 }),
      PageDown: () => move({ pos: pos + visibleRows - 1, col }),
      PageUp: () => move({ pos: pos - visibleRows + 1, col }),
      Home: () => move(ctrl ? { pos: 0, col } : { pos, col: 0 }),
      End: () => move(ctrl ? { pos: rowCount - 1, col } : { pos, col: columns.length - 1 }),
      Enter: () => startEdit(active),
      F2: () => startEdit(active),
    };
    const run = keys[e.key];
    if (run) run();
    else if (e.key.length === 1 && !ctrl && !e.altKey && source.edit) startEdit(active, e.key);
    else return;
    e.preventDefault();
  }

  const status = (() => {
    if (error) return error;
    if (!activeRow) return rowCount === 0 ? 'No rows.' : '';
    const where = `Row ${activeRow.line}, ${columns[active.col] ?? ''}`;
    const found = editing !== null ? live : problemsIn(activeRow, active.col);
    const noted = note ? note.text(activeRow) : '';
    const said = note && noted ? ` ${note.label}: ${noted}` : '';
    if (found === null) return `${where}: checking…${said}`;
    if (found.length === 0) return `${where}: no problem.${said}`;
    return `${where}: ${found.map((p) => p.message).join(' ')}${said}`;
  })();

  return (
    <div className="stack grid-view">
      <div
        ref={scroller}
        role="grid"
        aria-label={label}
        aria-rowcount={rowCount + 1}
        aria-colcount={columns.length + (note ? 2 : 1)}
        aria-readonly={source.edit ? undefined : true}
        aria-activedescendant={activeRow && editing === null ? cellId(active) : undefined}
        tabIndex={0}
        className="grid"
        // a short file gets a short grid; a border's 2 px spare the scroll bar
        style={{ height: (Math.min(Math.max(rowCount, 1), visibleRows) + 1) * rowHeight + 2 }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        data-testid="grid"
      >
        <div role="rowgroup" className="grid-head">
          <div role="row" aria-rowindex={1} className="grid-row">
            <div role="columnheader" aria-colindex={1} className="grid-cell grid-line">
              Row
            </div>
            {note && (
              <div role="columnheader" aria-colindex={2} className="grid-cell grid-note">
                {note.label}
              </div>
            )}
            {columns.map((c, k) => (
              <div
                key={k}
                role="columnheader"
                aria-colindex={colIndex(k)}
                className={`grid-cell${k >= header.length ? ' grid-extra' : ''}`}
              >
                {c}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="grid-body" style={{ height: bodyHeight }}>
          {(win?.rows ?? []).map((row) => (
            <div
              key={row.row}
              role="row"
              aria-rowindex={row.position + 2}
              className={`grid-row${row.problems.length > 0 ? ' has-problems' : ''}`}
              style={{ transform: `translateY(${row.position * rowHeight - offset}px)` }}
            >
              <div role="rowheader" aria-colindex={1} className="grid-cell grid-line">
                {row.line}
                {row.edited ? <span title="Edited"> ✎</span> : null}
                {row.problems.some((p) => p.column === -1) && (
                  <span className="visually-hidden">
                    {' '}
                    Problem: {row.problems.filter((p) => p.column === -1).map((p) => p.message)}
                  </span>
                )}
              </div>
              {note && (
                <div
                  role="gridcell"
                  aria-colindex={2}
                  className="grid-cell grid-note"
                  title={note.text(row) || undefined}
                >
                  <span className="grid-text">{note.text(row)}</span>
                </div>
              )}
              {columns.map((_, col) => {
                const here = { pos: row.position, col };
                const isActive = active.pos === row.position && active.col === col;
                const found = cellProblems(row, col, header.length);
                const words = found.map((p) => p.message).join(' ');
                return (
                  <div
                    key={col}
                    id={cellId(here)}
                    role="gridcell"
                    aria-colindex={colIndex(col)}
                    aria-selected={isActive}
                    aria-invalid={found.length > 0 || undefined}
                    className={`grid-cell${found.length > 0 ? ' problem' : ''}${isActive ? ' active' : ''}`}
                    title={words || undefined}
                    onClick={() => {
                      setActive(here);
                      scroller.current?.focus();
                    }}
                    onDoubleClick={() => {
                      setActive(here);
                      startEdit(here);
                    }}
                  >
                    {isActive && editing !== null ? (
                      // a textarea, not an input: an input drops a value's line breaks
                      <textarea
                        className="grid-input"
                        rows={1}
                        aria-label={`Row ${row.line}, ${columns[col] ?? ''}`}
                        aria-invalid={(live?.length ?? 0) > 0 || undefined}
                        value={editing}
                        autoFocus
                        onChange={(e) => type(e.target.value)}
                        onBlur={() => void commit()}
                        onKeyDown={(e) => {
                          e.stopPropagation();
                          // Shift+Enter starts a new line in the value, as in a spreadsheet's cell
                          if (e.key === 'Enter' && !e.shiftKey) {
                            e.preventDefault();
                            void commit();
                          } else if (e.key === 'Escape') cancel();
                        }}
                      />
                    ) : (
                      <>
                        <span className="grid-text">{row.cells[col]}</span>
                        {words && <span className="visually-hidden"> Problem: {words}</span>}
                      </>
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <p className="small" role="status" data-testid="grid-status">
        {status}
      </p>
      {source.removeRow && (
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={!activeRow}
            onClick={() => {
              const row = activeRow;
              if (!row || !source.removeRow) return;
              void source
                .removeRow(row.row)
                .then(onState, (e: unknown) =>
                  setError(e instanceof Error ? e.message : String(e)),
                );
            }}
          >
            Remove row {activeRow?.line ?? ''}
          </button>
        </div>
      )}
    </div>
  );
}
