/**
 * The fast path of an upload: reads a local file range and sends it as several outstanding SFTP
 * WRITE requests at once (like OpenSSH's sftp and ssh2's fastPut), hashing the bytes as they go,
 * with an inactivity timer because a stalled link can leave ssh2's requests pending forever.
 * Also reads a remote range back to hash it (to verify a partial before resuming). node.
 */
import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import { sftpError } from './connect.ts';
import { fail, ok, type Result } from './result.ts';

export type PipelinedWriteOptions = {
  sftp: SFTPWrapper;
  handle: Buffer;
  file: FileHandle;
  /** Byte range of the local file to send; the remote offsets are the same. */
  start: number;
  end: number;
  /** Bytes per WRITE (capped at what the server accepts). */
  chunkBytes?: number;
  /** WRITE requests outstanding at once. */
  maxInFlight?: number;
  /** Updated with every byte sent, in order. */
  hasher?: Hash;
  /** Called with the contiguous acknowledged end offset after each acknowledgement. */
  onAcked?: (offset: number) => void;
  signal?: AbortSignal;
  /** No acknowledgement for this long while requests are pending → the link is dead. */
  inactivityTimeoutMs: number;
  /** Called when the inactivity timer fires (the caller drops the connection). */
  onStall: () => void;
};

const defaultChunk = 255 * 1024;

/** The largest WRITE payload the session accepts (ssh2 reads the server's limits@openssh.com). */
export function maxWriteLen(sftp: SFTPWrapper): number {
  // ssh2 keeps the negotiated limit in a private field; fall back to the SFTP minimum.
  const n = (sftp as unknown as { _maxWriteLen?: unknown })._maxWriteLen;
  return typeof n === 'number' && n > 0 ? n : 32 * 1024 - 13;
}

/** Sends [start, end) of the file with pipelined WRITEs. Resolves when all are acknowledged. */
export function pipelinedWrite(o: PipelinedWriteOptions): Promise<Result<{ acked: number }>> {
  const chunk = Math.max(1024, Math.min(o.chunkBytes ?? defaultChunk, maxWriteLen(o.sftp)));
  const maxInFlight = Math.max(1, o.maxInFlight ?? 16);
  return new Promise((resolve) => {
    let pos = o.start;
    let inFlight = 0;
    let done = false;
    let reading = false;
    // Starts of the chunks in flight, in order, and which are acknowledged (for the contiguous offset).
    const order: number[] = [];
    const ackedEnds = new Map<number, number>();
    let contiguous = o.start;
    let timer: NodeJS.Timeout | undefined;
    // Two buffers: one being read into while ssh2 copies the other into a packet.
    const bufs = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
    let which = 0;

    const finish = (r: Result<{ acked: number }>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        o.onStall();
        finish(
          fail(
            'interrupted',
            `The upload stalled: the server acknowledged nothing for ${Math.round(o.inactivityTimeoutMs / 1000)} s. The connection was dropped; retry to resume.`,
          ),
        );
      }, o.inactivityTimeoutMs);
    };
    const onAbort = (): void => finish(fail('cancelled', 'The upload was cancelled.'));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });

    const onAck = (startAt: number, endAt: number, err: unknown): void => {
      if (done) return;
      inFlight--;
      if (err) {
        const [code, message, detail] = sftpError(err);
        finish(fail(code, message, detail));
        return;
      }
      ackedEnds.set(startAt, endAt);
      while (order.length > 0 && ackedEnds.has(order[0]!)) {
        const s = order.shift()!;
        contiguous = ackedEnds.get(s)!;
        ackedEnds.delete(s);
      }
      o.onAcked?.(contiguous);
      if (pos >= o.end && inFlight === 0) {
        finish(ok({ acked: contiguous }));
        return;
      }
      arm();
      void pump();
    };

    const pump = async (): Promise<void> => {
      if (reading) return;
      reading = true;
      try {
        while (!done && inFlight < maxInFlight && pos < o.end) {
          const buf = bufs[which]!;
          which ^= 1;
          const want = Math.min(chunk, o.end - pos);
          const { bytesRead } = await o.file.read(buf, 0, want, pos);
          if (done) return;
          if (bytesRead !== want) {
            finish(
              fail(
                'bad-input',
                'The local file became shorter while it was being sent. Upload it again once it is no longer being written.',
              ),
            );
            return;
          }
          o.hasher?.update(buf.subarray(0, bytesRead));
          const at = pos;
          pos += bytesRead;
          inFlight++;
          order.push(at);
          if (inFlight === 1) arm();
          // ssh2 copies the bytes into its packet before returning, so the buffer can be reused.
          o.sftp.write(o.handle, buf, 0, bytesRead, at, (err) => onAck(at, at + bytesRead, err));
        }
      } catch (e) {
        finish(fail('bad-input', 'The local file could not be read.', (e as Error).message));
      } finally {
        reading = false;
      }
      if (!done && pos >= o.end && inFlight === 0) finish(ok({ acked: contiguous }));
    };
    void pump();
  });
}

/** Reads [0, length) of a remote file into a hasher (several READs outstanding). */
export function hashRemotePrefix(
  sftp: SFTPWrapper,
  remotePath: string,
  length: number,
  hasher: Hash,
  inactivityTimeoutMs: number,
): Promise<Result<void>> {
  return new Promise((resolve) => {
    sftp.open(remotePath, 'r', (err, handle) => {
      if (err) {
        const [code, message, detail] = sftpError(err);
        resolve(fail(code, message, detail));
        return;
      }
      const chunk = 64 * 1024;
      const window = 8;
      const pieces = new Map<number, Buffer>();
      let next = 0;
      let hashed = 0;
      let inFlight = 0;
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: Result<void>): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        sftp.close(handle, () => resolve(r));
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            finish(
              fail(
                'interrupted',
                'The server stopped answering while the partial upload was checked.',
              ),
            ),
          inactivityTimeoutMs,
        );
      };
      const issue = (): void => {
        while (!done && inFlight < window && next < length) {
          const at = next;
          const len = Math.min(chunk, length - at);
          next += len;
          inFlight++;
          const buf = Buffer.allocUnsafe(len);
          sftp.read(handle, buf, 0, len, at, (e, n) => {
            inFlight--;
            if (done) return;
            if (e || n !== len) {
              finish(
                fail(
                  'interrupted',
                  'The partial upload on the server could not be read back.',
                  e ? e.message : `short read at ${at}`,
                ),
              );
              return;
            }
            pieces.set(at, buf);
            while (pieces.has(hashed)) {
              const b = pieces.get(hashed)!;
              pieces.delete(hashed);
              hasher.update(b);
              hashed += b.length;
            }
            arm();
            if (hashed >= length) finish(ok(undefined));
            else issue();
          });
        }
      };
      arm();
      if (length === 0) finish(ok(undefined));
      else issue();
    });
  });
}
