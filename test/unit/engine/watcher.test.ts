import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import type { SftpSession } from '../../../engine/transport/sftp/connect.ts';
import { fail, ok } from '../../../engine/result.ts';
import { sameFile, watchOutcome } from '../../../engine/watcher.ts';
import { profiles } from '../../../core/profiles/profiles.ts';

/** A session over an in-memory tree of files (path → content). */
function memorySession(files: Map<string, string>): SftpSession {
  const dirs = () => new Set([...files.keys()].flatMap((p) => ancestors(p)));
  const s: Partial<SftpSession> = {
    closed: false,
    exists: (p) => Promise.resolve(ok(files.has(p) || dirs().has(p))),
    stat: (p) =>
      Promise.resolve(
        files.has(p)
          ? ok({ size: files.get(p)!.length, mtimeMs: 0, isDirectory: false })
          : dirs().has(p)
            ? ok({ size: 0, mtimeMs: 0, isDirectory: true })
            : fail('not-found', 'no'),
      ),
    list: (dir) =>
      Promise.resolve(
        ok(
          [...files.keys()]
            .filter((p) => posix.dirname(p) === dir)
            .map((p) => ({
              name: posix.basename(p),
              size: files.get(p)!.length,
              mtimeMs: 0,
              isDirectory: false,
            })),
        ),
      ),
    readFile: (p) =>
      Promise.resolve(files.has(p) ? ok(Buffer.from(files.get(p)!)) : fail('not-found', 'no')),
    reconnect: () => Promise.resolve(ok(undefined)),
  };
  return s as SftpSession;
}

function ancestors(p: string): string[] {
  const out: string[] = [];
  let d = posix.dirname(p);
  while (d !== '/') {
    out.push(d);
    d = posix.dirname(d);
  }
  return out;
}

/** A fake clock; sleep advances it and runs a hook (the "platform" acting between polls). */
function fakeTime(onSleep: (now: number) => void = () => undefined) {
  let now = Date.parse('2026-01-01T10:00:00Z');
  return {
    clock: () => now,
    sleep: (ms: number) => {
      now += ms;
      onSleep(now);
      return Promise.resolve();
    },
  };
}

const result = (over: object) =>
  JSON.stringify({
    status: 'success',
    file: 'x.csv',
    object: 'Lead',
    rowsTotal: 2,
    rowsImported: 2,
    rowsFailed: 0,
    packages: 1,
    warnings: [],
    errors: [],
    startedAt: '2026-01-01T10:00:30Z',
    finishedAt: '2026-01-01T10:00:31Z',
    ...over,
  });

describe('watchOutcome follows the profile signal', () => {
  it('reports timeout once the expected window passes with the file still in New/', async () => {
    const files = new Map([['/Leads/Import/New/x.csv', 'a']]);
    const t = fakeTime();
    const updates: string[] = [];
    const r = await watchOutcome({
      session: memorySession(files),
      profile: profiles.classic,
      remotePath: '/Leads/Import/New/x.csv',
      ...t,
      pollMs: 60_000,
      onUpdate: (u) => updates.push(u.phase),
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'timeout');
    assert.match(r.value.message, /every hour/);
    // Two cycles of an hour plus a minute, polled each minute.
    assert.equal(updates.length, 121);
    assert.ok(t.clock() - Date.parse('2026-01-01T10:00:00Z') >= 2 * 3_600_000);
  });

  it('finds the file in Success/ with its result.json, even renamed with a (2) suffix', async () => {
    const files = new Map([
      ['/Leads/Import/New/x.csv', 'a'],
      ['/Leads/Import/Success/x.csv', 'old'],
      [
        '/Leads/Import/Success/x.csv.result.json',
        result({ finishedAt: '2025-12-31T10:00:00Z', rowsImported: 9 }),
      ],
    ]);
    const t = fakeTime(() => {
      files.delete('/Leads/Import/New/x.csv');
      files.set('/Leads/Import/Success/x (2).csv', 'a');
      files.set('/Leads/Import/Success/x (2).csv.result.json', result({ file: 'x (2).csv' }));
    });
    const r = await watchOutcome({
      session: memorySession(files),
      profile: profiles.classic,
      remotePath: '/Leads/Import/New/x.csv',
      ...t,
      pollMs: 1000,
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'imported');
    assert.equal(r.value.where, '/Leads/Import/Success/x (2).csv');
    assert.equal(r.value.result?.rowsImported, 2, 'the old report from yesterday is not taken');
  });

  it('by default looks 1 s after the upload, then further apart up to 30 s for SPOTIO', async () => {
    const files = new Map([['/Leads/Import/New/x.csv', 'a']]);
    const start = Date.parse('2026-01-01T10:00:00Z');
    const sleeps: number[] = [];
    // The platform answers 5 s after the upload (an emulator on a short cycle).
    const t = fakeTime((now) => {
      if (now - start < 5000 || !files.has('/Leads/Import/New/x.csv')) return;
      files.delete('/Leads/Import/New/x.csv');
      files.set('/Leads/Import/Success/x.csv', 'a');
      files.set(
        '/Leads/Import/Success/x.csv.result.json',
        result({ finishedAt: new Date(now).toISOString() }),
      );
    });
    const r = await watchOutcome({
      session: memorySession(files),
      profile: profiles.classic,
      remotePath: '/Leads/Import/New/x.csv',
      clock: t.clock,
      sleep: (ms) => {
        sleeps.push(ms);
        return t.sleep(ms);
      },
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'imported');
    // Looks at 0, 1, 2, 3, 4.5 and 6.75 s: seen 1.75 s after the answer, not at the old 30 s.
    assert.deepEqual(sleeps, [1000, 1000, 1000, 1500, 2250]);
    assert.equal(t.clock() - start, 6750);

    // With no answer, the waits grow to the ceiling (a 60th of the hour) and stay there.
    files.clear();
    files.set('/Leads/Import/New/y.csv', 'a');
    sleeps.length = 0;
    const quiet = fakeTime();
    const late = await watchOutcome({
      session: memorySession(files),
      profile: profiles.classic,
      remotePath: '/Leads/Import/New/y.csv',
      clock: quiet.clock,
      sleep: (ms) => {
        sleeps.push(ms);
        return quiet.sleep(ms);
      },
      expectedWaitMs: 5 * 60_000,
    });
    assert.ok(late.ok);
    assert.equal(late.value.status, 'timeout');
    assert.equal(Math.max(...sleeps), 30_000);
    assert.deepEqual(sleeps.slice(-3), [30_000, 30_000, 30_000]);
    assert.ok(sleeps.length < 25, `${sleeps.length} checks in 5 minutes`);
  });

  it('reads failed rows from Failed/<file>.errors.csv', async () => {
    const files = new Map([['/DataObjects/Import/New/Account_x.csv', 'a']]);
    const t = fakeTime(() => {
      files.delete('/DataObjects/Import/New/Account_x.csv');
      files.set('/DataObjects/Import/Failed/Account_x.csv', 'a');
      files.set(
        '/DataObjects/Import/Failed/Account_x.csv.result.json',
        result({
          status: 'failed',
          file: 'Account_x.csv',
          object: 'Account',
          rowsImported: 1,
          rowsFailed: 1,
          errorCount: 2,
        }),
      );
      files.set(
        '/DataObjects/Import/Failed/Account_x.csv.errors.csv',
        'Row,Column,Value,Error\r\n3,Employees,x,"""x"" is not a whole number"\r\n3,Website,"\'=1+2",not a URL\r\n',
      );
    });
    const r = await watchOutcome({
      session: memorySession(files),
      profile: profiles.flexible,
      remotePath: '/DataObjects/Import/New/Account_x.csv',
      ...t,
      pollMs: 1000,
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'failed');
    assert.deepEqual(r.value.errors, [
      { row: 3, column: 'Employees', value: 'x', message: '"x" is not a whole number' },
      { row: 3, column: 'Website', value: "'=1+2", message: 'not a URL' },
    ]);
    assert.equal(r.value.errorCount, 2);
    assert.match(r.value.message, /1 of 2 row\(s\) failed/);
  });

  it('treats disappearance as success for a Flatfile space', async () => {
    const files = new Map([['/data.csv', 'a']]);
    const t = fakeTime(() => files.clear());
    const r = await watchOutcome({
      session: memorySession(files),
      profile: profiles.space,
      remotePath: '/data.csv',
      ...t,
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'removed');
  });

  it('treats disappearance as moved into the file list for Ocelot, mentioning the 14 days', async () => {
    const files = new Map([['/list.csv', 'a']]);
    const t = fakeTime(() => files.clear());
    const r = await watchOutcome({
      session: memorySession(files),
      profile: profiles['contact-lists'],
      remotePath: '/list.csv',
      ...t,
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'moved-away');
    assert.match(r.value.message, /14 days/);
  });

  it('ends the wait when a space or contact list gave up on the file and left a report beside it', async () => {
    for (const [profile, path] of [
      [profiles.space, '/data.csv'],
      [profiles['contact-lists'], '/list.csv'],
    ] as const) {
      const report = `/.${posix.basename(path)}.result.json`;
      const files = new Map<string, string>([[path, 'a']]);
      // An older give-up (before this upload) does not count; the one written now does.
      files.set(report, JSON.stringify({ status: 'failed', finishedAt: '2025-12-31T10:00:00Z' }));
      const t = fakeTime((now) =>
        files.set(
          report,
          JSON.stringify({
            status: 'failed',
            file: posix.basename(path),
            finishedAt: new Date(now).toISOString(),
            fileError: {
              code: 'processing-failed',
              message: 'could not be taken after 5 attempts: the file could not be moved (EACCES)',
            },
          }),
        ),
      );
      const r = await watchOutcome({
        session: memorySession(files),
        profile,
        remotePath: path,
        ...t,
      });
      assert.ok(r.ok);
      assert.equal(r.value.status, 'failed');
      assert.match(r.value.message, /The file failed: could not be taken after 5 attempts/);
      assert.ok(files.has(path), 'the file itself stays where it was');
    }
  });

  it('keeps waiting past an old give-up report from before this upload', async () => {
    const files = new Map([
      ['/data.csv', 'a'],
      [
        '/.data.csv.result.json',
        JSON.stringify({ status: 'failed', finishedAt: '2025-01-01T00:00:00Z' }),
      ],
    ]);
    const r = await watchOutcome({
      session: memorySession(files),
      profile: profiles.space,
      remotePath: '/data.csv',
      expectedWaitMs: 5_000,
      pollMs: 1_000,
      ...fakeTime(),
    });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'timeout');
  });

  it('can be cancelled', async () => {
    const c = new AbortController();
    c.abort();
    const r = await watchOutcome({
      session: memorySession(new Map([['/a.csv', 'x']])),
      profile: profiles.space,
      remotePath: '/a.csv',
      ...fakeTime(),
      signal: c.signal,
    });
    assert.equal(r.ok, false);
  });
});

describe('sameFile', () => {
  it('matches the name and its (N) renames only', () => {
    assert.equal(sameFile('x.csv', 'x.csv'), true);
    assert.equal(sameFile('x (2).csv', 'x.csv'), true);
    assert.equal(sameFile('x (a).csv', 'x.csv'), false);
    assert.equal(sameFile('xx.csv', 'x.csv'), false);
    assert.equal(sameFile('x.csv.result.json', 'x.csv'), false);
  });
});
