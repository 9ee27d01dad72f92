/**
 * Scheduled exports through whole cycles with a movable clock (contract §7): a weekly workspace
 * exports on its first cycle, then only once 7 days have passed, each export named by the UTC
 * date of the clock and holding the records stored by then; the schedule survives a restart.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csv, demoWorkspaces, startHarness } from './harness.ts';

const day = 24 * 60 * 60 * 1000;
const Export = '/DataObjects/Export';
const header = ['Name', 'City'];

describe('weekly exports by the injected clock (contract §7)', () => {
  it('exports on the first cycle, then every 7 days, dated by the clock, across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sia-weekly-'));
    const weekly = [{ ...demoWorkspaces[1]!, exportSchedule: 'weekly' as const }];
    try {
      let h = await startHarness(weekly, {}, dataDir);
      const t0 = h.now.t; // 2026-11-22 12:00 UTC
      await h.drop(
        'flexible',
        '/DataObjects/Import/New',
        'Account_w1.csv',
        csv(header, [['One', 'X']]),
      );
      const first = await h.processor.runCycle();
      assert.deepEqual(first.exports, [
        `${Export}/Account_2026-11-22.csv`,
        `${Export}/Contact_2026-11-22.csv`,
      ]);
      const accountLines = async (name: string) =>
        (await h.read('flexible', `${Export}/${name}`)).trimEnd().split('\r\n').slice(1);
      assert.equal((await accountLines('Account_2026-11-22.csv')).length, 1);

      // Later the same day, the next days, and one minute short of a week: nothing.
      for (const at of [t0 + 60_000, t0 + day, t0 + 3 * day, t0 + 7 * day - 60_000]) {
        h.now.t = at;
        const r = await h.processor.runCycle();
        assert.deepEqual(r.exports, [], `no export at +${(at - t0) / day} days`);
      }
      await h.drop(
        'flexible',
        '/DataObjects/Import/New',
        'Account_w2.csv',
        csv(header, [['Two', 'Y']]),
      );
      h.now.t = t0 + 7 * day - 30_000;
      const imported = await h.processor.runCycle();
      assert.deepEqual(imported.exports, []);
      assert.deepEqual(
        imported.files.map((f) => f.status),
        ['success'],
      );

      h.now.t = t0 + 7 * day;
      const second = await h.processor.runCycle();
      assert.deepEqual(second.exports, [
        `${Export}/Account_2026-11-29.csv`,
        `${Export}/Contact_2026-11-29.csv`,
      ]);
      const names = (await accountLines('Account_2026-11-29.csv')).map((l) => l.split(',')[1]);
      assert.deepEqual(
        names.sort(),
        ['One', 'Two'],
        'the export holds every record stored by then',
      );

      // A restart keeps the schedule: the new processor does not export again at once.
      await h.close();
      h = await startHarness(weekly, {}, dataDir);
      h.now.t = t0 + 10 * day;
      assert.deepEqual((await h.processor.runCycle()).exports, []);
      h.now.t = t0 + 14 * day;
      assert.deepEqual((await h.processor.runCycle()).exports, [
        `${Export}/Account_2026-12-06.csv`,
        `${Export}/Contact_2026-12-06.csv`,
      ]);
      assert.deepEqual(await h.list('flexible', Export), [
        'Account_2026-11-22.csv',
        'Account_2026-11-29.csv',
        'Account_2026-12-06.csv',
        'Contact_2026-11-22.csv',
        'Contact_2026-11-29.csv',
        'Contact_2026-12-06.csv',
      ]);
      const messages = h.processor.journal.readLog(100, 0).map((e) => e.message);
      assert.ok(
        messages.some((m) => m === `Exported Account to ${Export}/Account_2026-12-06.csv.`),
      );
      await h.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('never exports on a "none" schedule, however far the clock moves', async () => {
    const h = await startHarness([demoWorkspaces[1]!]);
    try {
      for (const step of [0, day, 7 * day, 30 * day]) {
        h.now.t += step;
        assert.deepEqual((await h.processor.runCycle()).exports, []);
      }
      assert.deepEqual(await h.list('flexible', Export), []);
    } finally {
      await h.close();
    }
  });
});
