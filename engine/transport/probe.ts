/**
 * Which protocol does a server speak? For an address pasted without one (issue 11, contract §12):
 * an SSH greeting (`SSH-2.0-…`) means SFTP; a TLS handshake followed by an FTP `220` greeting means
 * FTPS with implicit TLS; a plain `220` greeting that accepts `AUTH TLS` (`234`) means explicit
 * TLS. A plain FTP server that refuses `AUTH TLS` is named as such and never used (no password
 * would be safe). Nothing but the probe's own bytes is sent: no user name, no password. Short
 * timeouts: a probe is a question, not a connection. node.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { fail, ok, type Result } from '../result.ts';
import type { TransportProtocol } from './port.ts';

/** One protocol to try on one port. */
export type ProbeCandidate = { protocol: TransportProtocol; port: number };

/** What one try found: `speaks` true when the server answered as that protocol. */
export type ProbeAttempt = ProbeCandidate & { speaks: boolean; words: string };

/** The first protocol that answered, in plain words, and every try made. */
export type ProbeFinding = ProbeCandidate & { words: string; attempts: ProbeAttempt[] };

export type ProbeOptions = {
  host: string;
  /** Tried in order; the first that answers wins. */
  candidates: readonly ProbeCandidate[];
  /** Per try: connect, handshake and greeting together. Default 4 s. */
  timeoutMs?: number;
};

/** The protocols in plain words, as the app names them. */
const protocolNames: Record<TransportProtocol, string> = {
  sftp: 'SFTP (SSH)',
  ftps: 'FTPS (FTP over TLS from the first byte, "implicit")',
  ftpes: 'FTPS (FTP that switches to TLS with AUTH TLS, "explicit")',
};

export function protocolWords(protocol: TransportProtocol): string {
  return protocolNames[protocol];
}

/**
 * Tries each candidate in turn and returns the first the server speaks, or a `refused`/`timeout`
 * error that says, in plain words, what each port answered. Never throws.
 */
export async function probeServer(o: ProbeOptions): Promise<Result<ProbeFinding>> {
  const attempts: ProbeAttempt[] = [];
  for (const c of o.candidates) {
    const a = await probeOne(o.host, c, o.timeoutMs ?? 4000);
    attempts.push(a);
    if (a.speaks) {
      return ok({
        protocol: c.protocol,
        port: c.port,
        words: `The server speaks ${protocolWords(c.protocol)} on port ${c.port}.`,
        attempts,
      });
    }
  }
  const tried = attempts.map((a) => `port ${a.port}: ${a.words}`).join(' ');
  return fail(
    'refused',
    `No protocol this app uses answered at ${o.host}. ${tried} Check the address the platform gave you, or type it with its protocol (e.g. ftps://host or sftp://host).`,
  );
}

/** One candidate. */
export function probeOne(
  host: string,
  c: ProbeCandidate,
  timeoutMs: number,
): Promise<ProbeAttempt> {
  switch (c.protocol) {
    case 'sftp':
      return probeSsh(host, c, timeoutMs);
    case 'ftps':
      return probeImplicit(host, c, timeoutMs);
    case 'ftpes':
      return probeExplicit(host, c, timeoutMs);
  }
}

/** A connected socket's text as it arrives, with one deadline for the whole conversation. */
type Conversation = {
  /** Resolves with the text received so far once `done(text)` is true, or undefined at the deadline/close. */
  until(done: (text: string) => boolean): Promise<string | undefined>;
  send(text: string): void;
  end(): void;
};

function converse(socket: Socket, deadline: Promise<void>): Conversation {
  let text = '';
  let closed = false;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => {
    // A greeting is short; cap what a misbehaving server can make us hold.
    if (text.length < 16_384) text += d;
    wake();
  });
  const stop = (): void => {
    closed = true;
    wake();
  };
  socket.on('close', stop);
  socket.on('error', stop);
  return {
    until(done) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (done(text)) finish(text);
          else if (closed) finish(undefined);
        };
        const finish = (v: string | undefined): void => {
          waiters.delete(check);
          resolve(v);
        };
        waiters.add(check);
        void deadline.then(() => finish(undefined));
        check();
      });
    },
    send: (t) => {
      if (!closed) socket.write(t);
    },
    end: () => socket.destroy(),
  };
}

/** Opens a socket (TCP or TLS); resolves with it once connected, or a reason in plain words. */
function open(
  make: () => Socket,
  readyEvent: 'connect' | 'secureConnect',
  deadline: Promise<void>,
): Promise<{ socket: Socket } | { problem: string }> {
  return new Promise((resolve) => {
    const socket = make();
    let settled = false;
    const settle = (v: { socket: Socket } | { problem: string }): void => {
      if (settled) return;
      settled = true;
      if ('problem' in v) socket.destroy();
      resolve(v);
    };
    socket.once(readyEvent, () => settle({ socket }));
    socket.once('error', (e: NodeJS.ErrnoException) => settle({ problem: socketWords(e) }));
    socket.once('close', () => settle({ problem: 'the server closed the connection at once.' }));
    void deadline.then(() => settle({ problem: 'no answer in time.' }));
  });
}

function socketWords(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'nothing listens there (connection refused).';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name was not found.';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the server could not be reached.';
    case 'ECONNRESET':
      return 'the server closed the connection.';
    default:
      // TLS failures (wrong version number, …) mean the port does not speak TLS from the start.
      return /SSL|TLS|wrong version|EPROTO/i.test(`${e.code ?? ''} ${e.message}`)
        ? 'it does not start a TLS handshake.'
        : `the connection failed (${e.code ?? e.message}).`;
  }
}

function timer(ms: number): { deadline: Promise<void>; cancel: () => void } {
  let t: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    t = setTimeout(resolve, ms);
  });
  return { deadline, cancel: () => clearTimeout(t) };
}

/** A whole FTP reply line with its code (`220 …\r\n`; multi-line replies end with `220 `). */
function ftpReply(text: string): string | undefined {
  return /^(\d{3}) [^\r\n]*\r?\n/m.exec(text)?.[1];
}

async function probeSsh(host: string, c: ProbeCandidate, ms: number): Promise<ProbeAttempt> {
  const t = timer(ms);
  try {
    const opened = await open(() => tcpConnect({ host, port: c.port }), 'connect', t.deadline);
    if ('problem' in opened) return { ...c, speaks: false, words: opened.problem };
    const talk = converse(opened.socket, t.deadline);
    // RFC 4253 §4.2: the identification line may follow other lines; a 220 is an FTP greeting.
    const text = await talk.until((s) => /^SSH-/m.test(s) || ftpReply(s) !== undefined);
    talk.end();
    if (text === undefined) return { ...c, speaks: false, words: 'no SSH greeting.' };
    if (/^SSH-/m.test(text)) return { ...c, speaks: true, words: 'an SSH server answered.' };
    return { ...c, speaks: false, words: 'an FTP server answered, not SSH.' };
  } finally {
    t.cancel();
  }
}

async function probeImplicit(host: string, c: ProbeCandidate, ms: number): Promise<ProbeAttempt> {
  const t = timer(ms);
  try {
    // Only the protocol is being found out here; the certificate is checked (and shown) when
    // the connection is made for real, before any user name is sent.
    const opened = await open(
      () =>
        tlsConnect({
          host,
          port: c.port,
          rejectUnauthorized: false,
          minVersion: 'TLSv1.2',
          ...(isIp(host) ? {} : { servername: host }),
        }),
      'secureConnect',
      t.deadline,
    );
    if ('problem' in opened) return { ...c, speaks: false, words: opened.problem };
    const talk = converse(opened.socket, t.deadline);
    const text = await talk.until((s) => ftpReply(s) !== undefined);
    talk.end();
    if (text !== undefined && ftpReply(text) === '220') {
      return { ...c, speaks: true, words: 'an FTP server answered over TLS.' };
    }
    return { ...c, speaks: false, words: 'TLS works there, but no FTP greeting followed.' };
  } finally {
    t.cancel();
  }
}

async function probeExplicit(host: string, c: ProbeCandidate, ms: number): Promise<ProbeAttempt> {
  const t = timer(ms);
  try {
    const opened = await open(() => tcpConnect({ host, port: c.port }), 'connect', t.deadline);
    if ('problem' in opened) return { ...c, speaks: false, words: opened.problem };
    const talk = converse(opened.socket, t.deadline);
    const greeting = await talk.until((s) => ftpReply(s) !== undefined || /^SSH-/m.test(s));
    if (greeting === undefined || ftpReply(greeting) !== '220') {
      talk.end();
      const words =
        greeting !== undefined && /^SSH-/m.test(greeting)
          ? 'an SSH server answered, not FTP.'
          : 'no FTP greeting.';
      return { ...c, speaks: false, words };
    }
    talk.send('AUTH TLS\r\n');
    const after = greeting.length;
    const answer = await talk.until((s) => ftpReply(s.slice(after)) !== undefined);
    talk.send('QUIT\r\n');
    talk.end();
    const code = answer === undefined ? undefined : ftpReply(answer.slice(after));
    if (code === '234') {
      return { ...c, speaks: true, words: 'an FTP server answered and accepted AUTH TLS.' };
    }
    return {
      ...c,
      speaks: false,
      words:
        'a plain FTP server answered but it does not offer encryption (AUTH TLS refused); this app never sends a password to it.',
    };
  } finally {
    t.cancel();
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
