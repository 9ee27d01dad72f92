/**
 * The bytes each workspace holds on disk, kept as a running total for the byte quota (issue 14),
 * so an upload-heavy session does not walk the whole workspace at every open. Built by one walk
 * (lazily, at the first open after a start) and then kept by the front ends: an upload holds its
 * paths while it is written (its bytes are counted as they arrive, by workspace-fs.ts) and
 * releases them re-measured; a rename or removal re-measures its paths. Rebuilt when unsure:
 * after a processing cycle changed the workspace (`invalidate`), or when a folder's mtime
 * differs from the one recorded (a file added, removed or renamed on disk behind the emulator's
 * back) — checking that costs one stat per folder, not one per file. node.
 */
import { lstat, readdir } from 'node:fs/promises';
import { dirname, sep } from 'node:path';

/** What the running total needs of the file system (injected in tests to count walks). */
export type UsageFs = {
  /** Sizes of the regular files under `root`, and each folder's mtime (ns) read before listing it. */
  walk(root: string): Promise<{ files: Map<string, number>; dirs: Map<string, bigint> }>;
  /** The size of a regular file; undefined when there is none at `path`. */
  sizeOf(path: string): Promise<number | undefined>;
  /** A folder's mtime in ns; undefined when it is gone. */
  dirStamp(path: string): Promise<bigint | undefined>;
};

export type DiskUsage = {
  /** Bytes of the files under `root` not open for writing, `except` (the file being replaced) aside. */
  bytesAtRest(root: string, except?: string): Promise<number>;
  /**
   * Paths now open for writing (created if new): their bytes are counted by the upload, not here.
   * Their folders' mtimes are recorded again, so creating the file is not taken for a change
   * made behind the emulator's back.
   */
  hold(root: string, paths: readonly string[]): Promise<void>;
  /** Paths no longer open for writing: measured again and counted here. */
  release(root: string, paths: readonly string[]): Promise<void>;
  /** Paths a rename or removal changed: measured again. */
  changed(root: string, paths: readonly string[]): Promise<void>;
  /** Forgets what is known of `root` (a processing cycle changed it): the next open walks. */
  invalidate(root: string): void;
};

type RootState = {
  files: Map<string, number>;
  dirs: Map<string, bigint>;
  /** Sum of `files` not held. */
  total: number;
  /** Open-for-writing counts (two handles on one path keep it held until both close). */
  held: Map<string, number>;
  /** A walk in progress (shared by the opens that wait for it). */
  building?: Promise<void>;
  valid: boolean;
};

/** The running totals of every workspace root, over `fsys` (node's file system by default). */
export function createDiskUsage(fsys: UsageFs = nodeUsageFs): DiskUsage {
  const roots = new Map<string, RootState>();
  const stateOf = (root: string): RootState => {
    let st = roots.get(root);
    if (!st) {
      st = { files: new Map(), dirs: new Map(), total: 0, held: new Map(), valid: false };
      roots.set(root, st);
    }
    return st;
  };

  const rebuild = (st: RootState, root: string): Promise<void> =>
    (st.building ??= (async () => {
      try {
        st.valid = true; // a change while walking sets it false again
        const w = await fsys.walk(root);
        st.files = w.files;
        st.dirs = w.dirs;
        st.total = 0;
        for (const [p, size] of w.files) if (!st.held.has(p)) st.total += size;
      } catch (err) {
        st.valid = false;
        throw err;
      } finally {
        st.building = undefined;
      }
    })());

  /** Whether every folder still has the mtime recorded (nothing changed behind our back). */
  const unchanged = async (st: RootState): Promise<boolean> => {
    const dirs = [...st.dirs];
    const now = await Promise.all(dirs.map(([d]) => fsys.dirStamp(d)));
    return dirs.every(([, stamp], i) => now[i] === stamp);
  };

  /** Records `path`'s new size (undefined = gone) in the index and the total. */
  const setSize = (st: RootState, path: string, size: number | undefined): void => {
    const before = st.files.get(path);
    const counted = !st.held.has(path);
    if (before !== undefined && counted) st.total -= before;
    if (size === undefined) st.files.delete(path);
    else {
      st.files.set(path, size);
      if (counted) st.total += size;
    }
  };

  /** Re-measures paths and their folders' mtimes after a change the emulator made itself. */
  const remeasure = async (st: RootState, paths: readonly string[]): Promise<void> => {
    const sizes = await Promise.all(paths.map((p) => fsys.sizeOf(p)));
    paths.forEach((p, i) => setSize(st, p, sizes[i]));
    for (const dir of new Set(paths.map((p) => dirname(p)))) {
      if (!st.dirs.has(dir)) continue;
      const stamp = await fsys.dirStamp(dir);
      if (stamp === undefined) st.valid = false;
      else st.dirs.set(dir, stamp);
    }
  };

  return {
    async bytesAtRest(root, except) {
      const st = stateOf(root);
      if (st.building) await st.building;
      if (!st.valid || !(await unchanged(st))) await rebuild(st, root);
      const skip = except !== undefined && !st.held.has(except) ? (st.files.get(except) ?? 0) : 0;
      return st.total - skip;
    },
    async hold(root, paths) {
      const st = stateOf(root);
      for (const p of paths) {
        const n = st.held.get(p) ?? 0;
        if (n === 0) {
          const size = st.files.get(p);
          if (size !== undefined) st.total -= size;
        }
        st.held.set(p, n + 1);
      }
      if (st.valid) await remeasure(st, paths);
    },
    async release(root, paths) {
      const st = stateOf(root);
      const free: string[] = [];
      for (const p of paths) {
        const n = (st.held.get(p) ?? 1) - 1;
        if (n > 0) {
          st.held.set(p, n);
          continue;
        }
        st.held.delete(p);
        // Not counted while held: take it out of the index until measured again.
        st.files.delete(p);
        free.push(p);
      }
      if (st.valid) await remeasure(st, free);
    },
    async changed(root, paths) {
      const st = stateOf(root);
      if (st.valid) await remeasure(st, paths);
    },
    invalidate(root) {
      stateOf(root).valid = false;
    },
  };
}

/** node's file system: readdir/lstat, no symlinks followed. */
export const nodeUsageFs: UsageFs = {
  async walk(root) {
    const files = new Map<string, number>();
    const dirs = new Map<string, bigint>();
    const visit = async (dir: string): Promise<void> => {
      const stamp = await nodeUsageFs.dirStamp(dir);
      if (stamp === undefined) return;
      dirs.set(dir, stamp);
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const p = dir + sep + e.name;
        if (e.isDirectory()) await visit(p);
        else if (e.isFile()) {
          const size = await nodeUsageFs.sizeOf(p);
          if (size !== undefined) files.set(p, size);
        }
      }
    };
    await visit(root);
    return { files, dirs };
  },
  async sizeOf(path) {
    const st = await lstat(path).catch(() => undefined);
    return st?.isFile() ? st.size : undefined;
  },
  async dirStamp(path) {
    const st = await lstat(path, { bigint: true }).catch(() => undefined);
    return st?.isDirectory() ? st.mtimeNs : undefined;
  },
};
