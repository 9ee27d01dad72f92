/**
 * The `pull` profile's side of the wire (contract §9, seed 003): the platform logs in to the
 * customer's SFTP server, checks the pinned `SHA256:` host key before sending the password,
 * and fetches one file while hashing it. `testPullSource` says, step by step in plain words,
 * whether the server is reachable, its key matches, the login works and the file exists. node.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, type SFTPWrapper } from 'ssh2';
import type { PullSource } from '../workspace.ts';

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

type Session = { client: Client; sftp: SFTPWrapper };
type SessionFailure = { ok: false; step: PullStep; message: string };

/** Connects with host-key pinning and password auth, and opens SFTP. */
async function openSession(
  src: PullSource,
  timeoutMs: number,
): Promise<({ ok: true } & Session) | SessionFailure> {
  const where = `${src.host}:${src.port}`;
  return new Promise((resolve) => {
    const client = new Client();
    let seenKey: string | undefined;
    let keyMismatch = false;
    let settled = false;
    const done = (v: ({ ok: true } & Session) | SessionFailure) => {
      if (settled) return;
      settled = true;
      if (!v.ok) client.end();
      resolve(v);
    };
    client.on('ready', () => {
      client.sftp((err, sftp) => {
        if (err) {
          done({
            ok: false,
            step: 'login',
            message: `Logged in to ${where}, but it does not offer SFTP (${err.message}).`,
          });
        } else done({ ok: true, client, sftp });
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
  const session = await openSession(src, timeoutMs);
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
    const st = await statFile(session.sftp, src.path);
    steps.push(
      st.ok
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

/** Downloads the source's file to `dest`, hashing it on the way. */
export async function fetchPullFile(
  src: PullSource,
  dest: string,
  timeoutMs = 30_000,
): Promise<FetchResult> {
  const session = await openSession(src, timeoutMs);
  if (!session.ok) return session;
  try {
    const st = await statFile(session.sftp, src.path);
    if (!st.ok) {
      return {
        ok: false,
        step: 'file',
        message: `The file ${src.path} cannot be read on the server (${st.message}).`,
      };
    }
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
  } finally {
    session.client.end();
  }
}
