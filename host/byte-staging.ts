/**
 * Staging a file made in the page (Electron): the assistant's converted CSV or the fixed failed
 * rows have no path on disk, so the preload sends their bytes in chunks — open, chunks, close —
 * into the same staging folder, limits and `localRef`s as the web host's POST
 * (host/local-files.ts `receive`). Chunks are written with back-pressure, so a big file is never
 * held whole in main. An upload left open (the window closed mid-way) is dropped after
 * `idleMs` without a chunk, its partial file deleted. node.
 */
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { StagedFile } from '../core/ipc/bridge.ts';
import { fail, ok, type IpcResult } from '../core/ipc/result.ts';

export type ByteStaging = {
  open(name: string): IpcResult<{ upload: string }>;
  write(upload: string, bytes: Uint8Array): Promise<IpcResult<Record<string, never>>>;
  close(upload: string, abort?: boolean): Promise<IpcResult<StagedFile>>;
};

export type ByteStagingOptions = {
  /** The staging folder's writer: takes a stream, answers when it ended or was refused. */
  receive(body: PassThrough, name: string): Promise<IpcResult<StagedFile>>;
  /** Most uploads open at once. Default 4. */
  maxOpen?: number;
  /** Dropped after this long without a chunk. Default 60 s. */
  idleMs?: number;
};

type Open = {
  stream: PassThrough;
  /** Settles when `receive` has written the whole file, or refused it (a limit, an abort). */
  done: Promise<IpcResult<StagedFile>>;
  settled: IpcResult<StagedFile> | undefined;
  timer: ReturnType<typeof setTimeout>;
};

const unknownUpload = () =>
  fail('not-found', 'That file is no longer being received (it waited too long). Add it again.');

/**
 * `receive`'s answer, also when it throws (the staging folder cannot be made, the disk is
 * full): a plain failure instead of a rejection nobody awaits yet, which would end the main
 * process. The error's code only: its text names a path on this computer.
 */
function received(
  receive: ByteStagingOptions['receive'],
  body: PassThrough,
  name: string,
): Promise<IpcResult<StagedFile>> {
  return receive(body, name).catch((error: unknown) => {
    body.destroy();
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      'interrupted',
      'The file could not be saved for the upload on this computer. Check that the disk has room, then add it again.',
      typeof code === 'string' ? code : undefined,
    );
  });
}

export function createByteStaging(options: ByteStagingOptions): ByteStaging {
  const maxOpen = options.maxOpen ?? 4;
  const idleMs = options.idleMs ?? 60_000;
  const uploads = new Map<string, Open>();

  const drop = (id: string): void => {
    const u = uploads.get(id);
    if (!u) return;
    uploads.delete(id);
    clearTimeout(u.timer);
    u.stream.destroy(new Error('the page stopped sending the file'));
  };
  const idle = (id: string) => {
    const t = setTimeout(() => drop(id), idleMs);
    t.unref();
    return t;
  };

  return {
    open(name) {
      if (uploads.size >= maxOpen) {
        return fail('busy', `${maxOpen} files are already being received. Try again in a moment.`);
      }
      const id = randomBytes(16).toString('hex');
      const stream = new PassThrough({ highWaterMark: 1 << 22 });
      // Destroying it (abort, idle) emits 'error'; `receive` answers for it when it reads the
      // stream, but one it refused at once (a limit, no staging folder) never listens, and an
      // 'error' nobody listens to ends the main process.
      stream.on('error', () => undefined);
      const u: Open = {
        stream,
        done: received((body, n) => options.receive(body, n), stream, name),
        settled: undefined,
        timer: idle(id),
      };
      void u.done.then((r) => (u.settled = r));
      uploads.set(id, u);
      return ok({ upload: id });
    },

    async write(id, bytes) {
      const u = uploads.get(id);
      if (!u) return unknownUpload();
      clearTimeout(u.timer);
      u.timer = idle(id);
      // `receive` refused the file (a limit passed): the upload ends with its answer.
      const refused = () => {
        if (!u.settled || u.settled.ok) return undefined;
        uploads.delete(id);
        clearTimeout(u.timer);
        return u.settled;
      };
      const before = refused();
      if (before) return before;
      if (!u.stream.write(bytes)) {
        // Wait for room, or for `receive` to refuse the file meanwhile.
        await Promise.race([new Promise((r) => u.stream.once('drain', r)), u.done]);
      }
      return refused() ?? ok({});
    },

    async close(id, abort) {
      const u = uploads.get(id);
      if (!u) return unknownUpload();
      uploads.delete(id);
      clearTimeout(u.timer);
      if (abort) {
        u.stream.destroy(new Error('cancelled'));
        await u.done;
        return fail('cancelled', 'The file was not added.');
      }
      u.stream.end();
      return u.done;
    },
  };
}
