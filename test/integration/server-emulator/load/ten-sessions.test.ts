/**
 * A bounded load test of the emulator (issue 14): 10 SFTP sessions at once (the ssh2 client), each
 * uploading 10 CSVs of 2,000 rows with distinct ExternalLeadIds, then one processing cycle. Every
 * record is stored exactly once, nothing is left in New/, and a listing on an 11th session is
 * answered throughout (its slowest answer is printed). Bounded to finish well under 60 s.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';
import {
  close,
  connectRaw,
  open,
  statusOfCall,
  write,
  type RawSession,
} from '../sftp/raw-client.ts';

const New = '/Leads/Import/New';
const sessions = 10;
const filesPerSession = 10;
const rowsPerFile = 2_000;

function csvOf(session: number, file: number): Buffer {
  const lines = ['Company,Address,City,ExternalLeadId'];
  for (let r = 0; r < rowsPerFile; r++) {
    lines.push(`Co ${session}-${file}-${r},${r} Main St,Springfield,L-${session}-${file}-${r}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** Uploads `data` as `path` in 32 KiB writes, pipelined as a real client does. */
async function upload(s: RawSession, path: string, data: Buffer): Promise<void> {
  const h = await open(s.sftp, path, 'w');
  assert.equal(h.code, 0, h.message);
  const handle = h.value as Buffer;
  const writes: Promise<{ code: number; message: string }>[] = [];
  for (let at = 0; at < data.length; at += 32 * 1024) {
    writes.push(write(s.sftp, handle, data.subarray(at, at + 32 * 1024), at));
  }
  for (const w of await Promise.all(writes)) assert.equal(w.code, 0, w.message);
  const c = await close(s.sftp, handle);
  assert.equal(c.code, 0, c.message);
}

describe('load: ten SFTP sessions at once, then a processing cycle', { timeout: 60_000 }, () => {
  let emu: TestEmulator;
  before(async () => {
    // Ten uploading sessions plus the watching one, all from 127.0.0.1 (the default allows 10).
    emu = await startTestEmulator({ processing: true, limits: { maxSessionsPerAddress: 11 } });
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
  });

  it('stores every record exactly once, empties New/, and keeps answering', async () => {
    const started = Date.now();
    const watcher = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    let watching = true;
    let listings = 0;
    let slowestMs = 0;
    const failures: string[] = [];
    const watch = (async () => {
      while (watching) {
        const t0 = Date.now();
        const r = await statusOfCall((cb) => watcher.sftp.readdir('/', cb));
        slowestMs = Math.max(slowestMs, Date.now() - t0);
        if (r.code !== 0) failures.push(r.message);
        listings++;
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    try {
      const clients = await Promise.all(
        Array.from({ length: sessions }, () =>
          connectRaw(emu.port, { username: 'classic', password: 'demo' }),
        ),
      );
      try {
        await Promise.all(
          clients.map(async (s, i) => {
            for (let f = 0; f < filesPerSession; f++) {
              await upload(s, `${New}/load-${i}-${f}.csv`, csvOf(i, f));
            }
          }),
        );
      } finally {
        await Promise.all(clients.map((s) => s.end()));
      }
      const newDir = join(emu.rootOf('classic'), 'Leads', 'Import', 'New');
      assert.equal((await readdir(newDir)).length, sessions * filesPerSession);
      // contract §4: a file seen for the first time must be a second old.
      await new Promise((res) => setTimeout(res, 1100));
      const report = await emu.processNow();
      assert.ok(report);
      assert.deepEqual(report.problems, []);
      assert.equal(report.files.length, sessions * filesPerSession);
      assert.ok(report.files.every((f) => f.status === 'success'));
      assert.deepEqual(await readdir(newDir), []);
    } finally {
      watching = false;
      await watch;
      await watcher.end();
    }

    const db = new Database(join(emu.dataDir, 'emulator.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare("SELECT ext_id FROM records WHERE object = 'Lead' AND ext_id LIKE 'L-%'")
        .pluck(true)
        .all() as string[];
      const expected = new Set<string>();
      for (let i = 0; i < sessions; i++) {
        for (let f = 0; f < filesPerSession; f++) {
          for (let r = 0; r < rowsPerFile; r++) expected.add(`L-${i}-${f}-${r}`);
        }
      }
      assert.equal(rows.length, expected.size, 'each record stored once');
      assert.equal(new Set(rows).size, rows.length, 'no record twice');
      assert.ok(
        rows.every((id) => expected.has(id)),
        'only the uploaded records',
      );
    } finally {
      db.close();
    }
    const tookMs = Date.now() - started;
    console.log(
      `load: ${sessions * filesPerSession * rowsPerFile} records in ${tookMs} ms; ${listings} listings, slowest ${slowestMs} ms`,
    );
    assert.deepEqual(failures, [], 'every listing answered');
    assert.ok(listings > 5, `listings answered throughout (${listings})`);
    assert.ok(slowestMs < 10_000, `slowest listing ${slowestMs} ms`);
    assert.ok(tookMs < 60_000, `took ${tookMs} ms`);
  });
});
