/**
 * Real FTPS peers for tests and benchmarks: the `curl` and `lftp` commands, and a small raw FTPS
 * control client on node:tls for exact replies and faults a command-line client cannot make (a
 * data connection reset mid-upload). node, tests only.
 */
import { spawn } from 'node:child_process';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export type RunResult = { code: number | null; stdout: Buffer; stderr: string };

/** Runs a command to its end (or kills it after `timeoutMs`), collecting its output. */
export function runCommand(
  cmd: string,
  args: readonly string[],
  opts: { timeoutMs?: number; cwd?: string; input?: Buffer } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin.end(opts.input);
  });
}

export type FtpsTarget = {
  host?: string;
  port: number;
  /** true: `ftps://` (TLS from the first byte); false: `ftp://` + AUTH TLS (`--ssl-reqd`). */
  implicit: boolean;
  user: string;
  password: string;
};

/** The URL of `path` on a target (`ftps://` or `ftp://`), path segments left as given. */
export function ftpsUrl(t: FtpsTarget, path: string): string {
  return `${t.implicit ? 'ftps' : 'ftp'}://${t.host ?? '127.0.0.1'}:${t.port}${path}`;
}

/**
 * Runs curl against an FTPS target: the self-signed certificate accepted (`-k`), TLS required
 * for explicit targets, `-v` so the server's replies are in stderr. `args` come before the URL.
 */
export function curlFtps(
  t: FtpsTarget,
  path: string,
  args: readonly string[] = [],
  opts: { timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return runCommand(
    'curl',
    [
      '-sS',
      '-v',
      '-k',
      ...(t.implicit ? [] : ['--ssl-reqd']),
      '-u',
      `${t.user}:${t.password}`,
      ...args,
      ftpsUrl(t, path),
    ],
    opts,
  );
}

/** The server replies (`< 226 …` lines) in curl's `-v` output. */
export function curlReplies(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^< \d{3}[ -]/.test(l))
    .map((l) => l.slice(2).trim());
}

/** Runs lftp commands against an FTPS target (TLS forced, the certificate not verified). */
export function lftpFtps(
  t: FtpsTarget,
  commands: readonly string[],
  opts: { timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  const script = [
    'set ftp:ssl-force true',
    'set ftp:ssl-protect-data true',
    'set ssl:verify-certificate no',
    'set net:max-retries 1',
    'set net:timeout 20',
    ...commands,
    'bye',
  ].join('; ');
  return runCommand('lftp', ['-u', `${t.user},${t.password}`, '-e', script, ftpsUrl(t, '')], opts);
}

export type FtpReply = { code: number; text: string };

/** A raw FTPS control connection (tests only): exact commands and replies, passive data. */
export type RawFtps = {
  /** Sends a command and resolves to its next reply. */
  send(line: string): Promise<FtpReply>;
  /** The next reply (after a 150, the transfer's final one). */
  reply(): Promise<FtpReply>;
  /** `AUTH TLS` and the handshake (explicit targets). */
  startTls(): Promise<void>;
  /** USER, PASS, PBSZ 0, PROT P; throws unless logged in. */
  login(user: string, password: string): Promise<void>;
  /**
   * EPSV, then a TLS data connection resuming the control session (unless `reuse: false`);
   * `tcp` is its TCP socket, for a real reset (`tcp.resetAndDestroy()`).
   */
  openData(opts?: { reuse?: boolean }): Promise<{ tls: TLSSocket; tcp: Socket }>;
  close(): void;
};

/** Connects a raw FTPS control connection and reads the 220 greeting. */
export async function connectRawFtps(port: number, implicit: boolean): Promise<RawFtps> {
  const host = '127.0.0.1';
  let socket: Socket | TLSSocket;
  let session: Buffer | undefined;
  let buffered = '';
  const waiting: ((r: FtpReply) => void)[] = [];
  const ready: FtpReply[] = [];
  const onData = (d: Buffer): void => {
    buffered += d.toString('utf8');
    let m: RegExpExecArray | null;
    // A reply ends with a line `NNN text` (multi-line replies start `NNN-`).
    while ((m = /^(?:[\s\S]*?\r\n)??(\d{3}) ([^\r\n]*)\r\n/.exec(buffered))) {
      const whole = m[0];
      const r = { code: Number(m[1]), text: whole.trim() };
      buffered = buffered.slice(whole.length);
      const w = waiting.shift();
      if (w) w(r);
      else ready.push(r);
    }
  };
  const nextReply = (): Promise<FtpReply> => {
    const r = ready.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve) => waiting.push(resolve));
  };
  const secure = (raw?: Socket): Promise<TLSSocket> =>
    new Promise((resolve, reject) => {
      const t = tlsConnect({
        ...(raw ? { socket: raw } : { host, port }),
        rejectUnauthorized: false,
      });
      t.on('session', (s: Buffer) => (session = s));
      t.once('secureConnect', () => resolve(t));
      t.once('error', reject);
    });
  if (implicit) {
    socket = await secure();
  } else {
    socket = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect(port, host, () => resolve(s));
      s.once('error', reject);
    });
  }
  socket.on('data', onData);
  socket.on('error', () => undefined);
  await nextReply();

  const dataSockets = new Set<Socket>();
  const send = (line: string): Promise<FtpReply> => {
    socket.write(`${line}\r\n`);
    return nextReply();
  };
  return {
    send,
    reply: nextReply,
    async startTls() {
      const r = await send('AUTH TLS');
      if (r.code !== 234) throw new Error(`AUTH TLS refused: ${r.text}`);
      socket.off('data', onData);
      socket = await secure(socket);
      socket.on('data', onData);
    },
    async login(user, password) {
      await send(`USER ${user}`);
      const p = await send(`PASS ${password}`);
      if (p.code !== 230) throw new Error(`login refused: ${p.text}`);
      await send('PBSZ 0');
      await send('PROT P');
    },
    async openData(opts = {}) {
      const r = await send('EPSV');
      const m = /\(\|\|\|(\d+)\|\)/.exec(r.text);
      if (!m) throw new Error(`EPSV refused: ${r.text}`);
      const tcp = await new Promise<Socket>((resolve, reject) => {
        const s = netConnect(Number(m[1]), host, () => resolve(s));
        s.once('error', reject);
      });
      dataSockets.add(tcp);
      tcp.once('close', () => dataSockets.delete(tcp));
      return new Promise((resolve, reject) => {
        const t = tlsConnect({
          socket: tcp,
          rejectUnauthorized: false,
          ...(opts.reuse === false || !session ? {} : { session }),
        });
        t.on('session', (s: Buffer) => (session = s));
        t.once('secureConnect', () => resolve({ tls: t, tcp }));
        t.once('error', reject);
      });
    },
    /** Closes the control connection and every data connection still open. */
    close() {
      for (const d of dataSockets) d.destroy();
      socket.destroy();
    },
  };
}
