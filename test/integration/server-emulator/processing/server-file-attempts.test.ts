/**
 * The attempt limit for the profiles without a Failed/ folder (issue 14): a file in a space's or a
 * contact-lists user's `/` that cannot be taken (here: a name the rules refuse, left on disk by an
 * older server or an administrator) is tried maxAttempts times, then stays where it is with
 * `.<name>.result.json` beside it (processing-failed) and is never tried again — across emulator
 * restarts, since the count is in SQLite. A new upload under that name starts a fresh count.
 * Against the real emulator; OpenSSH's sftp reads what a customer would see.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxAttempts } from '../../../../server-emulator/processing/drops.ts';
import { reportNameFor } from '../../../../server-emulator/processing/server-file-attempts.ts';
import { runSftpBatch } from '../../../helpers/openssh.ts';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';

type Report = { status: string; file: string; fileError?: { code: string; message: string } };

/** Lists `/` of the space and fetches the report of `bad` with OpenSSH's sftp, and checks both. */
async function checkOverOpenSsh(emu: TestEmulator, work: string, bad: string): Promise<void> {
  const reportName = reportNameFor(bad);
  assert.equal(reportName, '.bad_name.csv.result.json');
  const space = emu.users.find((u) => u.workspace === 'space');
  assert.ok(space);
  const r = await runSftpBatch({
    host: '127.0.0.1',
    port: emu.port,
    user: space.username,
    password: space.password,
    commands: ['ls -1a /', `get /${reportName} report.json`],
    cwd: work,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /bad.name\.csv/);
  assert.ok(r.stdout.includes(reportName), r.stdout);
  const report = JSON.parse(await readFile(join(work, 'report.json'), 'utf8')) as Report;
  assert.equal(report.status, 'failed');
  assert.equal(report.file, 'bad_name.csv');
  assert.equal(report.fileError?.code, 'processing-failed');
  assert.match(report.fileError?.message ?? '', new RegExp(`after ${maxAttempts} attempts`));
  assert.match(report.fileError?.message ?? '', /control characters/);
}

type Logged = { level: string; message: string; workspace?: string; file?: string };

describe('space and contact-lists: a file that cannot be taken', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it(`stops being tried after ${maxAttempts} attempts, stays with a report, and a restart does not restart the count`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sia-server-attempts-'));
    dirs.push(dataDir);
    const work = await mkdtemp(join(tmpdir(), 'sia-server-attempts-work-'));
    dirs.push(work);
    const badSpace = 'bad\u0001name.csv';
    const badList = `${'L'.repeat(230)}.csv`;
    const logs: Logged[] = [];
    const start = async (): Promise<TestEmulator> => {
      const emu = await startTestEmulator({ processing: true, dataDir });
      emu.events.on('log', (e) => logs.push(e));
      return emu;
    };
    const settle = async (path: string) => {
      const past = new Date(Date.now() - 5000);
      await utimes(path, past, past);
    };
    const cycle = async (emu: TestEmulator) => {
      const r = await emu.processNow();
      assert.ok(r);
      assert.deepEqual(r.problems, []);
      return r.files.filter((f) => f.workspace !== 'classic' && f.workspace !== 'flexible');
    };
    const attemptsOf = (file: string) =>
      logs.filter((l) => l.file === file && /^Could not take the file/.test(l.message));

    let emu = await start();
    const spaceRoot = emu.rootOf('space');
    const listRoot = emu.rootOf('contact-lists');
    await writeFile(join(spaceRoot, badSpace), 'Name\nAnn\n');
    await writeFile(join(listRoot, badList), 'Phone\n555-0100\n');
    await settle(join(spaceRoot, badSpace));
    await settle(join(listRoot, badList));
    try {
      // Two attempts, then a restart in the middle of the count.
      for (let i = 1; i <= 2; i++) assert.deepEqual(await cycle(emu), []);
    } finally {
      await emu.close();
    }
    emu = await start();
    try {
      // A good file beside them is taken as usual: the bad ones block nothing.
      await writeFile(join(spaceRoot, 'good.csv'), 'Name\nBob\n');
      await settle(join(spaceRoot, 'good.csv'));
      for (let i = 3; i < maxAttempts; i++) {
        const files = await cycle(emu);
        assert.deepEqual(
          files.map((f) => [f.file, f.status]),
          i === 3 ? [['good.csv', 'stored']] : [],
          `cycle ${i}`,
        );
      }
      const last = await cycle(emu);
      assert.deepEqual(last.map((f) => [f.workspace, f.status]).sort(), [
        ['contact-lists', 'failed'],
        ['space', 'failed'],
      ]);
      for (const file of [badSpace, badList]) {
        const tries = attemptsOf(file);
        assert.deepEqual(
          tries.map((l) => l.level),
          [...Array<string>(maxAttempts - 1).fill('warn'), 'error'],
          tries.map((l) => l.message).join('\n'),
        );
        assert.match(tries[1]?.message ?? '', new RegExp(`attempt 2 of ${maxAttempts}`));
        assert.match(tries.at(-1)?.message ?? '', /stays on the server with the report/);
      }

      // What the space's customer sees with OpenSSH: the file is still there (not taken), and
      // the report beside it says why.
      await checkOverOpenSsh(emu, work, badSpace);
      const listReport = JSON.parse(
        await readFile(join(listRoot, reportNameFor(badList)), 'utf8'),
      ) as Report;
      assert.match(listReport.fileError?.message ?? '', /the name is too long/);

      // Given up: the next cycles leave them alone (no attempt, no log line).
      assert.deepEqual(await cycle(emu), []);
    } finally {
      await emu.close();
    }
    // ...and so does a restarted emulator.
    emu = await start();
    try {
      const before = logs.length;
      assert.deepEqual(await cycle(emu), []);
      assert.deepEqual(
        logs.slice(before).filter((l) => l.file === badSpace || l.file === badList),
        [],
      );
      assert.ok((await stat(join(spaceRoot, badSpace))).isFile(), 'still where it was');

      // A new upload under the same name is a new file: its count starts again at 1.
      await writeFile(join(spaceRoot, badSpace), 'Name\nAnn\nCid\n');
      await settle(join(spaceRoot, badSpace));
      const seen = logs.length;
      assert.deepEqual(await cycle(emu), []);
      const fresh = logs.slice(seen).filter((l) => l.file === badSpace);
      assert.deepEqual(
        fresh.map((l) => l.message.match(/attempt \d+ of \d+/)?.[0]),
        [`attempt 1 of ${maxAttempts}`],
      );
      // The report was of the file given up, not of this one: it is gone with it.
      await assert.rejects(stat(join(spaceRoot, reportNameFor(badSpace))), { code: 'ENOENT' });
    } finally {
      await emu.close();
    }
  });
});
