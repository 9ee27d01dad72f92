import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrashPoint } from '../../../../server-emulator/processing/crash.ts';
import type { FileResult } from '../../../../server-emulator/processing/reports.ts';
import { setUpWorkspaces } from '../../../../server-emulator/config/workspace-setup.ts';
import { killed, namesIn, openClaims, readDb, runCycleInChild, scalar } from './crash-fork.ts';
import { csv, demoWorkspaces, startHarness } from './harness.ts';

const header = ['Company', 'Address', 'City', 'ExternalLeadId'];
const total = 25_001;

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

const reports = ['crash.csv', 'crash.csv.errors.csv', 'crash.csv.result.json'];

/**
 * What the database and folders hold right after the kill at each point: so a test also proves
 * the process died where the point says (a mid-package kill leaves that package uncommitted).
 */
const afterKill: Record<
  string,
  { records: number; state: string; inNew: boolean; failed: string[] }
> = {
  'before-claim-rename': { records: 0, state: 'claiming', inNew: true, failed: [] },
  'after-claim-rename': { records: 0, state: 'claiming', inNew: false, failed: [] },
  'after-claim': { records: 0, state: 'claimed', inNew: false, failed: [] },
  'mid-package-1': { records: 0, state: 'claimed', inNew: false, failed: [] },
  'mid-package-2': { records: 9_999, state: 'claimed', inNew: false, failed: [] },
  'after-package-1': { records: 9_999, state: 'claimed', inNew: false, failed: [] },
  'after-last-package': { records: total - 1, state: 'claimed', inNew: false, failed: [] },
  'before-move': { records: total - 1, state: 'finishing', inNew: false, failed: [] },
  'after-move-before-report': {
    records: total - 1,
    state: 'finishing',
    inNew: false,
    failed: ['crash.csv'],
  },
  'before-done': { records: total - 1, state: 'finishing', inNew: false, failed: reports },
};

describe('restart safety (contract §5.9): a crash at any point loses nothing and duplicates nothing', () => {
  for (const point of Object.keys(afterKill) as CrashPoint[]) {
    it(`finishes the file exactly once after a crash ${point}`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'sia-crash-'));
      try {
        const [classic] = await setUpWorkspaces(dataDir, demoWorkspaces);
        const dirs = join(classic!.root, 'Leads', 'Import');
        const file = join(dirs, 'New', 'crash.csv');
        await writeFile(file, fileText());
        const past = new Date(Date.now() - 5000);
        await utimes(file, past, past);

        assert.equal(await runCycleInChild(dataDir, point), killed, 'the fault hook fired');
        const want = afterKill[point]!;
        readDb(dataDir, (db) => {
          assert.equal(
            scalar(db, "SELECT count(*) FROM records WHERE object = 'Lead'"),
            want.records,
            'records committed when the process died',
          );
          assert.deepEqual(
            db.prepare('SELECT state FROM claims').pluck(true).all(),
            [want.state],
            'the journal row when the process died',
          );
        });
        assert.deepEqual(await namesIn(join(dirs, 'New')), want.inNew ? ['crash.csv'] : []);
        assert.deepEqual(await namesIn(join(dirs, 'Failed')), want.failed);

        assert.equal(await runCycleInChild(dataDir), 0, 'the clean cycle finished');

        readDb(dataDir, (db) => {
          const lead = "FROM records WHERE object = 'Lead'";
          assert.equal(scalar(db, `SELECT count(*) ${lead}`), total - 1, 'every valid row once');
          assert.equal(
            scalar(db, `SELECT count(DISTINCT json_extract(fields, '$.Company')) ${lead}`),
            total - 1,
            'no duplicates',
          );
          assert.equal(scalar(db, `SELECT count(*) ${lead} AND ext_id IS NOT NULL`), 12_500);
          assert.equal(openClaims(db), 0, 'no claim left open');
          assert.equal(scalar(db, 'SELECT count(*) FROM claims'), 1, 'one claim for one file');
        });
        assert.deepEqual(await namesIn(join(dirs, 'New')), []);
        assert.deepEqual(await namesIn(join(dirs, 'Success')), []);
        assert.deepEqual(await namesIn(join(dirs, 'Failed')), reports);
        assert.deepEqual(
          await namesIn(join(dataDir, 'processing', 'classic')),
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
        assert.match(errors, /^Row,Column,Value,Error\r\n5002,Company,,[^\r]*\r\n$/);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});

describe('a storage or disk failure while finishing a file (test plan U9)', () => {
  it('keeps the claimed file, says so in the cycle report, and finishes it once the disk is back', async () => {
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
      await writeFile(join(root, 'Leads/Import/Failed'), 'not a folder');
      const r1 = await h.processor.runCycle();
      assert.equal(r1.problems.length, 1);
      assert.match(r1.problems[0] ?? '', /u9\.csv/);
      assert.deepEqual(await h.list('classic', '/Leads/Import/New'), []);
      assert.equal(h.processor.journal.open().length, 1, 'the claim is still open');
      const claimed = await namesIn(join(h.dataDir, 'processing', 'classic'));
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
      await writeFile(join(root, 'Leads/Import/Success'), 'not a folder');
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
