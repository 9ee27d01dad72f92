/**
 * What a CLI command may touch, passed in so commands run under test without a process:
 * output streams, environment, and the working directory. node.
 */
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
