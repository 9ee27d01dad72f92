/**
 * What a CLI command may touch, passed in so commands run under test without a process:
 * output streams, standard input, environment, and the working directory. node.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { quoteForMessage } from '../core/util/text.ts';

export type CliIo = {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input as text (`--password-stdin`); null when it is a terminal. */
  readStdin(): Promise<string | null>;
  /** The environment as the command sees it; secrets are deleted from it once read. */
  env: Record<string, string | undefined>;
  cwd: string;
};

/**
 * Environment variables that carry a secret. They are taken out of `process.env` when the CLI
 * starts, so no child process (and no crash report of the environment) ever inherits them;
 * the command still reads them from its own copy (contract §8, issue 14).
 */
export const secretEnvNames = ['SFTP_IMPORT_PASSWORD', 'SFTP_IMPORT_PASSPHRASE'] as const;

/**
 * The real process's streams and environment. The secrets of `secretEnvNames` move from
 * `process.env` into the returned copy. A reader that goes away (`sftp-import … | head`) ends
 * the output quietly: EPIPE stops further writes to that stream instead of throwing a stack.
 */
export function nodeCliIo(): CliIo {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of secretEnvNames) delete process.env[name];
  const out = quietWhenClosed(process.stdout);
  const err = quietWhenClosed(process.stderr);
  return {
    stdout: out,
    stderr: err,
    readStdin: () => readAll(process.stdin),
    env,
    cwd: process.cwd(),
  };
}

/** A writer that stops (silently) once the stream's reader has gone away. */
function quietWhenClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true;
    else throw e;
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text);
  };
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string | null> {
  if (stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** An in-memory CliIo for tests: collects what was printed; `stdin` is what a pipe would give. */
export function memoryCliIo(
  env: Record<string, string | undefined> = {},
  cwd = '/',
  stdin: string | null = null,
): CliIo & {
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    env,
    cwd,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(stdin),
  };
}

/**
 * Resolves a command's input file against the working directory and checks it is a file.
 * On failure it prints a message saying what to do and yields exit code 2 (usage).
 */
export async function resolveInputFile(
  io: CliIo,
  given: string,
  kind: string,
): Promise<{ ok: true; path: string } | { ok: false; exitCode: 2 }> {
  const path = resolve(io.cwd, given);
  const shown = quoteForMessage(given, 200);
  try {
    const st = await stat(path);
    if (st.isFile()) return { ok: true, path };
    io.stderr(`${shown} is not a file. Give the path of a ${kind} file.\n`);
  } catch {
    io.stderr(`No file at ${shown}. Check the path.\n`);
  }
  return { ok: false, exitCode: 2 };
}

/** Prints usage for `--help` (exit 0) or a usage error with the usage (exit 2). */
export function usageExit(
  parsed: { help: true } | { error: string },
  usage: string,
  io: CliIo,
): number {
  if ('help' in parsed) {
    io.stdout(usage + '\n');
    return 0;
  }
  io.stderr(`${parsed.error}\n\n${usage}\n`);
  return 2;
}

/**
 * The start every file command shares: its arguments parsed (usage on `--help` or an error) and
 * its input file found. Either the parsed arguments and the file's absolute path, or the exit
 * code already reported.
 */
export async function commandInput<A extends { file: string }>(
  parsed: A | { help: true } | { error: string },
  usage: string,
  io: CliIo,
  kind: string,
): Promise<{ ok: true; args: A; path: string } | { ok: false; exitCode: number }> {
  if ('help' in parsed || 'error' in parsed) {
    return { ok: false, exitCode: usageExit(parsed, usage, io) };
  }
  const input = await resolveInputFile(io, parsed.file, kind);
  return input.ok ? { ok: true, args: parsed, path: input.path } : input;
}
