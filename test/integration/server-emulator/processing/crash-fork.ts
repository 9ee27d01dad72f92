/**
 * The parent side of the restart-safety tests (contract §5.9): runs one processing cycle in a
 * child process (crash-runner.ts), optionally with `EMU_CRASH_AT` so it is killed at a named
 * point, and reads the database the child left behind. node, tests only.
 */
import { fork } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const runner = join(dirname(fileURLToPath(import.meta.url)), 'crash-runner.ts');

/** Exit code the tests expect from a child killed by its crash hook (128 + SIGKILL). */
export const killed = 137;

/**
 * Runs one cycle over `dataDir` in a child; resolves to its exit code (`killed` when SIGKILL
 * ended it). `crashAt` sets `EMU_CRASH_AT`; without it the variable is removed.
 */
export function runCycleInChild(dataDir: string, crashAt?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env['EMU_CRASH_AT'];
    if (crashAt) env['EMU_CRASH_AT'] = crashAt;
    const child = fork(runner, [dataDir], { execArgv: ['--import', 'tsx'], env, stdio: 'pipe' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== null && code !== 0 && stderr) process.stderr.write(stderr);
      resolve(code ?? (signal === 'SIGKILL' ? killed : -1));
    });
  });
}

/** Runs `read` on the emulator's database, opened read-only (also after a kill: WAL is kept). */
export function readDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'emulator.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** One number from a query. */
export function scalar(db: Database.Database, sql: string, ...args: unknown[]): number {
  return db
    .prepare(sql)
    .pluck(true)
    .get(...args) as number;
}

/** Claims not `done` in the journal. */
export const openClaims = (db: Database.Database): number =>
  scalar(db, "SELECT count(*) FROM claims WHERE state <> 'done'");

/** A folder's names, sorted ([] when it does not exist). */
export async function namesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}
