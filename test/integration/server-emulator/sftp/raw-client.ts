/**
 * A raw ssh2 SFTP client for the emulator's integration tests: precise status codes, raw
 * open/write/close, and a way to drop the connection mid-upload. node, tests only.
 */
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { Client as SshClient, SFTPWrapper } from 'ssh2';

const { Client } = ssh2;

export type RawSession = { client: SshClient; sftp: SFTPWrapper; end(): Promise<void> };

export type Login = {
  username: string;
  password?: string;
  privateKeyPath?: string;
  privateKey?: string;
};

/** Connects and opens the SFTP subsystem; rejects with the client's error on failure. */
export async function connectRaw(port: number, login: Login): Promise<RawSession> {
  const client = new Client();
  const privateKey =
    login.privateKey ??
    (login.privateKeyPath ? await readFile(login.privateKeyPath, 'utf8') : undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timed out')), 10_000);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
    client.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    client.connect({
      host: '127.0.0.1',
      port,
      username: login.username,
      ...(login.password !== undefined ? { password: login.password } : {}),
      ...(privateKey ? { privateKey } : {}),
      readyTimeout: 10_000,
    });
  });
  // After login, a dropped connection is what some tests cause on purpose: never an uncaught error.
  client.on('error', () => undefined);
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
    client.sftp((err, s) => (err ? reject(err) : resolve(s))),
  );
  return {
    client,
    sftp,
    end: () =>
      new Promise<void>((resolve) => {
        client.once('close', () => resolve());
        client.end();
      }),
  };
}

/** The SFTP status code of a failed call (ssh2 puts it on `err.code`), or 0 for success. */
export function statusOfCall(
  fn: (
    cb: (err: (Error & { code?: number }) | null | undefined, ...rest: unknown[]) => void,
  ) => void,
): Promise<{ code: number; message: string; value?: unknown }> {
  return new Promise((resolve) => {
    fn((err, ...rest) => {
      if (err) {
        resolve({ code: typeof err.code === 'number' ? err.code : -1, message: err.message });
      } else resolve({ code: 0, message: '', value: rest[0] });
    });
  });
}

export const open = (s: SFTPWrapper, path: string, flags: 'r' | 'w' | 'wx' | 'a' | 'r+') =>
  statusOfCall((cb) => s.open(path, flags, (err, h) => cb(err, h)));
export const write = (s: SFTPWrapper, h: Buffer, data: Buffer, position: number) =>
  statusOfCall((cb) => s.write(h, data, 0, data.length, position, (err) => cb(err)));
export const close = (s: SFTPWrapper, h: Buffer) =>
  statusOfCall((cb) => s.close(h, (err) => cb(err)));
