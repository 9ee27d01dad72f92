/**
 * Fault hook for restart-safety tests (contract §5.9, test plan U7): with `EMU_CRASH_AT=<point>`
 * the process kills itself with SIGKILL (no exit handlers, no database close: as if the machine
 * lost power or `kill -9` hit it) when it reaches that point. Without the variable every hook is
 * a string comparison and nothing else. node.
 */
import type { RecordsWriter } from '../storage/records-store.ts';

/**
 * The named points of a cycle, in the order a file meets them:
 * - `before-claim-rename`: the claim is journalled (`claiming`), the file still in New/;
 * - `after-claim-rename`: the file is in the processing area, its journal row still `claiming`;
 * - `after-claim`: the journal says `claimed`, nothing imported yet;
 * - `after-unzip-entry-1`: a ZIP's first entry is unpacked, the others not yet;
 * - `mid-package-1`, `mid-package-2`: inside package N's transaction, rows written, no commit
 *   (CSV: at the (N−1)·10,000 + 5,000th stored row; KML: after the first territory);
 * - `after-package-1`: the first package committed;
 * - `after-last-package`: every package committed, the file not yet finished;
 * - `after-zip-entry-1`: a ZIP's first entry imported, the next not started;
 * - `before-move`: destination and result journalled (`finishing`), the file not moved;
 * - `after-move-before-report`: the file is in Success/ or Failed/, its reports are not;
 * - `before-done`: file and reports in place, the journal row not yet `done`.
 */
export type CrashPoint =
  | 'before-claim-rename'
  | 'after-claim-rename'
  | 'after-claim'
  | 'after-unzip-entry-1'
  | 'mid-package-1'
  | 'mid-package-2'
  | 'after-package-1'
  | 'after-last-package'
  | 'after-zip-entry-1'
  | 'before-move'
  | 'after-move-before-report'
  | 'before-done';

/** Every crash point, for tests that go through them all. */
export const crashPoints: readonly CrashPoint[] = [
  'before-claim-rename',
  'after-claim-rename',
  'after-claim',
  'after-unzip-entry-1',
  'mid-package-1',
  'mid-package-2',
  'after-package-1',
  'after-last-package',
  'after-zip-entry-1',
  'before-move',
  'after-move-before-report',
  'before-done',
];

/** Kills the process (SIGKILL) at `point` when `EMU_CRASH_AT` names it; otherwise does nothing. */
export function crashPoint(point: CrashPoint): void {
  if (process.env['EMU_CRASH_AT'] === point) process.kill(process.pid, 'SIGKILL');
}

/** Rows of one package (csv-import's package size); the mid-package points sit halfway in. */
const packageRows = 10_000;

/**
 * Wraps a records writer so that `EMU_CRASH_AT=mid-package-N` kills the process inside package
 * N's transaction, after the (N−1)·10,000 + 5,000th stored row (`inTransaction` must be true, so
 * the kill is known to land before the commit). Returns the writer itself, unwrapped, when no
 * mid-package point is asked for: the import's hot path is not touched.
 */
export function withMidPackageCrash(
  writer: RecordsWriter,
  db: { readonly inTransaction: boolean },
): RecordsWriter {
  const m = /^mid-package-(\d+)$/.exec(process.env['EMU_CRASH_AT'] ?? '');
  if (!m) return writer;
  const at = (Number(m[1]) - 1) * packageRows + packageRows / 2;
  let stored = 0;
  return {
    ...writer,
    upsert(input, needId) {
      const id = writer.upsert(input, needId);
      if (++stored === at && db.inTransaction) process.kill(process.pid, 'SIGKILL');
      return id;
    },
  };
}
