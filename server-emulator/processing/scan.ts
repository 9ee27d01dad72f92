/**
 * Which files in a drop folder are complete and may be taken this cycle (contract §4): not a
 * dot name or `*.part`, not open for writing, and unchanged in size and mtime since the previous
 * scan (a file seen for the first time must be at least a second old). The decision is pure; the
 * listing is the thin shell around it. node.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInProgressName } from './core-adapters.ts';

/** What a scan saw of one file. */
export type Seen = { size: number; mtimeMs: number };

/** The previous scan of every folder: absolute path → what was seen. */
export type ScanMemory = Map<string, Seen>;

/** Minimum age of a file seen for the first time, in ms. */
export const firstSightMinAgeMs = 1000;

/** Whether a file may be taken now, given what the previous scan saw of it. Pure. */
export function isStable(
  now: Seen,
  before: Seen | undefined,
  openForWrite: boolean,
  clockMs: number,
): boolean {
  if (openForWrite) return false;
  if (before === undefined) return clockMs - now.mtimeMs >= firstSightMinAgeMs;
  return before.size === now.size && before.mtimeMs === now.mtimeMs;
}

/**
 * The complete regular files of `dir` (names, sorted), updating `memory` for the next scan.
 * A missing folder yields nothing. `force` ("process now": SIGUSR1, the admin page) takes every
 * file not open for writing, however recent; the age rule is the scheduled cycle's only.
 */
export async function takeableFiles(
  dir: string,
  memory: ScanMemory,
  isOpenForWrite: (absPath: string) => boolean,
  clockMs: number,
  force = false,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  names.sort();
  const out: string[] = [];
  const present = new Set(names);
  for (const name of names) {
    if (isInProgressName(name)) continue;
    const abs = join(dir, name);
    let st;
    try {
      st = await stat(abs);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    const now = { size: st.size, mtimeMs: st.mtimeMs };
    const before = memory.get(abs);
    const open = isOpenForWrite(abs);
    if (isStable(now, before, open, clockMs) || (force && !open)) {
      // Taken now: a later file of the same name is a new file, judged afresh.
      memory.delete(abs);
      out.push(name);
    } else {
      memory.set(abs, now);
    }
  }
  // Forget files that went away, so the memory stays the size of the folder.
  const prefix = dir.endsWith('/') ? dir : dir + '/';
  for (const key of memory.keys()) {
    if (
      key.startsWith(prefix) &&
      !key.slice(prefix.length).includes('/') &&
      !present.has(key.slice(prefix.length))
    ) {
      memory.delete(key);
    }
  }
  return out;
}
