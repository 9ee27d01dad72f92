import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine, freeNameIn } from '../../../../server-emulator/processing/core-adapters.ts';

const suffixes = ['.result.json', '.errors.csv'];
import { exportDue } from '../../../../server-emulator/processing/exports.ts';
import { isStable } from '../../../../server-emulator/processing/scan.ts';

describe('the processing rules as pure functions', () => {
  it('takes a file seen for the first time only when it is at least a second old and not open', () => {
    const now = 10_000;
    assert.equal(isStable({ size: 5, mtimeMs: 8_000 }, undefined, false, now), true);
    assert.equal(isStable({ size: 5, mtimeMs: 9_500 }, undefined, false, now), false);
    assert.equal(isStable({ size: 5, mtimeMs: 8_000 }, undefined, true, now), false);
  });

  it('waits while size or mtime changed since the previous scan', () => {
    assert.equal(isStable({ size: 6, mtimeMs: 1 }, { size: 5, mtimeMs: 1 }, false, 10_000), false);
    assert.equal(isStable({ size: 5, mtimeMs: 2 }, { size: 5, mtimeMs: 1 }, false, 10_000), false);
    assert.equal(isStable({ size: 5, mtimeMs: 1 }, { size: 5, mtimeMs: 1 }, false, 10_000), true);
  });

  it('finds a name free for the file and both its reports, with " (2)", " (3)" before the extension', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sia-free-'));
    try {
      assert.equal(freeNameIn(dir, 'a.csv', suffixes), 'a.csv');
      await writeFile(join(dir, 'a.csv'), '');
      await writeFile(join(dir, 'a (2).csv.result.json'), '');
      await writeFile(join(dir, 'b.csv.errors.csv'), '');
      assert.equal(freeNameIn(dir, 'a.csv', suffixes), 'a (3).csv');
      assert.equal(freeNameIn(dir, 'b.csv', suffixes), 'b (2).csv');
      assert.equal(freeNameIn(join(dir, 'missing'), 'c.csv', suffixes), 'c.csv');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('neutralises export cells that a spreadsheet would run as formulas, and quotes when needed', () => {
    assert.equal(
      csvLine(['=1+2";=1+2', '-2', 'plain', 'a,b']),
      `"'=1+2"";=1+2",'-2,plain,"a,b"\r\n`,
    );
  });

  it('schedules daily exports once per UTC day and weekly ones every 7 days', () => {
    const d = Date.UTC(2026, 0, 1, 23, 0);
    assert.equal(exportDue('none', undefined, d), false);
    assert.equal(exportDue('daily', undefined, d), true);
    assert.equal(exportDue('daily', d, d + 30 * 60_000), false);
    assert.equal(exportDue('daily', d, d + 2 * 60 * 60_000), true);
    assert.equal(exportDue('weekly', d, d + 6 * 86_400_000), false);
    assert.equal(exportDue('weekly', d, d + 7 * 86_400_000), true);
  });
});
