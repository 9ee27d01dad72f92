/**
 * Restart safety from outside (contract §5.9): the real CLI in a child process is killed with
 * SIGKILL while it processes a large file uploaded over SFTP (once right after the claim, once
 * with packages already committed), restarted on the same data folder each time, and must end
 * with every record exactly once, one outcome in Failed/, and nothing stuck.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import SftpClient from 'ssh2-sftp-client';
import { parseErrorsCsv, parseImportResult } from '../../../../core/report/index.ts';
import { adminLine, adminPath, runCli, type Running } from './cli-process.ts';

const total = 200_000;
/** Spreadsheet row 123,458 (data row 123,456) has no Name: the file ends in Failed/. */
const badIndex = 123_456;
const dirs: string[] = [];
const children: Running[] = [];
after(async () => {
  // A failed assertion must not leave an emulator running.
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function bigAccountCsv(): string {
  const lines = ['Name,Industry,Address,City,ExternalDataObjectId'];
  for (let i = 0; i < total; i++) {
    const name = i === badIndex ? '' : `Kill Co ${i}`;
    lines.push(`${name},Retail,${i} Signal St,Springfield,${i % 2 === 0 ? `K-${i}` : ''}`);
  }
  return lines.join('\r\n') + '\r\n';
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Started = { r: Running; port: number; admin: string };

async function start(data: string): Promise<Started> {
  const r = runCli([
    '--demo',
    '--port',
    '0',
    '--admin-port',
    '0',
    '--data',
    data,
    '--interval',
    '300ms',
  ]);
  children.push(r);
  const port = Number((await r.waitFor(/^listening on 127\.0\.0\.1:(\d+)$/))[1]);
  const admin = (await r.waitFor(adminLine))[1]!;
  return { r, port, admin };
}

/** Account records stored, as the admin API reports them. */
async function storedAccounts(admin: string): Promise<number> {
  const res = await fetch(
    adminPath(admin, 'api/workspaces/flexible/records?object=Account&limit=1'),
    {
      signal: AbortSignal.timeout(5000),
    },
  );
  return ((await res.json()) as { total: number }).total;
}

/** Account records in the database of a stopped emulator. */
function storedNow(data: string): number {
  const db = new Database(join(data, 'emulator.sqlite'), { readonly: true });
  try {
    return db
      .prepare("SELECT count(*) FROM records WHERE object = 'Account'")
      .pluck(true)
      .get() as number;
  } finally {
    db.close();
  }
}

async function kill9(s: Started): Promise<void> {
  s.r.child.kill('SIGKILL');
  assert.equal(await s.r.exited, null, 'killed, not exited');
  assert.equal(s.r.child.signalCode, 'SIGKILL');
}

describe('kill -9 of the emulator while it processes a large file', { timeout: 300_000 }, () => {
  it('finishes the file exactly once after two kills mid-processing', async (t) => {
    const data = await mkdtemp(join(tmpdir(), 'sia-kill9-'));
    dirs.push(data);
    const local = join(data, '..', `${data.split('/').pop()}-Account_big.csv`);
    dirs.push(local);
    await writeFile(local, bigAccountCsv());
    const processing = join(data, 'processing', 'flexible');
    const claimed = async () =>
      (await readdir(processing)).find((n) => n.endsWith('__Account_big.csv')) ?? undefined;

    // 1. Upload over SFTP; kill as soon as the file has been claimed.
    let s = await start(data);
    const sftp = new SftpClient();
    try {
      await sftp.connect({
        host: '127.0.0.1',
        port: s.port,
        username: 'flexible',
        password: 'demo',
      });
      await sftp.put(local, '/DataObjects/Import/New/Account_big.csv');
    } finally {
      await sftp.end().catch(() => undefined);
    }
    await until('the claim', claimed, 30_000);
    await kill9(s);
    const afterFirst = storedNow(data);
    assert.ok(afterFirst < total - 1, `the first kill came before the end (${afterFirst} stored)`);

    // 2. Restart: the journal re-processes the claim; kill once this run has committed packages
    // beyond what the first one left (redone rows update, so the count grows only past them).
    s = await start(data);
    await until(
      'committed packages',
      async () => {
        const n = await storedAccounts(s.admin);
        return n > afterFirst ? n : undefined;
      },
      60_000,
    );
    await kill9(s);
    const atKill = storedNow(data);
    t.diagnostic(`kill -9 with ${afterFirst}, then ${atKill} of ${total - 1} rows stored`);
    assert.ok(atKill < total - 1, `killed mid-file (${atKill} rows stored), not after it`);
    assert.ok(await claimed(), 'the claimed file waits in the processing area');

    // 3. Restart and let it finish.
    s = await start(data);
    const failedDir = join(data, 'workspaces', 'flexible', 'DataObjects', 'Import', 'Failed');
    await until(
      'the result',
      async () =>
        (await readdir(failedDir)).includes('Account_big.csv.result.json') ? true : undefined,
      120_000,
    );
    assert.equal(await storedAccounts(s.admin), total - 1);
    // The processing log line is written after the report: wait for it, then it must say how the
    // file ended (`until` fails the test, naming what it waited for, if it never comes).
    const ended = `Failed: ${total - 1} of ${total} rows imported, 1 failed`;
    await until(
      'the processing log line of how the file ended',
      async () => {
        const log = (await (await fetch(adminPath(s.admin, 'api/log'))).json()) as {
          message: string;
        }[];
        return log.some((e) => e.message.startsWith(ended)) ? true : undefined;
      },
      30_000,
    );
    s.r.child.kill('SIGTERM');
    assert.equal(await s.r.exited, 0);

    const db = new Database(join(data, 'emulator.sqlite'), { readonly: true });
    try {
      const one = (sql: string) => db.prepare(sql).pluck(true).get() as number;
      const acc = "FROM records WHERE object = 'Account'";
      assert.equal(one(`SELECT count(*) ${acc}`), total - 1, 'every valid row once');
      assert.equal(one(`SELECT count(DISTINCT json_extract(fields, '$.Name')) ${acc}`), total - 1);
      assert.equal(
        one(`SELECT count(*) ${acc} AND ext_id IS NOT NULL`),
        total / 2 - 1,
        'even rows but the bad one',
      );
      const claims = db.prepare('SELECT state, attempts FROM claims').all() as {
        state: string;
        attempts: number;
      }[];
      assert.equal(claims.length, 1, 'one claim for one file');
      assert.equal(claims[0]?.state, 'done');
      // 3, or 2 when the first kill landed between the claim and its first attempt.
      assert.ok([2, 3].includes(claims[0]?.attempts ?? 0), `attempts: ${claims[0]?.attempts}`);
    } finally {
      db.close();
    }
    const importDir = join(data, 'workspaces', 'flexible', 'DataObjects', 'Import');
    assert.deepEqual(await readdir(join(importDir, 'New')), []);
    assert.deepEqual(await readdir(join(importDir, 'Success')), []);
    assert.deepEqual((await readdir(failedDir)).sort(), [
      'Account_big.csv',
      'Account_big.csv.errors.csv',
      'Account_big.csv.result.json',
    ]);
    assert.deepEqual(await readdir(processing), [], 'nothing stuck in the processing area');
    const result = parseImportResult(
      await readFile(join(failedDir, 'Account_big.csv.result.json'), 'utf8'),
    );
    assert.ok(result.ok);
    assert.deepEqual(
      [
        result.value.rowsTotal,
        result.value.rowsImported,
        result.value.rowsFailed,
        result.value.packages,
      ],
      [total, total - 1, 1, 20],
    );
    const errors = await readFile(join(failedDir, 'Account_big.csv.errors.csv'), 'utf8');
    assert.ok(parseErrorsCsv(errors).ok);
    assert.match(
      errors,
      new RegExp(`^Row,Column,Value,Error\\r\\n${badIndex + 2},Name,,[^\\r]*\\r\\n$`),
    );
  });
});
