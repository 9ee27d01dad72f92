/**
 * What a CLI command may touch, passed in so commands run under test without a process:
 * output streams, environment, and the working directory. node.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { quoteForMessage } from '../core/util/text.ts';

export type CliIo = {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
};

/** The real process's streams and environment. */
export function nodeCliIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An in-memory CliIo for tests: collects what was printed. */
export function memoryCliIo(
  env: Record<string, string | undefined> = {},
  cwd = '/',
): CliIo & {
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, env, cwd, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) };
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
