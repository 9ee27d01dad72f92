/**
 * The `pull` profile's side of the wire (contract §9, seed 003): the platform logs in to the
 * customer's SFTP server, checks the pinned `SHA256:` host key before sending the password,
 * and fetches one file while hashing it. `testPullSource` says, step by step in plain words,
 * whether the server is reachable, its key matches, the login works and the file exists. A server
 * that stops answering mid-session (nothing received for the inactivity time) is dropped, so a
 * stalled customer server fails that pull instead of holding the cycle. node.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, type SFTPWrapper } from 'ssh2';
import type { PullSource } from '../config/workspace.ts';

export type PullStep = 'reach' | 'host-key' | 'login' | 'file';
export type StepResult = { step: PullStep; ok: boolean; message: string };
export type PullTestResult = { ok: boolean; steps: StepResult[] };

/** `SHA256:<base64 without padding>` of a raw host key blob, as `ssh-keygen -l` prints it. */
export function fingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

function samePin(a: string, b: string): boolean {
  return a.replace(/=+$/, '') === b.replace(/=+$/, '');
}

type Session = {
  client: Client;
  sftp: SFTPWrapper;
  /** Resolves with a failure in words if the server goes silent for the inactivity time. */
  stalled: Promise<SessionFailure>;
};
type SessionFailure = { ok: false; step: PullStep; message: string };

/** Words for a server that went silent. */
function stallMessage(where: string, idleMs: number, during: string): string {
  return `The server at ${where} stopped answering ${during} (nothing received for ${idleMs / 1000} s); the connection was dropped. The pull is tried again next cycle.`;
}

/**
 * Connects with host-key pinning and password auth, and opens SFTP. The socket's inactivity
 * timer (`idleMs`) covers the whole session: when it fires the connection is destroyed, so
 * every pending SFTP request fails instead of waiting forever.
 */
async function openSession(
  src: PullSource,
  timeoutMs: number,
  idleMs: number,
): Promise<({ ok: true } & Session) | SessionFailure> {
  const where = `${src.host}:${src.port}`;
  return new Promise((resolve) => {
    const client = new Client();
    let seenKey: string | undefined;
    let keyMismatch = false;
    let settled = false;
    let ready = false;
    let sftpOpen = false;
    let onStall: (f: SessionFailure) => void = () => undefined;
    const stalled = new Promise<SessionFailure>((r) => (onStall = r));
    const done = (v: ({ ok: true } & Session) | SessionFailure) => {
      if (settled) return;
      settled = true;
      if (!v.ok) client.end();
      resolve(v);
    };
    client.on('timeout', () => {
      const during = sftpOpen
        ? `while ${src.path} was read`
        : ready
          ? 'right after the login'
          : 'while logging in';
      const failure: SessionFailure = {
        ok: false,
        step: sftpOpen ? 'file' : seenKey === undefined ? 'reach' : 'login',
        message: stallMessage(where, idleMs, during),
      };
      onStall(failure);
      done(failure);
      client.destroy();
    });
    client.on('ready', () => {
      ready = true;
      client.sftp((err, sftp) => {
        if (err) {
          done({
            ok: false,
            step: 'login',
            message: `Logged in to ${where}, but it does not offer SFTP (${err.message}).`,
          });
        } else {
          sftpOpen = true;
          done({ ok: true, client, sftp, stalled });
        }
      });
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (keyMismatch) {
        done({
          ok: false,
          step: 'host-key',
          message: `The server at ${where} presented host key ${seenKey ?? '(none)'}, but ${src.hostKey} is pinned. Nothing was sent. If the server's key really changed, pin the new one.`,
        });
      } else if (err.level === 'client-authentication') {
        done({
          ok: false,
          step: 'login',
          message: `The server at ${where} refused the login for user "${src.username}": check the user name and password.`,
        });
      } else if (seenKey === undefined) {
        done({
          ok: false,
          step: 'reach',
          message: `Cannot reach ${where} (${err.code ?? err.message}). Check the host name, the port and the firewall.`,
        });
      } else {
        done({
          ok: false,
          step: 'login',
          message: `The connection to ${where} failed during login (${err.message}).`,
        });
      }
    });
    client.connect({
      host: src.host,
      port: src.port,
      username: src.username,
      password: src.password,
      readyTimeout: timeoutMs,
      // Socket inactivity: ssh2 emits 'timeout' when nothing was sent or received for this long.
      timeout: idleMs,
      tryKeyboard: false,
      hostVerifier: (key: Buffer) => {
        seenKey = fingerprint(key);
        keyMismatch = !samePin(seenKey, src.hostKey);
        return !keyMismatch;
      },
    });
  });
}

function statFile(
  sftp: SFTPWrapper,
  path: string,
): Promise<{ ok: true; size: number } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    sftp.stat(path, (err, st) => {
      if (err) resolve({ ok: false, message: err.message });
      else if (!st.isFile()) resolve({ ok: false, message: 'it is not a regular file' });
      else resolve({ ok: true, size: st.size });
    });
  });
}

/** Checks reach, host key, login and the file, in that order; each step says what it found. */
export async function testPullSource(src: PullSource, timeoutMs = 10_000): Promise<PullTestResult> {
  const where = `${src.host}:${src.port}`;
  const steps: StepResult[] = [];
  const reach = await new Promise<StepResult>((resolve) => {
    const s = tcpConnect({ host: src.host, port: src.port });
    const t = setTimeout(() => {
      s.destroy();
      resolve({
        step: 'reach',
        ok: false,
        message: `No answer from ${where} within ${timeoutMs / 1000} s. Check the host name, the port and the firewall.`,
      });
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve({ step: 'reach', ok: true, message: `${where} answers.` });
    });
    s.once('error', (e: Error & { code?: string }) => {
      clearTimeout(t);
      resolve({
        step: 'reach',
        ok: false,
        message: `Cannot reach ${where} (${e.code ?? e.message}). Check the host name, the port and the firewall.`,
      });
    });
  });
  steps.push(reach);
  if (!reach.ok) return { ok: false, steps };
  const session = await openSession(src, timeoutMs, timeoutMs);
  if (!session.ok) {
    if (session.step !== 'host-key') {
      steps.push({
        step: 'host-key',
        ok: true,
        message: `The host key matches the pinned ${src.hostKey}.`,
      });
    }
    steps.push({ step: session.step, ok: false, message: session.message });
    return { ok: false, steps };
  }
  steps.push({
    step: 'host-key',
    ok: true,
    message: `The host key matches the pinned ${src.hostKey}.`,
  });
  steps.push({ step: 'login', ok: true, message: `Logged in as "${src.username}".` });
  try {
    const st = await Promise.race([statFile(session.sftp, src.path), session.stalled]);
    steps.push(
      'step' in st
        ? { step: 'file', ok: false, message: st.message }
        : st.ok
          ? {
              step: 'file',
              ok: true,
              message: `Found ${src.path} (${st.size.toLocaleString('en-US')} bytes).`,
            }
          : {
              step: 'file',
              ok: false,
              message: `The file ${src.path} cannot be read on the server (${st.message}). Check the path.`,
            },
    );
  } finally {
    session.client.end();
  }
  return { ok: steps.every((s) => s.ok), steps };
}

export type FetchResult =
  { ok: true; sha256: string; size: number } | { ok: false; step: PullStep; message: string };

/**
 * Downloads the source's file to `dest`, hashing it on the way. `timeoutMs` bounds the
 * handshake and login; `idleMs` is how long the server may send nothing once connected.
 */
export async function fetchPullFile(
  src: PullSource,
  dest: string,
  timeoutMs = 30_000,
  idleMs = 30_000,
): Promise<FetchResult> {
  const session = await openSession(src, timeoutMs, idleMs);
  if (!session.ok) return session;
  const work = download(session, src, dest);
  // The destroyed connection fails the pending reads too; the race only keeps the answer prompt.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, session.stalled]);
  } finally {
    session.client.end();
  }
}

async function download(session: Session, src: PullSource, dest: string): Promise<FetchResult> {
  const st = await statFile(session.sftp, src.path);
  if (!st.ok) {
    return {
      ok: false,
      step: 'file',
      message: `The file ${src.path} cannot be read on the server (${st.message}).`,
    };
  }
  try {
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _e, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    await pipeline(session.sftp.createReadStream(src.path), tap, createWriteStream(dest));
    return { ok: true, sha256: hash.digest('hex'), size };
  } catch (e) {
    return {
      ok: false,
      step: 'file',
      message: `Reading ${src.path} failed (${(e as Error).message}).`,
    };
  }
}
