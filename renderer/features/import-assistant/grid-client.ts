/**
 * The page's side of the grid's worker (renderer/workers/grid-session.ts): one long-lived worker
 * per open grid, requests matched to answers by `seq`. Implements {@link GridSource} plus what
 * only the checked file has: the edited file to send, and its rows split. DOM (Worker).
 */
import type { WorkerLike } from '../import-wizard/check-client.ts';
import type { GridRules } from '../../../core/import/grid-model.ts';
import type { GridRequest, GridResponse, GridState, Split } from '../../workers/check-protocol.ts';
import type { GridSource } from './grid-source.ts';

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };
type Ask = GridRequest extends infer R ? (R extends GridRequest ? Omit<R, 'seq'> : never) : never;

export type WorkerGrid = Required<GridSource> & {
  readonly state: GridState;
  /** The file as edited now (CSV UTF-8) and its rows. */
  exportFile(): Promise<Outcome<{ blob: Blob; rows: number }>>;
  split(): Promise<Outcome<Split>>;
  close(): void;
};

/**
 * Opens `file` (CSV UTF-8, as checked) in a new worker; the grid, or why it cannot be shown.
 * `signal` aborted before the grid is open ends the worker at once: opening a 1,000,000-row file
 * takes seconds of a core, which the next file's check needs (bench app-check).
 */
export async function openGrid(
  createWorker: () => WorkerLike,
  file: Blob,
  rules: GridRules,
  signal?: AbortSignal,
): Promise<Outcome<WorkerGrid>> {
  if (signal?.aborted) return { ok: false, message: 'The grid is closed.' };
  const worker = createWorker();
  const waiting = new Map<number, (m: GridResponse) => void>();
  let seq = 0;
  let dead: string | null = null;
  worker.onmessage = (event: MessageEvent) => {
    const m = event.data as GridResponse;
    waiting.get(m.seq)?.(m);
    waiting.delete(m.seq);
  };
  const die = (message: string) => {
    dead = message;
    for (const [s, settle] of waiting) settle({ type: 'grid-failed', seq: s, message });
    waiting.clear();
  };
  worker.onerror = (event) => die(`The grid stopped: ${event.message || 'the worker crashed'}.`);
  const ask = (req: Ask): Promise<GridResponse> => {
    const s = ++seq;
    if (dead !== null) return Promise.resolve({ type: 'grid-failed', seq: s, message: dead });
    return new Promise((resolve) => {
      waiting.set(s, resolve);
      worker.postMessage({ ...req, seq: s });
    });
  };
  /** The answer of the expected type, else a thrown message (the view shows it). */
  const expect = async <T extends GridResponse['type']>(
    type: T,
    req: Ask,
  ): Promise<Extract<GridResponse, { type: T }>> => {
    const m = await ask(req);
    if (m.type === type) return m as Extract<GridResponse, { type: T }>;
    throw new Error(m.type === 'grid-failed' ? m.message : 'Unexpected answer.');
  };

  const stop = () => {
    worker.terminate();
    die('The grid is closed.');
  };
  signal?.addEventListener('abort', stop, { once: true });
  const opened = await ask({ type: 'grid-open', file, rules });
  signal?.removeEventListener('abort', stop);
  if (opened.type !== 'grid-opened') {
    worker.terminate();
    return { ok: false, message: opened.type === 'grid-failed' ? opened.message : 'No grid.' };
  }
  let state: GridState = { rowCount: opened.rowCount, counts: opened.counts };
  const keep = <T extends GridState>(m: T): T => {
    state = { rowCount: m.rowCount, counts: m.counts };
    return m;
  };
  const changed = async (req: Ask) => keep(await expect('grid-changed', req));

  return {
    ok: true,
    value: {
      columns: opened.columns,
      extraColumns: opened.extraColumns,
      get state() {
        return state;
      },
      window: async (start, count) =>
        keep(await expect('grid-rows', { type: 'grid-window', start, count })),
      check: async (row, column, value) =>
        (await expect('grid-checked', { type: 'grid-check', row, column, value })).problems,
      edit: (row, column, value) => changed({ type: 'grid-edit', row, column, value }),
      removeRow: (row) => changed({ type: 'grid-remove', row }),
      findReplace: (column, find, replace, options) =>
        changed({ type: 'grid-find-replace', column, find, replace, options }),
      reorder: () => changed({ type: 'grid-reorder' }),
      exportFile: async () => {
        const m = await ask({ type: 'grid-export' });
        if (m.type === 'grid-exported') return { ok: true, value: { blob: m.blob, rows: m.rows } };
        return { ok: false, message: m.type === 'grid-failed' ? m.message : 'No file.' };
      },
      split: async () => {
        const m = await ask({ type: 'grid-split' });
        if (m.type === 'grid-split') return { ok: true, value: m.split };
        return { ok: false, message: m.type === 'grid-failed' ? m.message : 'No split.' };
      },
      close: () => {
        dead = 'The grid is closed.';
        worker.terminate();
      },
    },
  };
}
