/**
 * Runs the real `sftp-import` (bin/sftp-import.js) in a child process, as a user would, and
 * collects its exit code and output. node, tests only.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/sftp-import.js', import.meta.url));

export type CliRun = { code: number; stdout: string; stderr: string };

/** `sftp-import ...args` in `cwd`; never rejects (a crash is a non-zero code). */
export function runSftpImport(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
