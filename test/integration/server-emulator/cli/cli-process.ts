/**
 * The emulator's CLI (`bin/sftp-import-emulator.js`) as a child process for tests: every line it
 * prints is kept, and a test can wait for a line matching a pattern. node, tests only.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

export const cliBin = resolve(import.meta.dirname, '../../../../bin/sftp-import-emulator.js');

export type Running = {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
};

/** Starts the CLI with `args` (stdout and stderr lines both collected). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child = spawn(process.execPath, [cliBin, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let buf = '';
  const onData = (d: Buffer): void => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    lines,
    exited,
    waitFor(re, ms = 20_000) {
      const seen = lines.map((l) => l.match(re)).find((m) => m);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${String(re)}; got:\n${lines.join('\n')}`)),
          ms,
        );
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer);
            resolvePromise(m);
          },
        });
      });
    },
  };
}

/** The banner's admin line: `admin http://127.0.0.1:PORT/?token=…` (issue 14). */
export const adminLine = /^admin (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{16,})$/;

/** A path of the admin endpoint, carrying the token of the printed admin URL. */
export function adminPath(adminUrl: string, path: string): URL {
  const base = new URL(adminUrl);
  const url = new URL(path, base);
  url.searchParams.set('token', base.searchParams.get('token') ?? '');
  return url;
}
