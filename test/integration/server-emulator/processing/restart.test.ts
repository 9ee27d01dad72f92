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

describe('a storage or disk failure while finishing a file (test plan U9)', () => {
  it('keeps the claimed file, says so in the cycle report, and finishes it once the disk is back', async () => {
    const { startHarness } = await import('./harness.ts');
    const { rename, mkdir, writeFile: write } = await import('node:fs/promises');
    const h = await startHarness();
    try {
      const root = h.ws('classic').root;
      await h.drop(
        'classic',
        '/Leads/Import/New',
        'u9.csv',
        csv(header, [
          ['Co', '1 Main', 'X', ''],
          ['', '2 Main', 'X', ''],
        ]),
      );
      // Failed/ is replaced by a plain file: the report and the move cannot be written.
      await rename(join(root, 'Leads/Import/Failed'), join(root, 'Leads/Import/Failed.away'));
      await write(join(root, 'Leads/Import/Failed'), 'not a folder');
      const r1 = await h.processor.runCycle();
      assert.equal(r1.problems.length, 1);
      assert.match(r1.problems[0] ?? '', /u9\.csv/);
      assert.deepEqual(await h.list('classic', '/Leads/Import/New'), []);
      assert.equal(h.processor.journal.open().length, 1, 'the claim is still open');
      const claimed = await readdir(join(h.dataDir, 'processing', 'classic'));
      assert.ok(
        claimed.some((n) => n.endsWith('__u9.csv')),
        'the file waits in the processing area',
      );

      await rm(join(root, 'Leads/Import/Failed'));
      await mkdir(join(root, 'Leads/Import/Failed'));
      const r2 = await h.processor.runCycle();
      assert.deepEqual(r2.problems, []);
      assert.deepEqual(await h.list('classic', '/Leads/Import/Failed'), [
        'u9.csv',
        'u9.csv.errors.csv',
        'u9.csv.result.json',
      ]);
      assert.equal(h.count('Lead', 'classic'), 1, 'the redo did not duplicate the stored row');
      assert.equal(h.processor.journal.open().length, 0);
    } finally {
      await h.close();
    }
  });
});

describe('a file that fails every attempt', () => {
  it('is moved to Failed/ with a plain message after 5 attempts instead of blocking forever', async () => {
    const { startHarness } = await import('./harness.ts');
    const { rename, mkdir, writeFile: write } = await import('node:fs/promises');
    const h = await startHarness();
    try {
      const root = h.ws('classic').root;
      await h.drop(
        'classic',
        '/Leads/Import/New',
        'poison.csv',
        csv(header, [['Co', '1 Main', 'X', 'P-1']]),
      );
      await rename(join(root, 'Leads/Import/Success'), join(root, 'Leads/Import/Success.away'));
      await write(join(root, 'Leads/Import/Success'), 'not a folder');
      for (let i = 0; i < 5; i++) {
        const r = await h.processor.runCycle();
        assert.equal(r.problems.length, 1, `attempt ${i + 1} fails`);
      }
      assert.equal(h.processor.journal.open()[0]?.attempts, 5);
      await rm(join(root, 'Leads/Import/Success'));
      await mkdir(join(root, 'Leads/Import/Success'));
      await h.processor.runCycle();
      const res = JSON.parse(
        await h.read('classic', '/Leads/Import/Failed/poison.csv.result.json'),
      ) as FileResult;
      assert.equal(res.fileError?.code, 'processing-failed');
      assert.match(res.fileError?.message ?? '', /after 5 attempts/);
      assert.equal(h.processor.journal.open().length, 0);
    } finally {
      await h.close();
    }
  });
});
