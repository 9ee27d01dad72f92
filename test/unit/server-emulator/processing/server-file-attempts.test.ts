/**
 * What a customer learns of a space or contact-lists file that could not be taken (issue 14):
 * an error without an errno code (SQLite's, a bug's) whose text names a server path reaches
 * neither the report beside the file nor the journal — only `detail`, for the server log. An
 * errno error is named by its code alone. Real SQLite, real files. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxAttempts } from '../../../../server-emulator/processing/drops.ts';
import {
  reasonOf,
  reportNameFor,
  tryServerFile,
} from '../../../../server-emulator/processing/server-file-attempts.ts';
import { openDb, type Db } from '../../../../server-emulator/storage/db.ts';
import { createJournal } from '../../../../server-emulator/storage/journal.ts';

describe('a space file that cannot be taken, with an error naming a path', () => {
  let dir: string;
  let root: string;
  let db: Db;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sia-server-file-attempts-'));
    root = join(dir, 'workspaces', 'space');
    await mkdir(root, { recursive: true });
    db = openDb(join(dir, 'data'));
  });
  after(async () => {
    db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the path out of the report and the journal, and hands it to the log', async () => {
    const ctx = { journal: createJournal(db), clock: () => Date.UTC(2025, 4, 1) };
    const ws = { name: 'space', root };
    await writeFile(join(root, 'leads.csv'), 'Name\nAnn\n');
    const secretPath = join(dir, 'data', 'spaces', 'space', 'store.sqlite');
    const take = () => Promise.reject(new Error(`database disk image is malformed: ${secretPath}`));

    const tries = [];
    for (let i = 0; i < maxAttempts; i++) {
      tries.push(await tryServerFile(ctx, ws, 'leads.csv', take));
    }
    assert.deepEqual(
      tries.map((t) => t.status),
      [...Array<string>(maxAttempts - 1).fill('retry'), 'given-up'],
    );
    for (const t of tries) {
      assert.ok(t.status === 'retry' || t.status === 'given-up');
      assert.equal(t.reason, 'the platform had an internal error while taking it');
      assert.ok(t.detail?.includes(secretPath), 'the detail, for the server log, keeps the text');
    }
    const given = tries.at(-1)!;
    assert.ok(given.status === 'given-up');
    assert.equal(given.report, `/${reportNameFor('leads.csv')}`);

    const reportText = await readFile(join(root, reportNameFor('leads.csv')), 'utf8');
    assert.ok(!reportText.includes(dir), `no server path in the report: ${reportText}`);
    assert.ok(!reportText.includes('malformed'), 'nor the error’s own words');
    const report = JSON.parse(reportText) as { fileError?: { code: string; message: string } };
    assert.equal(report.fileError?.code, 'processing-failed');
    assert.match(
      report.fileError?.message ?? '',
      new RegExp(
        `after ${maxAttempts} attempts: the platform had an internal error while taking it\\.`,
      ),
    );
    const stored = JSON.stringify(ctx.journal.takeFailure('space', '/', 'leads.csv'));
    assert.ok(!stored.includes(dir), `no server path in the journal: ${stored}`);
  });

  it('names an errno error by its code only', () => {
    const e = Object.assign(new Error(`ENOSPC: no space left on device, rename '${dir}/x'`), {
      code: 'ENOSPC',
    });
    assert.deepEqual(reasonOf(e), {
      reason: 'the file could not be moved off the server (ENOSPC)',
    });
    assert.deepEqual(reasonOf('odd'), {
      reason: 'the platform had an internal error while taking it',
      detail: 'odd',
    });
  });
});
