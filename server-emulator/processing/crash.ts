/**
 * Fault hook for restart-safety tests (contract §5.9, test plan U7): with
 * `EMU_CRASH_AT=<point>` the process exits with code 137 (as if killed) when it reaches that
 * point. Points: after-package-1, after-last-package, before-move, after-move-before-report. node.
 */

export type CrashPoint =
  'after-package-1' | 'after-last-package' | 'before-move' | 'after-move-before-report';

/** Exits the process at `point` when `EMU_CRASH_AT` names it; otherwise does nothing. */
export function crashPoint(point: CrashPoint): void {
  if (process.env['EMU_CRASH_AT'] === point) process.exit(137);
}
