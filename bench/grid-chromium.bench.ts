/**
 * `scripts/with-keyring.sh npm run bench -- grid-chromium`: the grid in the app itself (issue 12,
 * "Editing a cell re-checks it and updates counts in < 50 ms on the 1,000,000-row file"). Debian's
 * Chromium (playwright-core, never a downloaded browser) on the built renderer and the real web
 * host, a flexible site on the real emulator; the csv bench's generated 1,000,000-row Account file
 * is picked, checked, opened in the grid; then each edit is timed from the Enter that commits it
 * to the counts changing on screen (a MutationObserver in the page). The reference, measured in
 * the same run, is the same edits on the model in Node (core/import/grid-model.ts, no worker, no
 * React): the ratio is what the worker round trip and the page add.
 *
 * Options: `--rows=N` (default 1,000,000), `--edits=N` (default 40).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFileChunks } from '../cli/validate-command.ts';
import { createGridBuilder } from '../core/import/grid-model.ts';
import { accountSchema } from '../core/schema/demo-schemas.ts';
import { openAccountImport, type AccountImport } from './app-account-import.ts';
import { medianOf } from './bench-files.ts';
import { generateAccountCsv } from './csv.bench.ts';

const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rows = Number(arg('rows') ?? 1_000_000);
const edits = Number(arg('edits') ?? 40);
const floorMs = 50;
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)]!;

/** Commits the cell being edited (Enter on the focused input) and resolves with the ms until the
 * counts change on screen. A string, so tsx adds no helpers the page lacks. */
const commitAndTime = `new Promise((resolve) => {
  const counts = document.querySelector('[data-testid="grid-counts"]');
  const input = document.activeElement;
  const t0 = performance.now();
  const mo = new MutationObserver(() => {
    mo.disconnect();
    resolve(performance.now() - t0);
  });
  // no change on screen within 10 s: said as -1, never a hang
  setTimeout(() => {
    mo.disconnect();
    resolve(-1);
  }, 10000);
  mo.observe(counts, { subtree: true, childList: true, characterData: true });
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
})`;

/** The same edits on the model in Node: the reference. */
async function inNode(path: string, values: readonly string[]): Promise<number[]> {
  const builder = createGridBuilder({
    schema: accountSchema,
    externalIdColumn: 'ExternalDataObjectId',
  });
  await readFileChunks(path, (c) => builder.push(c.slice()));
  const built = builder.end();
  if (!built.ok) throw new Error(built.message);
  const m = built.model;
  const [first] = m.windowOf(0, 1);
  const col = m.columns.indexOf('Employees');
  return values.map((v) => {
    const t0 = performance.now();
    m.edit(first!.row, col, v);
    m.counts();
    return performance.now() - t0;
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'grid-chromium-bench-'));
  const path = join(dir, 'Account_bench.csv');
  let started: AccountImport | undefined;
  try {
    const size = await generateAccountCsv(path, rows);
    console.log(
      `generated ${rows.toLocaleString('en-US')} rows, ${(size / 1e6).toFixed(1)} MB (under load: a shared machine)`,
    );
    // a bad and a good value in turn: each commit changes the problem count shown
    const values = Array.from({ length: edits }, (_, i) => (i % 2 === 0 ? '12.5' : String(i)));
    const node = await inNode(path, values);

    started = await openAccountImport();
    const { app } = started;
    const { page } = app;
    const t0 = performance.now();
    await page.getByTestId('file-input').setInputFiles(path);
    await page.getByTestId('check-verdict').waitFor({ timeout: 900_000 });
    const checked = performance.now() - t0;
    const grid = page.getByRole('grid', { name: /Rows of the file/ });
    await grid.getByRole('gridcell').first().waitFor({ timeout: 900_000 });
    const opened = performance.now() - t0;
    console.log(
      `pick → verdict ${(checked / 1000).toFixed(2)} s; → grid shown ${(opened / 1000).toFixed(2)} s: ${await page.getByTestId('grid-counts').textContent()}`,
    );

    await grid.focus();
    const employees = accountSchema.fields.findIndex((f) => f.name === 'Employees');
    for (let k = 0; k < employees; k++) await page.keyboard.press('ArrowRight');
    const inPage: number[] = [];
    for (let i = 0; i < edits; i++) {
      await page.keyboard.press('Enter');
      const input = grid.getByRole('textbox');
      // a bad value where the cell is good, a good one where it is bad: the counts always change
      const now = await input.inputValue();
      await input.fill(now === '12.5' ? String(1000 + i) : '12.5');
      inPage.push(await page.evaluate<number>(commitAndTime));
      await input.waitFor({ state: 'detached' });
    }
    app.assertNoPageErrors();
    const unseen = inPage.filter((t) => t < 0).length;
    if (unseen > 0) {
      console.log(`NO CHANGE ON SCREEN within 10 s after ${unseen} of ${edits} commits`);
      process.exitCode = 1;
    }

    const seen = inPage.filter((t) => t >= 0);
    const med = medianOf(seen);
    const nodeMed = medianOf(node);
    console.log(
      `commit → counts on screen (${edits} edits in Chromium): median ${med.toFixed(1)} ms, p95 ${p95(seen).toFixed(1)} ms, worst ${Math.max(...seen).toFixed(1)} ms (floor ${floorMs} ms)`,
    );
    console.log(
      `reference, the same edits on the model in Node: median ${nodeMed.toFixed(2)} ms, p95 ${p95(node).toFixed(2)} ms — the page adds ${(med / Math.max(nodeMed, 0.01)).toFixed(0)}× (worker round trip, React, layout)`,
    );
    const ok = unseen === 0 && p95(seen) < floorMs;
    console.log(ok ? `target met (p95 < ${floorMs} ms)` : `TARGET NOT MET (p95 ≥ ${floorMs} ms)`);
    if (!ok) process.exitCode = 1;
  } finally {
    await started?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
