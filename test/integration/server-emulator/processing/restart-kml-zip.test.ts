/**
 * Restart safety (contract §5.9) for a territory KML and a records ZIP: the child process is
 * killed at each named point (crash.ts), the database and folders are checked for what the kill
 * left, then a clean cycle must finish the file exactly once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrashPoint } from '../../../../server-emulator/processing/crash.ts';
import { killed, namesIn, openClaims, readDb, runCycleInChild, scalar } from './crash-fork.ts';
import { csv, startHarness } from './harness.ts';
import { errorLines, readResult } from './harness-results.ts';
import { bowtie, kml, placemark, polygon, square } from './kml-text.ts';

/** Lays out the demo workspaces in a fresh data dir and runs `seed` on a harness over it. */
async function freshDataDir(
  seed: (h: Awaited<ReturnType<typeof startHarness>>) => Promise<void>,
): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sia-crash-'));
  const h = await startHarness(undefined, {}, dataDir);
  try {
    await seed(h);
  } finally {
    await h.close();
  }
  return dataDir;
}

/** Reopens the data dir in a harness (no cycle run) to read results with the app's parsers. */
async function inspect<T>(
  dataDir: string,
  read: (h: Awaited<ReturnType<typeof startHarness>>) => Promise<T>,
): Promise<T> {
  const h = await startHarness(undefined, {}, dataDir);
  try {
    return await read(h);
  } finally {
    await h.close();
  }
}

describe('restart safety for a territory KML: a crash at any point ends in one outcome', () => {
  const areas = kml(
    placemark('North-A', polygon(square(1, 11, 2))),
    placemark('North-B', polygon(square(5, 15, 2))),
    placemark('South-A', polygon(square(1, 1, 2))),
    placemark('Crossed', polygon(bowtie)),
  );
  const afterKill: Partial<Record<CrashPoint, { level2: number; state: string }>> = {
    'after-claim': { level2: 0, state: 'claimed' },
    'mid-package-1': { level2: 0, state: 'claimed' },
    'after-package-1': { level2: 3, state: 'claimed' },
    'after-last-package': { level2: 3, state: 'claimed' },
    'before-move': { level2: 3, state: 'finishing' },
    'after-move-before-report': { level2: 3, state: 'finishing' },
    'before-done': { level2: 3, state: 'finishing' },
  };
  for (const [point, want] of Object.entries(afterKill)) {
    it(`finishes 2_areas.kml once, parents right, after a crash ${point}`, async () => {
      const dataDir = await freshDataDir(async (h) => {
        await h.drop(
          'classic',
          '/Territories/New',
          '1_regions.kml',
          kml(
            placemark('North', polygon(square(0, 10, 10))),
            placemark('South', polygon(square(0, 0, 10))),
          ),
        );
        await h.processor.runCycle();
        assert.equal(h.processor.journal.open().length, 0);
        await h.drop('classic', '/Territories/New', '2_areas.kml', areas);
      });
      try {
        assert.equal(await runCycleInChild(dataDir, point), killed, 'the fault hook fired');
        const level2 = 'SELECT count(*) FROM territories WHERE level = 2';
        readDb(dataDir, (db) => {
          assert.equal(scalar(db, level2), want.level2, 'level-2 territories when killed');
          assert.deepEqual(
            db.prepare("SELECT state FROM claims WHERE name = '2_areas.kml'").pluck(true).all(),
            [want.state],
          );
        });

        assert.equal(await runCycleInChild(dataDir), 0, 'the clean cycle finished');
        readDb(dataDir, (db) => {
          assert.equal(scalar(db, 'SELECT count(*) FROM territories'), 5, 'each territory once');
          assert.equal(scalar(db, 'SELECT count(DISTINCT name) FROM territories'), 5);
          assert.deepEqual(
            db
              .prepare(
                'SELECT t.name, p.name AS parent FROM territories t LEFT JOIN territories p ON p.id = t.parent_id WHERE t.level = 2 ORDER BY t.name',
              )
              .all(),
            [
              { name: 'North-A', parent: 'North' },
              { name: 'North-B', parent: 'North' },
              { name: 'South-A', parent: 'South' },
            ],
          );
          assert.equal(openClaims(db), 0);
          assert.equal(scalar(db, 'SELECT count(*) FROM claims'), 2, 'one claim per file');
        });
        const root = join(dataDir, 'workspaces', 'classic', 'Territories');
        assert.deepEqual(await namesIn(join(root, 'New')), []);
        assert.deepEqual(await namesIn(join(root, 'Failed')), [
          '2_areas.kml',
          '2_areas.kml.errors.csv',
          '2_areas.kml.result.json',
        ]);
        assert.deepEqual(await namesIn(join(dataDir, 'processing', 'classic')), []);
        await inspect(dataDir, async (h) => {
          const res = await readResult(h, 'classic', '/Territories/Failed/2_areas.kml.result.json');
          assert.deepEqual(
            [res.rowsTotal, res.rowsImported, res.rowsFailed],
            [4, 3, 1],
            'the result counts each placemark once',
          );
          const lines = await errorLines(
            h,
            'classic',
            '/Territories/Failed/2_areas.kml.errors.csv',
          );
          assert.equal(lines.length, 1);
          assert.match(lines[0]!, /^\d+,Crossed,self-intersection,/);
        });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});

describe('restart safety for a ZIP of CSVs: a crash at any point ends in one outcome', () => {
  const header = ['Name', 'Address', 'City', 'ExternalDataObjectId'];
  /** Entry 1: 15,001 rows (2 packages), even rows with an external id, row 7,002 invalid. */
  const first = (): string => {
    const rows: string[][] = [];
    for (let i = 0; i < 15_001; i++) {
      rows.push([i === 7000 ? '' : `A ${i}`, `${i} Zip St`, 'Springfield', i % 2 ? '' : `Z-${i}`]);
    }
    return csv(header, rows);
  };
  /** Entry 2: 5,000 rows without external ids. */
  const second = (): string =>
    csv(
      header,
      Array.from({ length: 5000 }, (_, i) => [`B ${i}`, `${i} Zip Rd`, 'Springfield', '']),
    );
  async function zipFile(): Promise<Buffer> {
    const yazl = (await import('yazl')).default;
    const z = new yazl.ZipFile();
    z.addBuffer(Buffer.from(first()), 'Account_first.csv');
    z.addBuffer(Buffer.from(second()), 'Account_second.csv');
    z.addBuffer(Buffer.from('notes'), 'readme.txt');
    z.end();
    const chunks: Buffer[] = [];
    for await (const c of z.outputStream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  const afterKill: Partial<Record<CrashPoint, { records: number; state: string }>> = {
    'after-claim': { records: 0, state: 'claimed' },
    'after-unzip-entry-1': { records: 0, state: 'claimed' },
    'mid-package-1': { records: 0, state: 'claimed' },
    'after-package-1': { records: 9_999, state: 'claimed' },
    // The 15,000th stored row of entry 1 is the last of its package 2: killed before the commit.
    'mid-package-2': { records: 9_999, state: 'claimed' },
    'after-last-package': { records: 15_000, state: 'claimed' },
    'after-zip-entry-1': { records: 15_000, state: 'claimed' },
    'before-move': { records: 20_000, state: 'finishing' },
    'after-move-before-report': { records: 20_000, state: 'finishing' },
    'before-done': { records: 20_000, state: 'finishing' },
  };
  const Import = '/DataObjects/Import';
  for (const [point, want] of Object.entries(afterKill)) {
    it(`finishes Account_bundle.zip once after a crash ${point}`, async () => {
      const zip = await zipFile();
      const dataDir = await freshDataDir(async (h) => {
        await h.drop('flexible', `${Import}/New`, 'Account_bundle.zip', zip);
      });
      try {
        assert.equal(await runCycleInChild(dataDir, point), killed, 'the fault hook fired');
        readDb(dataDir, (db) => {
          assert.equal(scalar(db, 'SELECT count(*) FROM records'), want.records);
          assert.deepEqual(db.prepare('SELECT state FROM claims').pluck(true).all(), [want.state]);
        });
        if (point === 'after-unzip-entry-1') {
          const area = join(dataDir, 'processing', 'flexible');
          const unpacked = (await namesIn(area)).find((n) => n.endsWith('.zip.d'));
          assert.deepEqual(await namesIn(join(area, unpacked ?? '-')), ['1'], 'entry 1 only');
        }

        assert.equal(await runCycleInChild(dataDir), 0, 'the clean cycle finished');
        readDb(dataDir, (db) => {
          const acc = "FROM records WHERE object = 'Account'";
          assert.equal(scalar(db, `SELECT count(*) ${acc}`), 20_000, 'every valid row once');
          assert.equal(
            scalar(db, `SELECT count(DISTINCT json_extract(fields, '$.Name')) ${acc}`),
            20_000,
            'no duplicates',
          );
          assert.equal(scalar(db, `SELECT count(*) ${acc} AND ext_id IS NOT NULL`), 7_500);
          assert.equal(openClaims(db), 0);
          assert.equal(scalar(db, 'SELECT count(*) FROM claims'), 1);
        });
        const root = join(dataDir, 'workspaces', 'flexible', 'DataObjects', 'Import');
        assert.deepEqual(await namesIn(join(root, 'New')), []);
        assert.deepEqual(await namesIn(join(root, 'Success')), []);
        assert.deepEqual(await namesIn(join(root, 'Failed')), [
          'Account_bundle.zip',
          'Account_bundle.zip.errors.csv',
          'Account_bundle.zip.result.json',
        ]);
        assert.deepEqual(await namesIn(join(dataDir, 'processing', 'flexible')), []);
        await inspect(dataDir, async (h) => {
          const res = await readResult(
            h,
            'flexible',
            `${Import}/Failed/Account_bundle.zip.result.json`,
          );
          assert.deepEqual(
            res.entries?.map((e) => [e.file, e.status, e.rowsImported, e.rowsFailed, e.packages]),
            [
              ['Account_first.csv', 'failed', 15_000, 1, 2],
              ['Account_second.csv', 'success', 5_000, 0, 1],
            ],
          );
          const lines = await errorLines(
            h,
            'flexible',
            `${Import}/Failed/Account_bundle.zip.errors.csv`,
          );
          assert.equal(lines.length, 1);
          assert.match(lines[0]!, /^7002,Name,,"?Account_first\.csv: /);
        });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
