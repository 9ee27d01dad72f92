/**
 * `npm run bench -- emulator-processing`: a 1,000,000-row demo `Account` file (external ids and
 * addresses) processed end to end by the emulator (claim → validate → store in packages of 10,000
 * → move → reports), against a raw SQLite insert of the same rows (one prepared statement, one
 * transaction per 10,000 rows) as the ceiling. Prints rows/s of both, the ratio, and peak RSS.
 * Target: ≥ 50,000 rows/s end to end. Inputs go to os.tmpdir() and are deleted.
 */
import Database from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountSchema, contactSchema } from '../core/schema/demo-schemas.ts';
import { createProcessor } from '../server-emulator/processing/processor.ts';
import { setUpWorkspaces } from '../server-emulator/config/workspace-setup.ts';

const rowsWanted = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const industries = ['Retail', 'Healthcare', 'Manufacturing', 'Other'];
const header =
  'Name,Industry,Employees,AnnualRevenue,Website,Address,City,State,Zip,Country,Latitude,Longitude,ExternalDataObjectId,ExternalPinId';

function row(i: number): string {
  return `Company ${i},${industries[i % 4]},${(i % 5000) + 1},${(i % 100000) * 10}.50,https://c${i}.example.com,${i} Main Street,Springfield,IL,${String(10000 + (i % 89999))},USA,${(40 + (i % 1000) / 1000).toFixed(4)},${(-89 - (i % 1000) / 1000).toFixed(4)},ACC-${i},`;
}

async function writeInput(path: string): Promise<void> {
  const out = createWriteStream(path);
  let buf = header + '\n';
  for (let i = 1; i <= rowsWanted; i++) {
    buf += row(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const dir = await mkdtemp(join(tmpdir(), 'sia-bench-proc-'));
try {
  const workspaces = await setUpWorkspaces(dir, [
    {
      name: 'flexible',
      profile: 'flexible',
      users: [],
      schemas: [accountSchema, contactSchema],
      exportSchedule: 'none',
      pullSources: [],
    },
  ]);
  const ws = workspaces[0]!;
  const input = join(ws.root, 'DataObjects', 'Import', 'New', 'Account_bench.csv');
  await writeInput(input);
  const past = new Date(Date.now() - 5000);
  await utimes(input, past, past);
  const bytes = (await stat(input)).size;
  console.log(
    `input: ${rowsWanted.toLocaleString('en-US')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  );

  // 1. End to end through the processor.
  const processor = createProcessor({
    dataDir: join(dir, 'data'),
    workspaces,
    clock: Date.now,
    isOpenForWrite: () => false,
  });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const report = await processor.runCycle();
  const e2eMs = performance.now() - t0;
  const e2eCpu = cpuSeconds(process.cpuUsage(c0));
  const f = report.files[0];
  const stored = processor.db
    .prepare("SELECT count(*) FROM records WHERE object = 'Account'")
    .pluck(true)
    .get() as number;
  await processor.close();
  if (f?.status !== 'success' || stored !== rowsWanted) {
    throw new Error(
      `end-to-end run did not import everything: ${JSON.stringify(f)}, stored ${stored}`,
    );
  }

  // 2. The ceiling: a raw insert of the same rows (already-split values, one transaction per 10,000).
  const raw = new Database(join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(
    'CREATE TABLE records (id INTEGER PRIMARY KEY, ws INTEGER, object TEXT, ext_id TEXT, fields TEXT, created_at INTEGER, updated_at INTEGER)',
  );
  const ins = raw.prepare(
    'INSERT INTO records (ws, object, ext_id, fields, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?)',
  );
  const names = header.split(',');
  const tx = raw.transaction((from: number, to: number) => {
    const now = Date.now();
    for (let i = from; i < to; i++) {
      const cells = row(i).split(',');
      const values: Record<string, string> = {};
      for (let c = 0; c < names.length; c++) values[names[c]!] = cells[c] ?? '';
      ins.run('Account', values['ExternalDataObjectId'], JSON.stringify(values), now, now);
    }
  });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  for (let i = 1; i <= rowsWanted; i += 10_000) tx(i, Math.min(rowsWanted + 1, i + 10_000));
  const rawMs = performance.now() - t1;
  const rawCpu = cpuSeconds(process.cpuUsage(c1));
  raw.close();

  const e2eRate = rowsWanted / (e2eMs / 1000);
  const rawRate = rowsWanted / (rawMs / 1000);
  console.log(
    `end to end (claim, validate, store, move, reports): ${(e2eMs / 1000).toFixed(2)} s, ${Math.round(e2eRate).toLocaleString('en-US')} rows/s, ${(bytes / 1024 / 1024 / (e2eMs / 1000)).toFixed(1)} MiB/s`,
  );
  console.log(
    `raw SQLite insert (ceiling):                         ${(rawMs / 1000).toFixed(2)} s, ${Math.round(rawRate).toLocaleString('en-US')} rows/s`,
  );
  console.log(`ratio end-to-end / raw insert: ${(e2eRate / rawRate).toFixed(2)}`);
  // The machine may be shared: rows per CPU-second of this process are steadier than wall time.
  const e2eCpuRate = rowsWanted / e2eCpu;
  const rawCpuRate = rowsWanted / rawCpu;
  console.log(
    `per CPU-second: end to end ${Math.round(e2eCpuRate).toLocaleString('en-US')} rows, raw ${Math.round(rawCpuRate).toLocaleString('en-US')} rows, ratio ${(e2eCpuRate / rawCpuRate).toFixed(2)}`,
  );
  console.log(
    `load average during the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  console.log(
    `target 50,000 rows/s: ${e2eRate >= 50_000 ? 'met' : 'NOT met'} (${(e2eRate / 50_000).toFixed(2)}x)`,
  );
  console.log(`peak RSS: ${Math.round(peakRss / 1024 / 1024)} MiB`);
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}
