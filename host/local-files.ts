/**
 * Local files the main side may read, named by opaque refs: the renderer never hands the engine a
 * path of its own making. Electron registers the path of a file the user picked; the web host
 * receives the bytes into a private staging folder (0700, files 0600) and deletes them on
 * discard or shutdown. node.
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
  /** Writes a stream of bytes into the staging folder (web host); refuses past `maxBytes`. */
  receive(body: Readable, name: string): Promise<IpcResult<StagedFile>>;
  resolve(ref: string): LocalFile | undefined;
  discard(ref: string): Promise<void>;
  /** Deletes every staged file (shutdown). */
  clear(): Promise<void>;
};

/** Creates the registry. `stagingDir` is created 0700 on first use. */
export function createLocalFiles(options: { stagingDir: string; maxBytes?: number }): LocalFiles {
  const files = new Map<string, LocalFile>();
  const maxBytes = options.maxBytes ?? 1024 * 1024 * 1024;
  const newRef = (): string => randomBytes(16).toString('hex');

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
      await mkdir(options.stagingDir, { recursive: true, mode: 0o700 });
      const ref = newRef();
      // The ref is 32 hex digits, so the path can't leave the staging folder whatever `name` is.
      const path = join(options.stagingDir, ref);
      let size = 0;
      let tooLarge = false;
      const counter = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > maxBytes) {
            tooLarge = true;
            throw new Error('too large');
          }
          yield chunk;
        }
      };
      try {
        await pipeline(body, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      } catch (error) {
        await unlink(path).catch(() => undefined);
        if (tooLarge) {
          return fail(
            'too-large',
            `The file is larger than ${maxBytes} bytes, the most the app takes.`,
          );
        }
        return fail('interrupted', 'The file did not arrive completely. Try again.', String(error));
      }
      const file = { path, name: safeName(name), size, staged: true };
      files.set(ref, file);
      return ok({ localRef: ref, name: file.name, size });
    },

    resolve: (ref) => files.get(ref),

    async discard(ref) {
      const file = files.get(ref);
      files.delete(ref);
      if (file?.staged) await unlink(file.path).catch(() => undefined);
    },

    async clear() {
      const staged = [...files.values()].filter((f) => f.staged);
      files.clear();
      await Promise.all(staged.map((f) => unlink(f.path).catch(() => undefined)));
      await rm(options.stagingDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** A display name: the last path segment, no control characters, at most 255 characters. */
export function safeName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name === '.' || name === '..') return 'upload';
  return name.slice(0, 255);
}
