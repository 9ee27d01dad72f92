/**
 * The worker's side of the grid (issue 12 §4): holds one checked file's model
 * (core/import/grid-model.ts) for as long as the page shows it and answers the page's requests
 * one at a time, in the order they came (an edit is never read before it is made). A 1,000,000-row
 * file stays here; only windows of rows cross to the page. std (Blob streams).
 */
import { createGridBuilder, type GridModel, type GridRow } from '../../core/import/grid-model.ts';
import type { GridRequest, GridResponse, GridState } from './check-protocol.ts';

type Post = (m: GridResponse) => void;

export type GridSession = { handle(req: GridRequest, post: Post): Promise<void> };

export function createGridSession(): GridSession {
  let model: GridModel | null = null;
  let queue: Promise<void> = Promise.resolve();

  const state = (m: GridModel): GridState => ({ rowCount: m.rowCount, counts: m.counts() });

  async function open(req: Extract<GridRequest, { type: 'grid-open' }>, post: Post) {
    model = null;
    const builder = createGridBuilder(req.rules);
    const reader = req.file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      builder.push(value);
    }
    const built = builder.end();
    if (!built.ok) return post({ type: 'grid-failed', seq: req.seq, message: built.message });
    model = built.model;
    post({
      type: 'grid-opened',
      seq: req.seq,
      columns: [...model.columns],
      extraColumns: model.extraColumns,
      ...state(model),
    });
  }

  function answer(m: GridModel, req: Exclude<GridRequest, { type: 'grid-open' }>): GridResponse {
    const seq = req.seq;
    const changed = (replaced: number, row: GridRow | null): GridResponse => ({
      type: 'grid-changed' as const,
      seq,
      replaced,
      row,
      ...state(m),
    });
    switch (req.type) {
      case 'grid-window':
        return { type: 'grid-rows', seq, rows: m.windowOf(req.start, req.count), ...state(m) };
      case 'grid-check':
        return { type: 'grid-checked', seq, problems: m.check(req.row, req.column, req.value) };
      case 'grid-edit':
        return changed(1, m.edit(req.row, req.column, req.value));
      case 'grid-find-replace':
        return changed(m.findReplace(req.column, req.find, req.replace, req.options), null);
      case 'grid-remove':
        m.removeRow(req.row);
        return changed(0, null);
      case 'grid-reorder':
        m.reorder();
        return changed(0, null);
      case 'grid-export':
        return {
          type: 'grid-exported',
          seq,
          blob: new Blob(m.csvParts(), { type: 'text/csv' }),
          rows: m.counts().rows,
        };
      case 'grid-split': {
        const s = m.split();
        return {
          type: 'grid-split',
          seq,
          split: {
            valid: new Blob(s.valid, { type: 'text/csv' }),
            validRows: s.validRows,
            invalid: new Blob(s.invalid, { type: 'text/csv' }),
            invalidRows: s.invalidRows,
          },
        };
      }
    }
  }

  async function run(req: GridRequest, post: Post): Promise<void> {
    try {
      if (req.type === 'grid-open') return await open(req, post);
      if (!model) {
        return post({ type: 'grid-failed', seq: req.seq, message: 'The grid is not open.' });
      }
      post(answer(model, req));
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      post({ type: 'grid-failed', seq: req.seq, message: `The grid stopped: ${message}` });
    }
  }

  return {
    handle(req, post) {
      queue = queue.then(() => run(req, post));
      return queue;
    },
  };
}
