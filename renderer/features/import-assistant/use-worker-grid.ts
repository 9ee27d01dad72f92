/**
 * One grid in a worker for as long as a component shows it (issue 12 §4, §5): opened from `file`
 * with `rules`, ended when the component goes or the file changes — also while it is still
 * opening, so a grid left behind (another file picked) stops reading instead of building a whole
 * file's model beside the next check. Shared by "Fix the rows here" and "Fix the failed rows".
 */
import { useEffect, useState } from 'react';
import type { GridRules } from '../../../core/import/grid-model.ts';
import { useAppServices } from '../../app-services.tsx';
import { openGrid, type WorkerGrid } from './grid-client.ts';
import type { GridState } from './grid-source.ts';

export type WorkerGridView = {
  grid: WorkerGrid | null;
  state: GridState | null;
  setState: (state: GridState) => void;
  error: string | null;
  sending: boolean;
  /** The grid's rows as CSV UTF-8 (the header and the rows kept), or null after an error shown. */
  exportFile: () => Promise<Blob | null>;
};

/**
 * `rules` are read when `file` changes only: they are the target's, fixed for one file.
 * `onOpen` hears the grid once open and null once closed.
 */
export function useWorkerGrid(
  file: Blob,
  rules: GridRules,
  onOpen?: (grid: WorkerGrid | null) => void,
): WorkerGridView {
  const { createCheckWorker } = useAppServices();
  const [grid, setGrid] = useState<WorkerGrid | null>(null);
  const [state, setState] = useState<GridState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let live = true;
    let opened: WorkerGrid | null = null;
    const closing = new AbortController();
    void openGrid(createCheckWorker, file, rules, closing.signal).then((r) => {
      if (!r.ok) return live && setError(r.message);
      if (!live) return r.value.close();
      opened = r.value;
      setGrid(r.value);
      setState(r.value.state);
      onOpen?.(r.value);
    });
    return () => {
      live = false;
      closing.abort();
      opened?.close();
      onOpen?.(null);
    };
    // The file decides the grid; the rules and callback are the same for one file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [createCheckWorker, file]);

  const exportFile = async (): Promise<Blob | null> => {
    if (!grid) return null;
    setSending(true);
    const r = await grid.exportFile();
    setSending(false);
    if (!r.ok) {
      setError(r.message);
      return null;
    }
    return r.value.blob;
  };

  return { grid, state, setState, error, sending, exportFile };
}
