/**
 * Upload completion (contract §4): a non-dot name is written to a hidden temp in the same folder
 * and renamed onto its name at CLOSE, so a half upload never appears under a real name; dot names
 * and `*.part` are written in place (resumable) and never processed. Also the registry of open
 * write handles the processor asks, and the startup sweep of orphan temps. node.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const tempRe = /^\..+\.[0-9a-f]{12}\.uploading$/;

/** Whether a name is an upload in progress by the contract's rule (dot name or `*.part`). */
export function isInProgressName(name: string): boolean {
  return name.startsWith('.') || name.toLowerCase().endsWith('.part');
}

/** Whether a name is one of the emulator's own upload temps (hidden from clients). */
export function isUploadTemp(name: string): boolean {
  return tempRe.test(name);
}

/** A fresh temp name for an upload of `name`: `.<name>.<12 hex>.uploading`. */
export function uploadTempName(name: string): string {
  return `.${name}.${randomBytes(6).toString('hex')}.uploading`;
}

/** Removes orphan upload temps under `root` (left by a crash or a killed server). */
export async function removeOrphanTemps(root: string): Promise<string[]> {
  const removed: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && isUploadTemp(e.name)) {
        await rm(full, { force: true });
        removed.push(full);
      }
    }
  }
  await walk(root);
  return removed;
}

/** Disk paths that are open for writing now (both the temp and the name it will get). */
export type OpenWrites = {
  add(path: string): void;
  delete(path: string): void;
  has(path: string): boolean;
};

/** A counted set, so two handles on one path keep it open until both close. */
export function createOpenWrites(): OpenWrites {
  const counts = new Map<string, number>();
  return {
    add(path) {
      counts.set(path, (counts.get(path) ?? 0) + 1);
    },
    delete(path) {
      const n = (counts.get(path) ?? 1) - 1;
      if (n <= 0) counts.delete(path);
      else counts.set(path, n);
    },
    has(path) {
      return counts.has(path);
    },
  };
}
