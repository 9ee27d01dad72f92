/**
 * Where `upload` and `check-pull` get a password (or an SSH key's passphrase) from, never an
 * argument (contract §8): `--password-file PATH` (a file only its owner can read; the first
 * line), `--password-stdin` (the first line of a pipe), `SFTP_IMPORT_PASSWORD` (deleted from
 * the environment once read, issue 14), or the OS keychain entry `user@host:port`. No message
 * here ever holds the secret. node.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { quoteForMessage } from '../core/util/text.ts';
import { accountFor, createKeyringSecretStore, type SecretStore } from '../engine/secret-store.ts';
import type { CliIo } from './cli-io.ts';
import { cliMessage, passwordWays, type SecretOrigin } from './cli-words.ts';
import { stringFlag, type ReadFlags } from './flags.ts';

/** The flags that name where the secret comes from, for a command's `readFlags` options. */
export const passwordSourceOptions = {
  'password-file': { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

/** The usage lines of those flags. */
export const passwordSourceUsage = `  --password-file PATH  read the password from the first line of PATH (chmod 600: only you may read it)
  --password-stdin      read the password from the first line of standard input (a pipe)`;

/** What the flags asked for; undefined = the environment, then the keychain. */
export type PasswordSource = { file: string } | { stdin: true } | undefined;

/** The source named by the flags, or a usage error when both are given. */
export function passwordSourceFlag(
  f: ReadFlags,
): { ok: true; value: PasswordSource } | { ok: false; error: string } {
  const file = stringFlag(f, 'password-file');
  const stdin = f.values['password-stdin'] === true;
  if (file !== undefined && stdin) {
    return { ok: false, error: 'Give --password-file or --password-stdin, not both.' };
  }
  if (file === '') return { ok: false, error: '--password-file needs a path.' };
  return { ok: true, value: file !== undefined ? { file } : stdin ? { stdin: true } : undefined };
}

/** A secret read, or why not (exit 2 for a flag's problem, 3 for a missing password). */
export type SecretRead =
  { ok: true; value: string; origin: SecretOrigin } | { ok: false; error: string; code: 2 | 3 };

/**
 * Reads and deletes an environment variable that carries a secret, so nothing started later
 * sees it (the CLI's `nodeCliIo` already took it out of `process.env`). Empty counts as unset.
 */
export function takeSecretEnv(io: CliIo, name: string): string | undefined {
  const value = io.env[name];
  delete io.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The secret named by `--password-file` or `--password-stdin`. */
export async function readSourcedSecret(
  source: NonNullable<PasswordSource>,
  io: CliIo,
): Promise<SecretRead> {
  if ('stdin' in source) {
    const text = await io.readStdin();
    if (text === null) {
      return {
        ok: false,
        error:
          '--password-stdin reads the password from a pipe, and standard input is a terminal here. Pipe it in (e.g. from your password manager), or use --password-file PATH.',
        code: 2,
      };
    }
    const line = firstLine(text);
    if (line === '') {
      return { ok: false, error: 'Standard input was empty: no password to read.', code: 2 };
    }
    return { ok: true, value: line, origin: 'password-stdin' };
  }
  return readPasswordFile(source.file, io);
}

/** `--password-file`: a file only its owner may read (POSIX), its first line without the newline. */
export async function readPasswordFile(given: string, io: CliIo): Promise<SecretRead> {
  const path = resolve(io.cwd, given);
  const shown = quoteForMessage(given, 200);
  let mode: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) {
      return { ok: false, error: `--password-file ${shown} is not a file.`, code: 2 };
    }
    mode = st.mode & 0o777;
  } catch {
    return { ok: false, error: `No file at ${shown} (--password-file). Check the path.`, code: 2 };
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    return {
      ok: false,
      error: `--password-file ${shown} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}), so it is not used. Make it yours only: chmod 600 ${shown}`,
      code: 2,
    };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { ok: false, error: `--password-file ${shown} cannot be read.`, code: 2 };
  }
  const line = firstLine(text);
  if (line === '') {
    return {
      ok: false,
      error: `--password-file ${shown} is empty; put the password on its first line.`,
      code: 2,
    };
  }
  return { ok: true, value: line, origin: 'password-file' };
}

/** The first line, without its line ending (LF or CRLF). */
function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * The password for `user@host:port`: the flag's source, else SFTP_IMPORT_PASSWORD, else the
 * OS keychain (exit 3 if there is none). SFTP_IMPORT_PASSWORD is deleted from `io.env` in
 * every case.
 */
export async function passwordFor(
  a: { user: string; host: string; port: number; passwordSource?: PasswordSource },
  io: CliIo,
  secrets: SecretStore | undefined,
): Promise<
  | { value: { password: string }; origin: SecretOrigin }
  | { error: string; code: number; origin?: undefined }
> {
  const env = takeSecretEnv(io, 'SFTP_IMPORT_PASSWORD');
  if (a.passwordSource) {
    const read = await readSourcedSecret(a.passwordSource, io);
    if (!read.ok) return { error: read.error, code: read.code };
    return { value: { password: read.value }, origin: read.origin };
  }
  if (env !== undefined) return { value: { password: env }, origin: 'environment' };
  const account = accountFor({ username: a.user, host: a.host, port: a.port });
  const got = await (secrets ?? createKeyringSecretStore()).get(account);
  if (!got.ok) return { error: cliMessage(got.error), code: 3 };
  if (got.value === null) {
    return {
      error: `No password for ${account}: give it with ${passwordWays}, or save it in the OS keychain under ${account} (the app does that when you save the site).`,
      code: 3,
    };
  }
  return { value: { password: got.value }, origin: 'keychain' };
}
