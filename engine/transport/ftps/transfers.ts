/**
 * Transfers over a passive, protected data connection (contract §12): a `STOR`/`APPE` fed from a
 * stream, and a `RETR`/`LIST`/`MLSD` read into a sink that may stop early. Both finish only when
 * the data connection is done AND the server confirmed (`226`), report progress, are cancelled by
 * a signal, and treat a transfer with no progress for `inactivityMs` (data, or the final reply) as
 * a cut link: the whole connection is dropped so the caller's retry dials afresh. node.
 */
import { pipeline, type Readable } from 'node:stream';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FTPResponse } from 'basic-ftp';
import { openDataConnection, type DataLink } from './passive.ts';

export type TransferControl = {
  inactivityMs: number;
  signal?: AbortSignal;
};

/**
 * Drops the connection when `progress()` stops changing for `inactivityMs`, or on abort.
 * Returns a stop function.
 */
function watch(link: DataLink, c: TransferControl, progress: () => number): () => void {
  let last = progress();
  let at = performance.now();
  const timer = setInterval(
    () => {
      const p = progress();
      if (p !== last) {
        last = p;
        at = performance.now();
      } else if (performance.now() - at >= c.inactivityMs) {
        link.ftp.closeWithError(
          new Error(
            `No progress for ${Math.round(c.inactivityMs / 1000)} s: the link to the server looks cut.`,
          ),
        );
      }
    },
    Math.max(50, Math.min(250, c.inactivityMs / 4)),
  );
  const onAbort = (): void => link.ftp.closeWithError(new Error('Transfer cancelled by the user.'));
  c.signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearInterval(timer);
    c.signal?.removeEventListener('abort', onAbort);
  };
}

/**
 * The control connection is silent while the data flows (a 1 GiB upload takes many seconds):
 * its reply timeout (set by each command) is lifted; `watch` judges the transfer by its progress.
 */
function quietControl(link: DataLink): void {
  link.ftp.socket.setTimeout(0);
}

/** What a transfer does with its data connection once the server is ready. */
type DataSide = {
  /** Starts moving data on `data`; calls `dataDone` once the data side is finished. */
  start(data: Socket, dataDone: () => void): void;
  /** An error reply that ends the transfer as done (readData's cut), not as failed. */
  endsIt?: (res: Error) => boolean;
};

/**
 * Sends `command` and follows its replies (contract §12): on `150`/`125` the data side starts,
 * and the transfer is done only when both the data side is finished and the server said `2xx`;
 * an error reply fails it, a `3xx` drops the connection. `onReply` counts as progress.
 */
function transfer(
  link: DataLink,
  command: string,
  onReply: () => void,
  side: DataSide,
): Promise<FTPResponse | undefined> {
  let started = false;
  let dataDone = false;
  let final: FTPResponse | undefined;
  return link.ftp.handle(command, (res, task) => {
    onReply();
    if (res instanceof Error) {
      if (side.endsIt?.(res)) {
        task.resolve(undefined);
        return;
      }
      link.ftp.dataSocket = undefined;
      task.reject(res);
      return;
    }
    if (res.code === 150 || res.code === 125) {
      if (started) return;
      started = true;
      const data = link.ftp.dataSocket;
      if (!data) {
        task.reject(new Error('The server is ready but there is no data connection.'));
        return;
      }
      side.start(data, () => {
        dataDone = true;
        if (final) task.resolve(final);
      });
      return;
    }
    if (res.code >= 200 && res.code < 300) {
      final = res;
      if (dataDone) task.resolve(final);
      return;
    }
    if (res.code >= 300 && res.code < 400) {
      link.ftp.closeWithError(new Error(`Unexpected reply to ${command}: ${res.message}`));
    }
  }) as Promise<FTPResponse | undefined>;
}

/** Sends `source` with `command path` (STOR or APPE). `onSent` gets the bytes handed to the network so far. */
export async function sendStream(
  link: DataLink,
  command: 'STOR' | 'APPE',
  path: string,
  source: Readable,
  c: TransferControl & { onSent?: (bytes: number) => void; sourceBytes: () => number },
): Promise<FTPResponse> {
  if (c.signal?.aborted) throw new Error('Transfer cancelled by the user.');
  let sock: TLSSocket | undefined;
  const moved = (): number => {
    const buffered = sock ? sock.writableLength : 0;
    return Math.max(0, c.sourceBytes() - buffered);
  };
  let replies = 0;
  const stop = watch(link, c, () => moved() + replies);
  const progressTimer = c.onSent ? setInterval(() => c.onSent?.(moved()), 100) : undefined;
  try {
    await openDataConnection(link);
    const done = transfer(link, `${command} ${path}`, () => replies++, {
      start(socket, dataDone) {
        const data = socket as TLSSocket;
        sock = data;
        const go = (): void => {
          pipeline(source, data, (err) => {
            if (err) link.ftp.closeWithError(err);
            else dataDone();
          });
        };
        if (data.getCipher?.()) go();
        else data.once('secureConnect', go);
      },
    });
    quietControl(link);
    return (await done) as FTPResponse;
  } finally {
    stop();
    if (progressTimer) clearInterval(progressTimer);
    link.ftp.dataSocket = undefined;
  }
}

/**
 * Runs a reading command (`RETR path`, `MLSD dir`, `LIST dir`) and feeds the data to `sink`;
 * when `sink` answers 'enough', the data connection is closed and the server's reply to the cut
 * (`426` or `226`) is awaited and accepted.
 */
export async function readData(
  link: DataLink,
  command: string,
  sink: (chunk: Buffer) => 'more' | 'enough',
  c: TransferControl,
): Promise<void> {
  if (c.signal?.aborted) throw new Error('Transfer cancelled by the user.');
  let received = 0;
  let replies = 0;
  const stop = watch(link, c, () => received + replies);
  try {
    await openDataConnection(link);
    let enough = false;
    const done = transfer(link, command, () => replies++, {
      start(data, dataDone) {
        data.on('data', (chunk: Buffer) => {
          if (enough) return;
          received += chunk.length;
          if (sink(chunk) === 'enough') {
            enough = true;
            link.ftp.dataSocket = undefined; // closes it without an error
            dataDone();
          }
        });
        data.once('end', dataDone);
      },
      // the 426 of a transfer we cut on purpose
      endsIt: (res) => enough && typeof (res as { code?: unknown }).code === 'number',
    });
    quietControl(link);
    await done;
  } finally {
    stop();
    link.ftp.dataSocket = undefined;
  }
}
