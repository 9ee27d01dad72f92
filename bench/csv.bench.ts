/**
 * `npm run bench -- csv`: the streaming CSV validator against the floor (read + UTF-8 decode) and
 * two parsers alone (papaparse, udsv), on a generated 1,000,000-row Account file (~110 MB, ~1% bad
 * values) in os.tmpdir(). Each contender runs in its own child process, so its peak RSS is its
 * own. Targets (docs/csv-validator.md): ours ≥ 1.0× papaparse-alone throughput, peak RSS < 150 MB.
 * node.
 *
 * Options: `--rows=N` (default 1,000,000), `--runs=N` (interleaved rounds, best of N, default 3), `--keep` (keep the
 * file), `--file=PATH` (use an existing file), `--modes=a,b` (run only these contenders).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { nodeAsciiDecoding } from '../engine/ascii-decoding.ts';
import { readFileChunks } from '../cli/validate-command.ts';
import type * as PapaModule from 'papaparse';
import type * as UdsvModule from 'udsv';
import type * as ValidatorModule from '../core/csv/validator.ts';
import type * as SchemasModule from '../core/schema/demo-schemas.ts';
import { seededRandom } from './bench-files.ts';

type Mode = 'floor' | 'papaparse' | 'udsv' | 'ours' | 'ours+packages';
type Figures = { mode: Mode; seconds: number; cpuSeconds: number; rows: number; peakRssMb: number };

const chunkBytes = 1024 * 1024;

/* ------------------------------------------------------------------ generator */

const header =
  'Name,Industry,Employees,AnnualRevenue,Website,Address,City,State,Zip,Country,Latitude,Longitude,ExternalDataObjectId,ExternalPinId';
const industries = ['Retail', 'Healthcare', 'Manufacturing', 'Other', 'retail'];
const cities = ['Springfield', 'Austin', 'Portland', 'Denver', 'Madison', 'Salem'];
const states = ['IL', 'TX', 'OR', 'CO', 'WI', 'MA'];

/** One data row; about 1% of rows carry one bad value. */
function makeRow(i: number, r: () => number): string {
  const bad = r() < 0.01 ? Math.floor(r() * 6) : -1;
  const name = bad === 0 ? '' : `Acme ${i}`;
  const industry = bad === 1 ? 'Mining' : industries[i % industries.length]!;
  const employees = bad === 2 ? '12.5' : String(Math.floor(r() * 5000));
  const revenue =
    i % 3 === 0
      ? `"$${(i % 997) + 1},${String(i % 1000).padStart(3, '0')}.50"`
      : `${(r() * 1e6).toFixed(2)}`;
  const website = bad === 3 ? 'www.acme.com' : `https://a${i}.com`;
  const address = i % 10 === 0 ? `"${i % 9999} Main St, Suite ${i % 50}"` : `${i % 9999} Main St`;
  const lat = bad === 4 ? '95.5' : (r() * 180 - 90).toFixed(4);
  const lon = (r() * 360 - 180).toFixed(4);
  const ext = bad === 5 ? `A${i - 1}` : `A${i}`;
  return `${name},${industry},${employees},${revenue},${website},${address},${cities[i % 6]!},${states[i % 6]!},${String(10000 + (i % 89999))},US,${lat},${lon},${ext},P${i % 50000}`;
}

/** Writes the benchmark file; resolves to its size in bytes. */
export async function generateAccountCsv(
  path: string,
  rows: number,
  eol = '\r\n',
): Promise<number> {
  const r = seededRandom(42);
  const out = createWriteStream(path);
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(header + eol);
  let block: string[] = [];
  for (let i = 1; i <= rows; i++) {
    block.push(makeRow(i, r));
    if (block.length === 5000 || i === rows) {
      await write(block.join(eol) + eol);
      block = [];
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
  return statSync(path).size;
}

/* ------------------------------------------------------------------ contenders (child side) */

/** Reads the file as the CLI does: 1 MiB chunks into one reused buffer. */
function forEachChunk(path: string, onChunk: (b: Uint8Array) => void): Promise<void> {
  return readFileChunks(path, onChunk, chunkBytes);
}

async function runFloor(path: string): Promise<number> {
  const d = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  await forEachChunk(path, (b) => {
    const s = d.decode(b, { stream: true });
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
  });
  d.decode();
  return lines - 1;
}

async function runPapaparse(path: string): Promise<number> {
  const Papa = await lib.papaparse!;
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(path, { highWaterMark: chunkBytes, encoding: 'utf8' }), {
      chunk: (res: { data: unknown[] }) => {
        rows += res.data.length;
      },
      complete: () => resolve(),
      error: (e: Error) => reject(e),
    });
  });
  return rows - 1;
}

async function runUdsv(path: string): Promise<number> {
  const { inferSchema, initParser } = await lib.udsv!;
  let parser: ReturnType<typeof initParser> | undefined;
  let rows = 0;
  const d = new TextDecoder('utf-8', { fatal: true });
  const onData = (): void => {
    rows++;
  };
  await forEachChunk(path, (b) => {
    const s = d.decode(b, { stream: true });
    parser ??= initParser(inferSchema(s));
    parser.chunk<string[]>(s, parser.stringArrs, onData);
  });
  parser?.end();
  return rows;
}

async function runOurs(path: string, withPackages: boolean): Promise<number> {
  const { createCsvValidator } = await lib.validator!;
  const { accountSchema } = await lib.schemas!;
  let packaged = 0;
  let chars = 0;
  const v = createCsvValidator(accountSchema, {
    externalIdColumn: 'ExternalDataObjectId',
    ascii: nodeAsciiDecoding, // as the CLI and the emulator run it
    // the emulator's path: column-oriented packages of 10,000 rows, every value read (as a
    // string) the way the emulator reads the rows it stores
    ...(withPackages
      ? {
          onColumnPackage: (p) => {
            packaged += p.count;
            const cells = p.count * p.columns.length;
            for (let i = 0; i < cells; i++) chars += p.value(i).length;
          },
        }
      : {}),
  });
  await forEachChunk(path, (b) => v.push(b));
  const s = v.end();
  if (s.fileError) throw new Error(s.fileError.message);
  if (withPackages && (packaged !== s.rowsTotal || chars === 0)) {
    throw new Error(`packaged ${packaged} of ${s.rowsTotal} rows, ${chars} characters`);
  }
  process.stderr.write(
    `  (ours: ${s.rowsInvalid} invalid rows, ${s.problemCount} problems, ${s.packages} packages)\n`,
  );
  return s.rowsTotal;
}

/** Libraries, loaded before the clock starts (tsx compiles our TypeScript on import). */
const lib: {
  papaparse?: Promise<typeof PapaModule>;
  udsv?: Promise<typeof UdsvModule>;
  validator?: Promise<typeof ValidatorModule>;
  schemas?: Promise<typeof SchemasModule>;
} = {};

async function child(mode: Mode, path: string): Promise<void> {
  if (mode === 'papaparse') {
    await (lib.papaparse = import('papaparse').then((m) =>
      'default' in m ? (m.default as typeof m) : m,
    ));
  }
  if (mode === 'udsv') await (lib.udsv = import('udsv'));
  if (mode === 'ours' || mode === 'ours+packages') {
    await (lib.validator = import('../core/csv/validator.ts'));
    await (lib.schemas = import('../core/schema/demo-schemas.ts'));
  }
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let rows: number;
  switch (mode) {
    case 'floor':
      rows = await runFloor(path);
      break;
    case 'papaparse':
      rows = await runPapaparse(path);
      break;
    case 'udsv':
      rows = await runUdsv(path);
      break;
    case 'ours':
      rows = await runOurs(path, false);
      break;
    case 'ours+packages':
      rows = await runOurs(path, true);
      break;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ mode, seconds, cpuSeconds, rows, peakRssMb } satisfies Figures) + '\n',
  );
}

/* ------------------------------------------------------------------ parent */

/** One run of one contender in a fresh child process. */
function measureOnce(mode: Mode, path: string): Figures {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), `--child=${mode}`, path],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Figures;
}

/**
 * Runs every contender once per round, `runs` rounds (interleaved, so a busy moment on a shared
 * machine hits all of them alike), and keeps each one's fastest run and highest peak RSS.
 */
function measureAll(modes: readonly Mode[], path: string, runs: number): Map<Mode, Figures> {
  const best = new Map<Mode, Figures>();
  for (let k = 0; k < runs; k++) {
    for (const m of modes) {
      const f = measureOnce(m, path);
      const b = best.get(m);
      if (!b || f.seconds < b.seconds) {
        best.set(m, { ...f, peakRssMb: Math.max(f.peakRssMb, b?.peakRssMb ?? 0) });
      } else b.peakRssMb = Math.max(b.peakRssMb, f.peakRssMb);
    }
  }
  return best;
}

async function parent(): Promise<void> {
  const arg = (name: string): string | undefined =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rows = Number(arg('rows') ?? 1_000_000);
  const runs = Number(arg('runs') ?? 3);
  const given = arg('file');
  const dir = mkdtempSync(join(tmpdir(), 'csv-bench-'));
  const path = given ?? join(dir, 'Account_bench.csv');
  try {
    const t0 = Date.now();
    const bytes = given ? statSync(given).size : await generateAccountCsv(path, rows);
    const mb = bytes / 1e6;
    console.log(
      `${given ? 'using' : 'generated'} ${given ? 'a file of' : rows.toLocaleString('en-US') + ' rows,'} ${mb.toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${path}`,
    );
    const only = arg('modes')?.split(',') as Mode[] | undefined;
    const modes: Mode[] = only ?? ['floor', 'papaparse', 'udsv', 'ours', 'ours+packages'];
    const results = measureAll(modes, path, runs);
    for (const m of modes) {
      const f = results.get(m)!;
      console.log(
        `${m.padEnd(14)} ${f.seconds.toFixed(2).padStart(6)} s (cpu ${f.cpuSeconds.toFixed(2).padStart(5)} s)  ${Math.round(
          f.rows / f.seconds,
        )
          .toLocaleString('en-US')
          .padStart(
            10,
          )} rows/s  ${(mb / f.seconds).toFixed(1).padStart(6)} MB/s  peak RSS ${f.peakRssMb.toFixed(0).padStart(4)} MB  (${f.rows.toLocaleString('en-US')} rows)`,
      );
    }
    if (only) return;
    const t = (m: Mode): number => results.get(m)!.seconds;
    const ours = results.get('ours')!;
    const withPk = results.get('ours+packages')!;
    console.log('\nratios (throughput; > 1 means ours is faster):');
    console.log(
      `  ours vs papaparse alone      ${(t('papaparse') / t('ours')).toFixed(2)}×  (target ≥ 1.00×)`,
    );
    console.log(`  ours vs udsv alone           ${(t('udsv') / t('ours')).toFixed(2)}×`);
    console.log(
      `  ours vs floor (read+decode)  ${(t('floor') / t('ours')).toFixed(2)}×  (ours takes ${(t('ours') / t('floor')).toFixed(1)}× the floor's time)`,
    );
    console.log(
      `  ours+packages vs papaparse   ${(t('papaparse') / t('ours+packages')).toFixed(2)}×`,
    );
    console.log(
      `peak RSS: ours ${ours.peakRssMb.toFixed(0)} MB, ours+packages ${withPk.peakRssMb.toFixed(0)} MB (target < 150 MB)`,
    );
    // The targets are the validator's (issue: "our full validation"); the emulator path also
    // keeps each 10,000-row package's values until they are stored, and is reported beside them.
    const ok = t('papaparse') / t('ours') >= 1 && ours.peakRssMb < 150;
    console.log(
      ok
        ? 'validator targets met (>= 1.00x papaparse, < 150 MB)'
        : 'VALIDATOR TARGETS NOT MET (>= 1.00x papaparse, < 150 MB)',
    );
    console.log(
      `emulator path (packages kept until stored): ${withPk.peakRssMb.toFixed(0)} MB ${withPk.peakRssMb < 150 ? 'under' : 'OVER'} 150 MB`,
    );
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) {
  await child(
    childArg.slice('--child='.length) as Mode,
    process.argv[process.argv.indexOf(childArg) + 1]!,
  );
} else if (process.argv[1] === fileURLToPath(import.meta.url)) await parent();
