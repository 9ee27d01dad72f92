/**
 * `npm run bench -- app-check`: the app's own check in Chromium against `sftp-import validate`
 * (issue 12, "Speed and memory"). Debian's Chromium (/usr/bin/chromium, never a download) opens
 * the built renderer on the real web host, a flexible site on the real emulator, the Account
 * template; a generated 1,000,000-row Account file (the csv bench's generator) is picked in the
 * wizard and timed from the pick to the verdict on screen (the import assistant's first look,
 * then the worker's check) by the page's own clock, from the input's `change` to the first frame
 * with the verdict (what Playwright sees is printed beside it); the next pick waits for the
 * checked file's grid to open, so each starts on an idle page. The same file goes through the
 * CLI's `validate` in the same run, in a fresh child each time: the command's own time, and the
 * whole `sftp-import validate` process.
 * Floor: worker ≤ 1.2× `sftp-import validate` as a user runs it — issue 12 compares "1.1 s in the
 * worker, 1.4 s for the CLI", the whole command. The command's own time, without Node's start, is
 * printed beside it (the stricter figure).
 *
 * Also: (b) the same rows in Windows-1252 separated by semicolons, which the app converts before
 * its check (pick → verdict), against validate of the UTF-8 file; (c) an .xlsx of 100,000 rows
 * (made with fflate like the tests' workbooks) read, converted and checked in the app, with the
 * longest frame gap on the page's main thread while it happens (a requestAnimationFrame loop and
 * 'longtask' entries), against the same rows as CSV and an idle page's own longest gap.
 *
 * Options: `--rows=N` (default 1,000,000), `--runs=N` (interleaved rounds, best of N, default 3),
 * `--xlsx-rows=N` (default 100,000), `--only=csv,convert,xlsx`, `--keep`. Run it as
 * `scripts/with-keyring.sh npm run bench -- app-check` (the site's password goes to a private
 * keyring, as in the e2e tests). node.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { encodeWindows1252 } from '../core/import/windows-1252.ts';
import { accountSchema } from '../core/schema/demo-schemas.ts';
import { generateAccountCsv } from './csv.bench.ts';
import { openAccountImport, type AccountImport } from './app-account-import.ts';
import { medianOf } from './bench-files.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/* ------------------------------------------------------------------ inputs */

/** The same rows as `src` in Windows-1252 with semicolons, and accents so the encoding shows. */
async function toWindows1252Semicolons(src: string, dest: string): Promise<void> {
  const out = createWriteStream(dest);
  const lines = createInterface({ input: createReadStream(src), crlfDelay: Infinity });
  let block = '';
  let n = 0;
  for await (const line of lines) {
    let s = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      s += !quoted && ch === ',' ? ';' : ch;
    }
    block += s.replace('Main St', 'Hauptstraße') + '\r\n';
    if (++n % 5000 === 0) {
      if (!out.write(encodeWindows1252(block))) await once(out, 'drain');
      block = '';
    }
  }
  out.end(encodeWindows1252(block));
  await once(out, 'finish');
}

/** An .xlsx of the first `rows` data rows of `csvPath` (text as shared strings), and that CSV. */
async function makeXlsxAndCsv(csvPath: string, rows: number, xlsx: string, csv: string) {
  const { makeXlsx } = await import('../test/unit/core/import/xlsx-fixture.ts');
  const table: (string | number)[][] = [];
  let text = '';
  const lines = createInterface({ input: createReadStream(csvPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (table.length > rows) break;
    text += line + '\r\n';
    const cells: (string | number)[] = [];
    for (const m of line.matchAll(/"([^"]*)"(?:,|$)|([^,]*)(?:,|$)/g)) {
      if (m.index === line.length && m[0] === '') break;
      const v = m[1] ?? m[2] ?? '';
      // Numbers as numbers, as Excel keeps them (what the reader must turn back into text).
      cells.push(/^-?\d+(\.\d+)?$/.test(v) && !/^0\d/.test(v) ? Number(v) : v);
    }
    table.push(cells);
  }
  await writeFile(xlsx, makeXlsx({ Accounts: table }));
  await writeFile(csv, text);
}

/* ------------------------------------------------------------------ the CLI (child side) */

async function child(dir: string, file: string): Promise<void> {
  const { memoryCliIo } = await import('../cli/cli-io.ts');
  const { validateCommand } = await import('../cli/validate-command.ts');
  const io = memoryCliIo({}, dir);
  const t0 = process.hrtime.bigint();
  const code = await validateCommand([file, '--schema', 'Account.schema.json'], io);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code > 1) throw new Error(`validate exited ${code}: ${io.err.join('')}`);
  process.stdout.write(JSON.stringify({ seconds }) + '\n');
}

/** `validate` in a fresh child: the command's own time and the whole process's wall time. */
function validateOnce(dir: string, file: string): { command: number; process: number } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir, file],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`validate child failed: ${r.stdout}`);
  const { seconds } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number };
  // The whole `sftp-import validate FILE --schema …` as a user runs it.
  const t1 = performance.now();
  const cli = spawnSync(
    process.execPath,
    [join(repo, 'bin', 'sftp-import.js'), 'validate', file, '--schema', 'Account.schema.json'],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const processSeconds = (performance.now() - t1) / 1000;
  if ((cli.status ?? 2) > 1) throw new Error(`sftp-import validate failed: ${cli.stderr}`);
  return { command: seconds, process: processSeconds };
}

/* ------------------------------------------------------------------ the app (Chromium) */

/**
 * Starts watching the page's main thread: the longest gap between animation frames, and the
 * longest 'longtask' entry. A string, so tsx adds no helpers the page lacks.
 */
const startFrameWatch = `(() => {
  const w = { maxGap: 0, frames: 0, longest: 0, longTasks: 0, stop: false };
  let last = performance.now();
  const tick = (t) => {
    if (w.stop) return;
    w.maxGap = Math.max(w.maxGap, t - last);
    last = t;
    w.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    w.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.longTasks++;
        w.longest = Math.max(w.longest, e.duration);
      }
    });
    w.observer.observe({ type: 'longtask' });
  } catch {}
  globalThis.__frameWatch = w;
})()`;
const stopFrameWatch = `(() => {
  const w = globalThis.__frameWatch;
  w.stop = true;
  if (w.observer) w.observer.disconnect();
  return { maxGap: w.maxGap, frames: w.frames, longest: w.longest, longTasks: w.longTasks };
})()`;
type FrameFigures = { maxGap: number; frames: number; longest: number; longTasks: number };

/**
 * The page's own clock from the file input's `change` to the verdict painted (the first frame
 * after it is in the DOM), so the figure is the app's, not Playwright's: under load, setting the
 * file over CDP and polling for the verdict add 0.1–0.4 s that no user waits for.
 */
const startPickWatch = `(() => {
  if (globalThis.__pickWatch) return;
  const w = { picked: 0, shown: 0 };
  document.addEventListener('change', (e) => {
    if (e.target && e.target.dataset && e.target.dataset.testid === 'file-input') {
      w.picked = performance.now();
      w.shown = 0;
    }
  }, true);
  let waiting = false;
  new MutationObserver(() => {
    if (!w.picked || w.shown || waiting) return;
    if (!document.querySelector('[data-testid="check-verdict"]')) return;
    waiting = true;
    requestAnimationFrame(() => setTimeout(() => { w.shown = performance.now(); waiting = false; }, 0));
  }).observe(document.body, { childList: true, subtree: true });
  globalThis.__pickWatch = w;
})()`;
const readPickWatch = `(() => { const w = globalThis.__pickWatch; return w.shown ? (w.shown - w.picked) / 1000 : -1; })()`;

/**
 * Picks `path` in the wizard (on its file step) and times it to the verdict on screen: `seconds`
 * by the page's clock (startPickWatch), `outer` as Playwright saw it.
 */
async function pickAndTime(
  page: Page,
  path: string,
  watchFrames = false,
): Promise<{ seconds: number; outer: number; verdict: string; frames?: FrameFigures }> {
  if (watchFrames) await page.evaluate(startFrameWatch);
  await page.evaluate(startPickWatch);
  const verdict = page.getByTestId('check-verdict');
  const pairing = page.getByRole('button', { name: 'Check the converted file' });
  const t0 = performance.now();
  await page.getByTestId('file-input').setInputFiles(path);
  // A file whose columns differ is asked about first; these match, but say so if it happens.
  await verdict.or(pairing).first().waitFor({ timeout: 600_000 });
  if (await pairing.isVisible()) throw new Error('the app asked to pair columns; expected none');
  const outer = (performance.now() - t0) / 1000;
  await page.waitForFunction(`${readPickWatch} >= 0`);
  const seconds = await page.evaluate<number>(readPickWatch);
  const frames = watchFrames ? await page.evaluate<FrameFigures>(stopFrameWatch) : undefined;
  const text = (await verdict.textContent()) ?? '';
  // A file with problems opens in the grid after the verdict, in its own worker (1–2 s of a core
  // for 1,000,000 rows). Let it finish, so the next pick starts on an idle page as for a user who
  // reads the verdict first: a grid closed while opening has its worker ended at once, yet its
  // thread was seen busy 0.75–0.9 s more, beside the next pick's check.
  if ((await page.getByTestId('grid-panel').count()) > 0) {
    const opened = page.getByTestId('grid-counts');
    const failed = page.getByTestId('grid-panel').getByRole('alert');
    await opened.or(failed).first().waitFor({ timeout: 120_000 });
  }
  await page.getByRole('button', { name: 'Pick another file' }).click();
  await page.getByTestId('file-input').waitFor();
  return { seconds, outer, verdict: text, ...(frames ? { frames } : {}) };
}

/** The page's own longest frame gap over `ms` with nothing to do (the reference). */
async function idleFrames(page: Page, ms: number): Promise<FrameFigures> {
  await page.evaluate(startFrameWatch);
  await page.waitForTimeout(ms);
  return page.evaluate<FrameFigures>(stopFrameWatch);
}

/** (c): an .xlsx read, converted and checked in the app, and the page's frames meanwhile. */
async function measureXlsx(page: Page, xlsx: string, xlsxCsv: string, xlsxRows: number) {
  const idle = await idleFrames(page, 2000);
  const asCsv = await pickAndTime(page, xlsxCsv, true);
  const book = await pickAndTime(page, xlsx, true);
  const f = book.frames!;
  console.log(
    `\n.xlsx of ${xlsxRows.toLocaleString('en-US')} rows: pick → verdict ${book.seconds.toFixed(2)} s; the same rows as CSV ${asCsv.seconds.toFixed(2)} s (${(book.seconds / asCsv.seconds).toFixed(1)}×; the note says up to 4×)`,
  );
  console.log(
    `  main thread during the .xlsx: longest frame gap ${f.maxGap.toFixed(0)} ms over ${f.frames} frames; long tasks ${f.longTasks} (longest ${f.longest.toFixed(0)} ms)`,
  );
  console.log(
    `  reference: during the CSV ${asCsv.frames!.maxGap.toFixed(0)} ms, an idle page ${idle.maxGap.toFixed(0)} ms over 2 s`,
  );
  console.log(`  verdict: ${book.verdict.slice(0, 90)}`);
}

/** Where the inputs go. */
function inputPaths(dir: string) {
  return {
    csv: join(dir, 'Account_bench.csv'),
    cp1252: join(dir, 'Account_1252.csv'),
    xlsx: join(dir, 'Account_100k.xlsx'),
    xlsxCsv: join(dir, 'Account_100k.csv'),
  };
}

/** Writes the schema, the 1,000,000-row CSV and, as asked, its Windows-1252 and .xlsx kin. */
async function makeInputs(dir: string, rows: number, xlsxRows: number, only: Set<string>) {
  const { csv, cp1252, xlsx, xlsxCsv } = inputPaths(dir);
  const mb = (p: string) => (statSync(p).size / 1e6).toFixed(1);
  const t0 = Date.now();
  await writeFile(join(dir, 'Account.schema.json'), JSON.stringify(accountSchema));
  await generateAccountCsv(csv, rows);
  let also = '';
  if (only.has('convert')) {
    await toWindows1252Semicolons(csv, cp1252);
    also += `, Windows-1252 + semicolons ${mb(cp1252)} MB`;
  }
  if (only.has('xlsx')) {
    await makeXlsxAndCsv(csv, xlsxRows, xlsx, xlsxCsv);
    also += `, ${xlsxRows.toLocaleString('en-US')} rows .xlsx ${mb(xlsx)} MB (as CSV ${mb(xlsxCsv)} MB)`;
  }
  console.log(
    `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${rows.toLocaleString('en-US')} rows CSV UTF-8 ${mb(csv)} MB${also} (${dir})`,
  );
}

/** Prints validate, the worker and the conversion; whether the floor held (undefined: not run). */
function reportChecks(
  validate: readonly { command: number; process: number }[],
  worker: readonly number[],
  workerOuter: readonly number[],
  converted: readonly number[],
  verdict: string,
): boolean | undefined {
  const vCmd = Math.min(...validate.map((v) => v.command));
  const vProc = Math.min(...validate.map((v) => v.process));
  console.log(`\nbest of ${validate.length} (interleaved; medians in brackets):`);
  console.log(
    `validate (CLI command)        ${vCmd.toFixed(2)} s [${medianOf(validate.map((v) => v.command)).toFixed(2)}]`,
  );
  console.log(
    `sftp-import validate process  ${vProc.toFixed(2)} s [${medianOf(validate.map((v) => v.process)).toFixed(2)}]  (with Node + tsx start)`,
  );
  if (converted.length > 0) {
    const c = Math.min(...converted);
    console.log(
      `app: Windows-1252 + semicolons, converted then checked: ${c.toFixed(2)} s [${medianOf(converted).toFixed(2)}] = ${(c / vCmd).toFixed(2)}× validate of the UTF-8 file (prepare's target ≤ 2.00×)`,
    );
  }
  if (worker.length === 0) return undefined;
  const w = Math.min(...worker);
  const ratio = w / vProc;
  console.log(
    `app: pick → verdict (worker)  ${w.toFixed(2)} s [${medianOf(worker).toFixed(2)}]  by the page's clock (change → verdict painted); as Playwright saw it ${Math.min(...workerOuter).toFixed(2)} s [${medianOf(workerOuter).toFixed(2)}]`,
  );
  console.log(`  verdict: ${verdict.slice(0, 100)}`);
  console.log(
    `\nworker / sftp-import validate process  ${ratio.toFixed(2)}×  (floor ≤ 1.20×)\nworker / validate command alone        ${(w / vCmd).toFixed(2)}×  (without Node's start)`,
  );
  console.log(ratio <= 1.2 ? 'app check floor met' : 'APP CHECK FLOOR NOT MET');
  return ratio <= 1.2;
}

/* ------------------------------------------------------------------ parent */

async function parent(): Promise<void> {
  const rows = Number(arg('rows') ?? 1_000_000);
  const runs = Number(arg('runs') ?? 3);
  const xlsxRows = Number(arg('xlsx-rows') ?? 100_000);
  const only = new Set((arg('only') ?? 'csv,convert,xlsx').split(','));
  const dir = mkdtempSync(join(tmpdir(), 'app-check-bench-'));
  const { csv, cp1252, xlsx, xlsxCsv } = inputPaths(dir);
  let opened: AccountImport | undefined;
  try {
    await makeInputs(dir, rows, xlsxRows, only);
    opened = await openAccountImport();
    const { app } = opened;
    const { page } = app;
    await page.getByTestId('file-input').waitFor();

    const validate: { command: number; process: number }[] = [];
    const worker: number[] = [];
    const workerOuter: number[] = [];
    const converted: number[] = [];
    let verdict = '';
    for (let k = 0; k < runs; k++) {
      validate.push(validateOnce(dir, 'Account_bench.csv'));
      if (only.has('csv')) {
        const r = await pickAndTime(page, csv);
        worker.push(r.seconds);
        workerOuter.push(r.outer);
        verdict = r.verdict;
      }
      if (only.has('convert')) converted.push((await pickAndTime(page, cp1252)).seconds);
    }
    const ok = reportChecks(validate, worker, workerOuter, converted, verdict);
    if (only.has('xlsx')) await measureXlsx(page, xlsx, xlsxCsv, xlsxRows);
    app.assertNoPageErrors();
    if (ok === false) process.exitCode = 1;
  } finally {
    await opened?.close();
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  await child(process.argv[childAt + 1]!, process.argv[childAt + 2]!);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) await parent();
