/**
 * The fast path of an upload: reads a local file range and sends it as several outstanding SFTP
 * WRITE requests at once (like OpenSSH's sftp and ssh2's fastPut), hashing the bytes as they go,
 * with an inactivity timer because a stalled link can leave ssh2's requests pending forever.
 * How many bytes are outstanding follows the measured acknowledgement rate (`createWritePacer`),
 * so a slow link is never handed more than ~2 s of data and keeps acknowledging well inside the
 * dead-link timers. Also reads a remote range back to hash it (to verify a partial before
 * resuming). node.
 */
import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import { sftpError } from './connect.ts';
import { fail, ok, type Result } from '../../result.ts';

export type PipelinedWriteOptions = {
  sftp: SFTPWrapper;
  handle: Buffer;
  file: FileHandle;
  /** Byte range of the local file to send; the remote offsets are the same. */
  start: number;
  end: number;
  /** Largest bytes per WRITE (also capped at what the server accepts). Default 255 KiB. */
  chunkBytes?: number;
  /**
   * Most WRITE requests outstanding at once. Default 8: 8 × 255 KiB ≈ 2 MiB, OpenSSH's channel
   * window (and its own sftp's 64 × 32 KiB); more only waits inside ssh2, costing memory.
   */
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
  /** Monotonic clock (ms) for the pacer; injected for tests. */
  now?: () => number;
};

const defaultChunk = 255 * 1024;
const defaultMaxInFlight = 16;
/** pipelinedWrite's default: see `maxInFlight`. Measured on loopback to sshd: as fast as 16, ~4 MB less RSS. */
const defaultWritesInFlight = 8;

/** The largest WRITE payload the session accepts (ssh2 reads the server's limits@openssh.com). */
export function maxWriteLen(sftp: SFTPWrapper): number {
  // ssh2 keeps the negotiated limit in a private field; fall back to the SFTP minimum.
  const n = (sftp as unknown as { _maxWriteLen?: unknown })._maxWriteLen;
  return typeof n === 'number' && n > 0 ? n : 32 * 1024 - 13;
}

export type WritePacerOptions = {
  /** Most bytes outstanding (default 16 × 255 KiB) and largest WRITE (default 255 KiB). */
  maxBytes?: number;
  maxChunk?: number;
  /** How much of the measured rate to keep in flight, in ms. Default 2000. */
  targetMs?: number;
  /** Fewest bytes kept in flight (default 16 KiB) and at the start (default 32 KiB). */
  minBytes?: number;
  initialBytes?: number;
  /** Smallest WRITE. Default 8 KiB. */
  minChunk?: number;
  /** How long a rate sample counts towards the estimate (windowed maximum), ms. Default 1000. */
  rateWindowMs?: number;
};

/** What the pacer needs to remember about one WRITE between sending and its acknowledgement. */
export type SentMark = { at: number; deliveredBefore: number };

export type WritePacer = {
  /** Bytes allowed outstanding now. */
  readonly capBytes: number;
  /** Size of the next WRITE. */
  readonly chunkBytes: number;
  /** Estimated acknowledgement rate, bytes/s (0 until the first acknowledgement). */
  readonly rateBps: number;
  sent(now: number): SentMark;
  acked(mark: SentMark, bytes: number, now: number): void;
};

/**
 * Keeps the bytes in flight proportional to the acknowledgement rate: cap = clamp(rate × 2 s,
 * 16 KiB, 16 × 255 KiB), WRITE = clamp(cap / 4, 8 KiB, 255 KiB). Each acknowledgement gives a
 * rate sample (bytes acknowledged while that WRITE was out / its time out, as BBR measures
 * delivery); the estimate is the largest sample of the last second. The cap starts at 32 KiB
 * (8 KiB WRITEs: the first acknowledgement comes within the 6 s watchdog down to ~1.5 KB/s) and
 * grows by at most the bytes acknowledged (doubling per round trip, TCP's slow start) while the
 * estimate allows more, so a burst or one lucky sample cannot flood a slow link; it shrinks at
 * once when the estimate falls. On loopback the estimate is far above the maximum, which is
 * reached within a few milliseconds: the fast path stays 16 × 255 KiB.
 */
export function createWritePacer(o: WritePacerOptions = {}): WritePacer {
  const maxChunk = Math.max(1024, o.maxChunk ?? defaultChunk);
  const maxBytes = Math.max(maxChunk, o.maxBytes ?? defaultMaxInFlight * maxChunk);
  const minChunk = Math.min(maxChunk, o.minChunk ?? 8 * 1024);
  const minBytes = Math.min(maxBytes, Math.max(minChunk, o.minBytes ?? 16 * 1024));
  const targetMs = o.targetMs ?? 2000;
  const windowMs = o.rateWindowMs ?? 1000;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
  let cap = clamp(o.initialBytes ?? 32 * 1024, minBytes, maxBytes);
  let delivered = 0;
  // Windowed maximum: samples in time order with falling rates; the first is the largest.
  const samples: { at: number; bps: number }[] = [];
  const estimate = (now: number): number => {
    while (samples.length > 1 && samples[0]!.at < now - windowMs) samples.shift();
    return samples[0]?.bps ?? 0;
  };
  let rate = 0;
  return {
    get capBytes() {
      return cap;
    },
    get chunkBytes() {
      return Math.floor(clamp(cap / 4, minChunk, maxChunk));
    },
    get rateBps() {
      return rate;
    },
    sent: (now) => ({ at: now, deliveredBefore: delivered }),
    acked: (mark, bytes, now) => {
      delivered += bytes;
      const elapsedMs = Math.max(now - mark.at, 0.05);
      const bps = ((delivered - mark.deliveredBefore) * 1000) / elapsedMs;
      while (samples.length > 0 && samples.at(-1)!.bps <= bps) samples.pop();
      samples.push({ at: now, bps });
      rate = estimate(now);
      const target = (rate * targetMs) / 1000;
      cap = clamp(target > cap ? Math.min(target, cap + bytes) : target, minBytes, maxBytes);
    },
  };
}

/** Sends [start, end) of the file with pipelined WRITEs. Resolves when all are acknowledged. */
export function pipelinedWrite(o: PipelinedWriteOptions): Promise<Result<{ acked: number }>> {
  const maxChunk = Math.max(1024, Math.min(o.chunkBytes ?? defaultChunk, maxWriteLen(o.sftp)));
  const maxInFlight = Math.max(1, o.maxInFlight ?? defaultWritesInFlight);
  const now = o.now ?? (() => performance.now());
  const pacer = createWritePacer({ maxChunk, maxBytes: maxInFlight * maxChunk });
  return new Promise((resolve) => {
    let pos = o.start;
    let inFlight = 0;
    let inFlightBytes = 0;
    let done = false;
    let reading = false;
    // Starts of the chunks in flight, in order, and which are acknowledged (for the contiguous offset).
    const order: number[] = [];
    const ackedEnds = new Map<number, number>();
    let contiguous = o.start;
    let timer: NodeJS.Timeout | undefined;
    // Two buffers: one being read into while ssh2 copies the other into a packet.
    const bufs = [Buffer.allocUnsafe(maxChunk), Buffer.allocUnsafe(maxChunk)];
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

    const onAck = (startAt: number, endAt: number, mark: SentMark, err: unknown): void => {
      if (done) return;
      inFlight--;
      inFlightBytes -= endAt - startAt;
      if (err) {
        const [code, message, detail] = sftpError(err);
        finish(fail(code, message, detail));
        return;
      }
      pacer.acked(mark, endAt - startAt, now());
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

    // Room for the next WRITE: under the count limit and the pacer's byte cap (one always goes).
    const room = (want: number): boolean =>
      inFlight === 0 || (inFlight < maxInFlight && inFlightBytes + want <= pacer.capBytes);

    // Read-ahead: the next chunk is read (on libuv's thread pool) while this one is hashed,
    // encrypted and written, instead of the main thread waiting for every read in turn.
    let readPos = o.start;
    let ahead: { want: number; buf: Buffer; bytes: Promise<number | Error> } | undefined;
    const readAhead = (): void => {
      if (ahead || readPos >= o.end) return;
      const want = Math.min(pacer.chunkBytes, o.end - readPos);
      const buf = bufs[which]!;
      which ^= 1;
      const bytes = o.file.read(buf, 0, want, readPos).then(
        (r) => r.bytesRead,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      ahead = { want, buf, bytes };
      readPos += want;
    };

    const pump = async (): Promise<void> => {
      if (reading) return;
      reading = true;
      try {
        while (!done && pos < o.end) {
          readAhead();
          const next = ahead!;
          if (!room(Math.min(next.want, pacer.chunkBytes))) break;
          const bytesRead = await next.bytes;
          if (done) return;
          ahead = undefined;
          if (bytesRead instanceof Error) {
            finish(fail('bad-input', 'The local file could not be read.', bytesRead.message));
            return;
          }
          if (bytesRead !== next.want) {
            finish(
              fail(
                'bad-input',
                'The local file became shorter while it was being sent. Upload it again once it is no longer being written.',
              ),
            );
            return;
          }
          // Read ahead before the pacer shrank its WRITEs (the rate fell): send only what it
          // allows now; the rest is read again.
          const len = Math.min(bytesRead, Math.max(pacer.chunkBytes, 1));
          if (len < bytesRead) readPos = pos + len;
          // Into the other buffer: this one is copied by ssh2 below before the read can land.
          readAhead();
          const buf = next.buf;
          o.hasher?.update(buf.subarray(0, len));
          const at = pos;
          pos += len;
          inFlight++;
          inFlightBytes += len;
          order.push(at);
          if (inFlight === 1) arm();
          const mark = pacer.sent(now());
          // ssh2 copies the bytes into its packet before returning, so the buffer can be reused.
          o.sftp.write(o.handle, buf, 0, len, at, (err) => onAck(at, at + len, mark, err));
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
