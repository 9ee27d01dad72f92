import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { setUpWorkspaces } from '../../../../server-emulator/workspace-setup.ts';
import { csv, demoWorkspaces } from './harness.ts';
import { readFile, writeFile, utimes } from 'node:fs/promises';
import type { FileResult } from '../../../../server-emulator/processing/reports.ts';

const runner = join(dirname(fileURLToPath(import.meta.url)), 'crash-runner.ts');
const header = ['Company', 'Address', 'City', 'ExternalLeadId'];
const total = 25_001;

function runCycle(dataDir: string, crashAt?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env['EMU_CRASH_AT'];
    if (crashAt) env['EMU_CRASH_AT'] = crashAt;
    const child = fork(runner, [dataDir], { execArgv: ['--import', 'tsx'], env, stdio: 'pipe' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

/** 25,001 rows: even rows carry an ExternalLeadId, odd rows none; row 5,002 (spreadsheet) is invalid. */
function fileText(): string {
  const rows: string[][] = [];
  for (let i = 0; i < total; i++) {
    rows.push([
      i === 5000 ? '' : `Co ${i}`,
      `${i} Crash Ave`,
      'Springfield',
      i % 2 === 0 ? `X-${i}` : '',
    ]);
  }
  return csv(header, rows);
}

describe('restart safety (contract §5.9): a crash at any point loses nothing and duplicates nothing', () => {
  for (const point of [
    'after-package-1',
    'after-last-package',
    'before-move',
    'after-move-before-report',
  ]) {
    it(`finishes the file exactly once after a crash ${point}`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'sia-crash-'));
      try {
        const [classic] = await setUpWorkspaces(dataDir, demoWorkspaces);
        const file = join(classic!.root, 'Leads', 'Import', 'New', 'crash.csv');
        await writeFile(file, fileText());
        const past = new Date(Date.now() - 5000);
        await utimes(file, past, past);

        assert.equal(await runCycle(dataDir, point), 137, 'the fault hook fired');
        assert.equal(await runCycle(dataDir), 0, 'the clean cycle finished');

        const db = new Database(join(dataDir, 'emulator.sqlite'), { readonly: true });
        try {
          const count = db
            .prepare("SELECT count(*) FROM records WHERE object = 'Lead'")
            .pluck(true)
            .get() as number;
          const distinctCompanies = db
            .prepare(
              "SELECT count(DISTINCT json_extract(fields, '$.Company')) FROM records WHERE object = 'Lead'",
            )
            .pluck(true)
            .get() as number;
          assert.equal(count, total - 1, 'every valid row once');
          assert.equal(distinctCompanies, total - 1, 'no duplicates');
          const open = db
            .prepare("SELECT count(*) FROM claims WHERE state <> 'done'")
            .pluck(true)
            .get() as number;
          assert.equal(open, 0, 'no claim left open');
        } finally {
          db.close();
        }
        const dirs = join(classic!.root, 'Leads', 'Import');
        assert.deepEqual(await readdir(join(dirs, 'New')), []);
        assert.deepEqual(await readdir(join(dirs, 'Success')), []);
        assert.deepEqual(await readdir(join(dirs, 'Failed')), [
          'crash.csv',
          'crash.csv.errors.csv',
          'crash.csv.result.json',
        ]);
        assert.deepEqual(
          await readdir(join(dataDir, 'processing', 'classic')),
          [],
          'nothing left in processing',
        );
        const result = JSON.parse(
          await readFile(join(dirs, 'Failed', 'crash.csv.result.json'), 'utf8'),
        ) as FileResult;
        assert.equal(result.rowsImported, total - 1);
        assert.equal(result.rowsFailed, 1);
        assert.equal(result.packages, 3);
        const errors = await readFile(join(dirs, 'Failed', 'crash.csv.errors.csv'), 'utf8');
        assert.match(errors, /^Row,Column,Value,Error\r\n5002,Company,,/);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
