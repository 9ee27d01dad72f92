/**
 * `npm run bench -- prepare`: `sftp-import prepare` of a 1,000,000-row Windows-1252 file
 * separated by semicolons (what Excel on a European Windows saves as "CSV") against
 * `sftp-import validate` of the same rows as CSV UTF-8. Both run the CLI's own command functions
 * in a fresh child process each (so each one's peak RSS is its own). Targets (issue 12): prepare
 * ≤ 2× validate's time, peak RSS ≤ 200 MB. node.
 *
 * Options: `--rows=N` (default 1,000,000), `--runs=N` (interleaved rounds, best of N, default 3),
 * `--keep` (keep the files).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWindows1252 } from '../core/import/windows-1252.ts';
import { accountSchema } from '../core/schema/demo-schemas.ts';
import { seededRandom } from './bench-files.ts';

type Mode = 'validate' | 'prepare';
type Figures = { mode: Mode; seconds: number; cpuSeconds: number; peakRssMb: number };

const header = [
  'Name',
  'Industry',
  'Employees',
  'AnnualRevenue',
  'Website',
  'Address',
  'City',
  'State',
  'Zip',
  'Country',
  'Latitude',
  'Longitude',
  'ExternalDataObjectId',
];
const industries = ['Retail', 'Healthcare', 'Manufacturing', 'Other', 'retail'];
const cities = ['Köln', 'Zürich', 'Besançon', 'Málaga', 'Łódź', 'Salem'];

/** One row's values: accents throughout, ~1 in 10 values needing quotes in either format. */
function rowValues(i: number, r: () => number): string[] {
  return [
    i % 10 === 0 ? `Müller; Söhne, ${i}` : `Café ${i}`,
    industries[i % industries.length]!,
    String(Math.floor(r() * 5000)),
    (r() * 1e6).toFixed(2),
    `https://a${i}.example.com`,
    `${i % 9999} Hauptstraße`,
    cities[i % cities.length]!.replace('Ł', 'L').replace('ł', 'l'), // Windows-1252 has no Ł
    'NRW',
    String(10000 + (i % 89999)),
    'DE',
    (r() * 180 - 90).toFixed(4),
    (r() * 360 - 180).toFixed(4),
    `A${i}`,
  ];
}

function joinRow(values: readonly string[], sep: string): string {
  return values
    .map((v) => (v.includes(sep) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v))
    .join(sep);
}

/** Writes the same rows twice: UTF-8 with commas, Windows-1252 with semicolons. */
async function generate(utf8Path: string, cp1252Path: string, rows: number): Promise<void> {
  const r = seededRandom(42);
  const a = createWriteStream(utf8Path);
  const b = createWriteStream(cp1252Path);
  const write = async (s: ReturnType<typeof createWriteStream>, data: string | Uint8Array) => {
    if (!s.write(data)) await once(s, 'drain');
  };
  let ua = header.join(',') + '\r\n';
  let ub = header.join(';') + '\r\n';
  for (let i = 1; i <= rows; i++) {
    const v = rowValues(i, r);
    ua += joinRow(v, ',') + '\r\n';
    ub += joinRow(v, ';') + '\r\n';
    if (i % 5000 === 0 || i === rows) {
      await write(a, ua);
      await write(b, encodeWindows1252(ub));
      ua = ub = '';
    }
  }
  a.end();
  b.end();
  await Promise.all([once(a, 'finish'), once(b, 'finish')]);
}

/* ------------------------------------------------------------------ child */

async function child(mode: Mode, dir: string): Promise<void> {
  const { memoryCliIo } = await import('../cli/cli-io.ts');
  const io = memoryCliIo({}, dir);
  let run: () => Promise<number>;
  if (mode === 'validate') {
    const { validateCommand } = await import('../cli/validate-command.ts');
    run = () => validateCommand(['Account_utf8.csv', '--schema', 'Account.schema.json'], io);
  } else {
    const { prepareCommand } = await import('../cli/prepare-command.ts');
    run = () =>
      prepareCommand(
        ['Account_1252.csv', '--schema', 'Account.schema.json', '--out', 'prepared.csv', '--json'],
        io,
      );
  }
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const code = await run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  if (mode === 'prepare' && code !== 0) {
    throw new Error(`prepare exited ${code}: ${io.err.join('')}`);
  }
  if (mode === 'validate' && code > 1) {
    throw new Error(`validate exited ${code}: ${io.err.join('')}`);
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      mode,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb,
    } satisfies Figures) + '\n',
  );
}

/* ------------------------------------------------------------------ parent */

function measureOnce(mode: Mode, dir: string): Figures {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), `--child=${mode}`, dir],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Figures;
}

async function parent(): Promise<void> {
  const arg = (name: string): string | undefined =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rows = Number(arg('rows') ?? 1_000_000);
  const runs = Number(arg('runs') ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'prepare-bench-'));
  try {
    const t0 = Date.now();
    writeFileSync(join(dir, 'Account.schema.json'), JSON.stringify(accountSchema));
    await generate(join(dir, 'Account_utf8.csv'), join(dir, 'Account_1252.csv'), rows);
    const mb = (f: string): string => (statSync(join(dir, f)).size / 1e6).toFixed(1);
    console.log(
      `generated ${rows.toLocaleString('en-US')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s: UTF-8 with commas ${mb('Account_utf8.csv')} MB, Windows-1252 with semicolons ${mb('Account_1252.csv')} MB (${dir})`,
    );
    const best = new Map<Mode, Figures>();
    for (let k = 0; k < runs; k++) {
      for (const m of ['validate', 'prepare'] as const) {
        const f = measureOnce(m, dir);
        const b = best.get(m);
        if (!b || f.seconds < b.seconds) {
          best.set(m, { ...f, peakRssMb: Math.max(f.peakRssMb, b?.peakRssMb ?? 0) });
        } else b.peakRssMb = Math.max(b.peakRssMb, f.peakRssMb);
      }
    }
    for (const m of ['validate', 'prepare'] as const) {
      const f = best.get(m)!;
      console.log(
        `${m.padEnd(9)} ${f.seconds.toFixed(2).padStart(6)} s (cpu ${f.cpuSeconds.toFixed(2).padStart(5)} s)  ${Math.round(
          rows / f.seconds,
        )
          .toLocaleString('en-US')
          .padStart(10)} rows/s  peak RSS ${f.peakRssMb.toFixed(0).padStart(4)} MB`,
      );
    }
    const v = best.get('validate')!;
    const p = best.get('prepare')!;
    const ratio = p.seconds / v.seconds;
    console.log(
      `\nprepare (Windows-1252, semicolons) takes ${ratio.toFixed(2)}× validate's time on the UTF-8 file (target ≤ 2.00×); peak RSS ${p.peakRssMb.toFixed(0)} MB (target ≤ 200 MB)`,
    );
    // On a shared machine wall time swings with the load; CPU time shows the work itself.
    console.log(
      `CPU time: prepare ${p.cpuSeconds.toFixed(2)} s, validate ${v.cpuSeconds.toFixed(2)} s (${(p.cpuSeconds / v.cpuSeconds).toFixed(2)}×)`,
    );
    const ok = ratio <= 2 && p.peakRssMb <= 200;
    console.log(ok ? 'prepare targets met' : 'PREPARE TARGETS NOT MET');
    if (!ok) process.exitCode = 1;
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
