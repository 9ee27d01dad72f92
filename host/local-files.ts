/**
 * Local files the main side may read, named by opaque refs: the renderer never hands the engine a
 * path of its own making. Electron registers the path of a file the user picked; the web host
 * receives the bytes into a private staging folder (0700, files 0600) and deletes them on
 * discard or shutdown. Staging is capped (issue 14): one file's size, how many files are held at
 * once and their total size; each refusal names its limit. node.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StagedFile } from '../core/ipc/bridge.ts';
import { fail, ok, type IpcResult } from '../core/ipc/result.ts';

/** What a ref points at. `staged` files belong to us and are deleted on discard. */
export type LocalFile = { path: string; name: string; size: number; staged: boolean };

export type LocalFiles = {
  /** Registers a file the user picked on disk (Electron). */
  registerPath(path: string): Promise<IpcResult<StagedFile>>;
  /** Writes a stream of bytes into the staging folder (web host); refuses past any cap. */
  receive(body: Readable, name: string): Promise<IpcResult<StagedFile>>;
  resolve(ref: string): LocalFile | undefined;
  discard(ref: string): Promise<void>;
  /** Deletes every staged file (shutdown). */
  clear(): Promise<void>;
};

/** Staging caps: one file 1 GiB, 20 files held at once, 2 GiB in all. */
export const stagingDefaults = { maxBytes: 1 << 30, maxFiles: 20, maxTotalBytes: 2 * (1 << 30) };

export type LocalFilesOptions = {
  stagingDir: string;
  /** Largest single staged file. */
  maxBytes?: number;
  /** Most staged files held at once (arriving ones count). */
  maxFiles?: number;
  /** Most bytes held in the staging folder at once (arriving ones count). */
  maxTotalBytes?: number;
};

/** Creates the registry. `stagingDir` is created 0700 on first use. */
export function createLocalFiles(options: LocalFilesOptions): LocalFiles {
  const files = new Map<string, LocalFile>();
  const maxBytes = options.maxBytes ?? stagingDefaults.maxBytes;
  const maxFiles = options.maxFiles ?? stagingDefaults.maxFiles;
  const maxTotalBytes = options.maxTotalBytes ?? stagingDefaults.maxTotalBytes;
  const newRef = (): string => randomBytes(16).toString('hex');
  // Staged files and bytes held now, including files still arriving.
  let heldFiles = 0;
  let heldBytes = 0;

  return {
    async registerPath(path) {
      try {
        const s = await stat(path);
        if (!s.isFile()) return fail('bad-input', `"${basename(path)}" is not a file.`);
        const ref = newRef();
        const file = { path, name: safeName(basename(path)), size: s.size, staged: false };
        files.set(ref, file);
        return ok({ localRef: ref, name: file.name, size: file.size });
      } catch {
        return fail('not-found', `Could not open "${basename(path)}". Check that it still exists.`);
      }
    },

    async receive(body, name) {
      if (heldFiles >= maxFiles) {
        return fail(
          'busy',
          `${maxFiles} files are already waiting to upload, the most the app holds at once. Upload or remove one of them, then add this file again.`,
        );
      }
      try {
        await mkdir(options.stagingDir, { recursive: true, mode: 0o700 });
      } catch (error) {
        return notSaved(error);
      }
      const ref = newRef();
      // The ref is 32 hex digits, so the path can't leave the staging folder whatever `name` is.
      const path = join(options.stagingDir, ref);
      let size = 0;
      let over: 'file' | 'total' | undefined;
      heldFiles += 1;
      const counter = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
          size += chunk.length;
          heldBytes += chunk.length;
          if (size > maxBytes) over = 'file';
          else if (heldBytes > maxTotalBytes) over = 'total';
          if (over) throw new Error('over a staging limit');
          yield chunk;
        }
      };
      // A failure of the writer (the disk), told apart from bytes that stopped arriving.
      let writeFailed = false;
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      out.once('error', () => (writeFailed = true));
      try {
        await pipeline(body, counter, out);
      } catch (error) {
        heldFiles -= 1;
        heldBytes -= size;
        await unlink(path).catch(() => undefined);
        if (over === 'file') {
          return fail(
            'too-large',
            `The file is larger than ${formatBytes(maxBytes)}, the most the app takes for one file.`,
          );
        }
        if (over === 'total') {
          return fail(
            'too-large',
            `The files waiting to upload would pass ${formatBytes(maxTotalBytes)} in all, the most the app holds at once. Upload or remove some of them, then add this file again.`,
          );
        }
        if (writeFailed) return notSaved(error);
        // The code only: an error's message names the staging path.
        return fail(
          'interrupted',
          'The file did not arrive completely. Try again.',
          errnoOf(error),
        );
      }
      const file = { path, name: safeName(name), size, staged: true };
      files.set(ref, file);
      return ok({ localRef: ref, name: file.name, size });
    },

    resolve: (ref) => files.get(ref),

    async discard(ref) {
      const file = files.get(ref);
      files.delete(ref);
      if (!file?.staged) return;
      heldFiles -= 1;
      heldBytes -= file.size;
      await unlink(file.path).catch(() => undefined);
    },

    async clear() {
      const staged = [...files.values()].filter((f) => f.staged);
      files.clear();
      heldFiles = 0;
      heldBytes = 0;
      await Promise.all(staged.map((f) => unlink(f.path).catch(() => undefined)));
      await rm(options.stagingDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** The answer when the staging folder or file cannot be written; the path stays out of it. */
function notSaved(error: unknown): IpcResult<never> {
  return fail(
    'interrupted',
    'The file could not be saved for the upload on this computer. Check that the disk has room, then add it again.',
    errnoOf(error),
  );
}

/** An error's errno code (`ENOTDIR`, `ENOSPC`), never its message. */
function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A byte count in words: "2 GiB", "1.5 MiB", "900 bytes". */
export function formatBytes(bytes: number): string {
  const units = ['GiB', 'MiB', 'KiB'] as const;
  for (const [i, unit] of units.entries()) {
    const size = 1024 ** (3 - i);
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** A display name: the last path segment, no control characters, at most 255 characters. */
export function safeName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name === '.' || name === '..') return 'upload';
  return name.slice(0, 255);
}
