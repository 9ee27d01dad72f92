/**
 * What the grid component (grid-view.tsx) shows and changes, as a small interface: the import
 * assistant's checked file answers it from the worker (grid-client.ts); another screen (the rows
 * a platform refused, with its messages) can answer it from anywhere else. Methods left out make
 * the grid read-only for them. std.
 */
import type { FindOptions, GridProblem, GridRow } from '../../../core/import/grid-model.ts';
import type { GridState } from '../../workers/check-protocol.ts';

export type {
  FindOptions,
  GridCounts,
  GridProblem,
  GridRow,
} from '../../../core/import/grid-model.ts';
export type { GridState } from '../../workers/check-protocol.ts';

export type GridSource = {
  /** The header's names. */
  readonly columns: readonly string[];
  /** Values past the header (a row with too many), shown in cells of no column after them. */
  readonly extraColumns?: number;
  /** Rows `start` to `start + count - 1` of the grid's order (fewer at the end). */
  window(start: number, count: number): Promise<{ rows: GridRow[] } & GridState>;
  /** The problems `value` would have in that cell, nothing changed (as one types). */
  check?(row: number, column: number, value: string): Promise<GridProblem[]>;
  /** Writes a cell; the row as it is now. */
  edit?(row: number, column: number, value: string): Promise<{ row: GridRow | null } & GridState>;
  removeRow?(row: number): Promise<GridState>;
  findReplace?(
    column: number,
    find: string,
    replace: string,
    options: FindOptions,
  ): Promise<{ replaced: number } & GridState>;
  /** Rows with problems first again. */
  reorder?(): Promise<GridState>;
};
