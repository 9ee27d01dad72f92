/**
 * `history:failed-rows` says `truncated` only when the report names more *rows* than the editor
 * opens (host/failed-rows.ts maxFailedRows), not when it has more *lines*: a row with two bad
 * cells is two report lines but one row. A real ledger, stored report and sent file on disk; the
 * local copy answers, so no server is needed. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger } from '../../../engine/ledger.ts';
import { failedRowsOf, maxFailedRows } from '../../../host/failed-rows.ts';
import type { HostDeps } from '../../../host/host-deps.ts';
import type { HostKeyPrompts } from '../../../host/host-key-prompts.ts';
import { writeErrorRows } from '../../../host/reports.ts';

let work: string;

describe('failed rows: truncated counts rows, not report lines', () => {
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-failed-rows-truncated-'));
  });
  after(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** A sent file of `rows` data rows, every one failed on both cells; the answer for it. */
  async function answerFor(rows: number) {
    const dataDir = join(work, `data-${rows}`);
    const ledger = createLedger({ dir: dataDir });
    let text = 'Company,Email\r\n';
    for (let r = 0; r < rows; r++) text += `Co ${r},bad${r}\r\n`;
    const localPath = join(work, `sent-${rows}.csv`);
    await writeFile(localPath, text);
    const entry = ledger.add({
      siteId: 's1',
      fileName: 'leads.csv',
      localPath,
      remotePath: '/Leads/Import/New/leads.csv',
      sha256: createHash('sha256').update(text).digest('hex'),
      bytes: text.length,
      startedAt: new Date(0).toISOString(),
      outcome: 'failed',
    });
    const report = [];
    for (let r = 0; r < rows; r++) {
      report.push({ row: r + 2, column: 'Company', value: `Co ${r}`, message: 'too short' });
      report.push({ row: r + 2, column: 'Email', value: `bad${r}`, message: 'not an e-mail' });
    }
    await writeErrorRows(dataDir, entry.id, report);
    const deps = { ledger, dataDir } as unknown as HostDeps;
    const r = await failedRowsOf(deps, {} as HostKeyPrompts, { entryId: entry.id });
    assert.ok(r.ok, JSON.stringify(r));
    return r.value;
  }

  it('all rows opened: not truncated, though the report has more lines than the limit', async () => {
    const rows = Math.ceil(maxFailedRows * 0.75); // 2 lines each: 1.5 × the limit in lines
    const a = await answerFor(rows);
    assert.equal(a.source, 'this-computer');
    assert.equal(a.rows.length, rows);
    assert.equal(a.rows[0]!.problems.length, 2);
    assert.equal(a.truncated, false);
  });

  it('more rows than the limit: the first ones opened, and truncated says so', async () => {
    const a = await answerFor(maxFailedRows + 1);
    assert.equal(a.rows.length, maxFailedRows);
    assert.equal(a.truncated, true);
  });
});
