/**
 * The app's small JSON files (sites, trusted servers, the upload ledger): read and checked with a
 * zod schema; a file that cannot be read or does not fit is kept as `<file>.corrupt-<ms>` and the
 * store starts from its empty value with a warning that says so (never a crash, nothing silently
 * thrown away). Writes are atomic (a temp file renamed over the old one) and private (0600). node.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';

/** Loads `file`; a missing file is `empty` without a warning. */
export function loadJsonFile<T>(
  file: string,
  schema: z.ZodType<T>,
  empty: T,
  warningFor: (backup: string) => string,
): { value: T; warning?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { value: empty };
    return keepAside(file, empty, warningFor);
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { value: parsed.data };
  } catch {
    /* not JSON: kept aside below */
  }
  return keepAside(file, empty, warningFor);
}

function keepAside<T>(
  file: string,
  empty: T,
  warningFor: (backup: string) => string,
): { value: T; warning: string } {
  const backup = `${file}.corrupt-${Date.now()}`;
  try {
    renameSync(file, backup);
  } catch {
    /* nothing to keep */
  }
  return { value: empty, warning: warningFor(backup) };
}

/** Writes `value` as JSON through a temp file renamed over `file` (0600). */
export function saveJsonFile(file: string, value: unknown, indent = 2): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value, null, indent) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}
