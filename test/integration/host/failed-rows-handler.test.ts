/**
 * `history:failed-rows` against the in-process emulator (issue 12 §5): a classic file with a
 * row whose address spans three lines fails in part; the failed rows come back from the file on
 * this computer, then — once that file has changed — from the platform's Failed/ copy (password
 * of an "ask every time" site needed then), then a plain "no longer available" when that is gone
 * too. The resubmission of just those rows, fixed, ends with each lead stored once. The check's
 * warnings sent with `upload:start` are kept in History. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventPayload } from '../../../core/ipc/contract.ts';
import { failedRowsCsv } from '../../../core/report/failed-rows.ts';
import { createMemorySecretStore } from '../../../engine/secret-store.ts';
import { handlersUnderTest, value } from '../../helpers/host-handlers.ts';
import {
  closeTestEmulator,
  startTestEmulator,
  type TestEmulator,
} from '../../helpers/start-emulator.ts';
import { leadsByCompany } from '../../helpers/emulator-records.ts';

const h = handlersUnderTest();
const { call } = h;
let emu: TestEmulator;
let work: string;

/** Stages `path`, uploads it as `remoteName`, and runs cycles until the platform's verdict. */
async function send(
  siteId: string,
  path: string,
  remoteName: string,
  warnings?: string[],
): Promise<{ entryId: string; outcome: EventPayload<'outcome:update'> }> {
  const { started } = await h.upload(path, {
    siteId,
    kind: 'records',
    remoteName,
    secret: 'demo',
    ...(warnings ? { warnings } : {}),
  });
  const outcome = await h.untilVerdict(emu, 10, (p) => p.entryId === started.entryId);
  return { entryId: started.entryId, outcome };
}

const sentText =
  'Company,Email,Address\n' +
  'Acme,ann@acme.test,1 Main St\n' +
  'Bolt,bob(at)bolt.test,"Suite 4\n12 High St\nBoston"\n' +
  'Cyan,cy@cyan.test,5 Elm St\n' +
  'Dune,dee@,9 Oak St\n';

describe('history:failed-rows against the emulator', { timeout: 90_000 }, () => {
  let siteId = '';
  let entryId = '';
  const sentPath = () => join(work, 'leads.csv');

  before(async () => {
    emu = await startTestEmulator({ processing: true });
    ({ work } = await h.open('sia-failed-rows-', {
      secrets: createMemorySecretStore(),
      watchPollMs: 50,
      watchExpectedWaitMs: 20_000,
    }));
    // The emulator's host key is accepted whenever asked.
    h.events.on('hostkey:prompt', (p: EventPayload<'hostkey:prompt'>) => {
      void call('hostkey:answer', { promptId: p.promptId, decision: 'accept' });
    });
    const saved = value(
      await call('sites:save', {
        site: {
          name: 'Leads',
          profile: 'classic',
          host: '127.0.0.1',
          port: emu.port,
          username: 'classic',
          authMethod: 'password',
          secretMode: 'ask',
        },
      }),
    );
    siteId = saved.site.id;
  });

  after(async () => {
    await h.close();
    if (emu) await closeTestEmulator(emu);
  });

  it('keeps the check’s warnings with the upload, and History lists them', async () => {
    await writeFile(sentPath(), sentText);
    const sent = await send(siteId, sentPath(), 'leads.csv', ['1 empty row was skipped.']);
    entryId = sent.entryId;
    assert.equal(sent.outcome.outcome, 'failed');
    assert.equal(sent.outcome.rowsImported, 2);
    assert.equal(sent.outcome.rowsFailed, 2);
    const entry = value(await call('history:list', {})).entries.find((e) => e.id === entryId);
    assert.deepEqual(entry?.warnings, ['1 empty row was skipped.']);
  });

  it('reads the failed rows from the unchanged file on this computer, numbered as the report', async () => {
    const r = value(await call('history:failed-rows', { entryId }));
    assert.equal(r.source, 'this-computer');
    assert.deepEqual(r.header, ['Company', 'Email', 'Address']);
    assert.deepEqual(
      r.rows.map((x) => [x.row, x.values, x.problems.map((p) => p.column)]),
      [
        [3, ['Bolt', 'bob(at)bolt.test', 'Suite 4\n12 High St\nBoston'], ['Email']],
        [5, ['Dune', 'dee@', '9 Oak St'], ['Email']],
      ],
    );
    assert.match(r.rows[0]!.problems[0]!.message, /e-?mail/i);
  });

  it('falls back to the platform’s Failed/ copy when the file here changed (password asked)', async () => {
    await writeFile(sentPath(), sentText.replace('Acme', 'Acme Corp'));
    const asked = await call('history:failed-rows', { entryId });
    assert.equal(asked.ok, false);
    assert.equal(asked.ok ? '' : asked.error.code, 'secret-required');
    const r = value(await call('history:failed-rows', { entryId, secret: 'demo' }));
    assert.equal(r.source, 'server');
    assert.deepEqual(
      r.rows.map((x) => x.row),
      [3, 5],
    );
  });

  it('says plainly when the sent file is gone from both places', async () => {
    const failed = join(emu.rootOf('classic'), 'Leads', 'Import', 'Failed');
    assert.ok((await readdir(failed)).includes('leads.csv'));
    await unlink(join(failed, 'leads.csv'));
    const r = await call('history:failed-rows', { entryId, secret: 'demo' });
    assert.equal(r.ok, false);
    const message = r.ok ? '' : r.error.message;
    assert.equal(r.ok ? '' : r.error.code, 'not-found');
    assert.match(message, /changed since it was sent/);
    assert.match(message, /no longer has it in \/Leads\/Import\/Failed\//);
    assert.match(message, /Pick the corrected file instead/);
  });

  it('resends only the fixed failed rows: every lead stored exactly once', async () => {
    await writeFile(sentPath(), sentText);
    const r = value(await call('history:failed-rows', { entryId }));
    const fixed = r.rows.map((x) =>
      x.values.map((v) => v.replace('(at)', '@').replace(/^dee@$/, 'dee@dune.test')),
    );
    const again = join(work, 'leads-failed-rows.csv');
    await writeFile(again, failedRowsCsv(r.header, fixed));
    const sent = await send(siteId, again, 'leads_failed-rows.csv');
    assert.equal(sent.outcome.outcome, 'imported', JSON.stringify(sent.outcome));
    assert.equal(sent.outcome.rowsImported, 2);
    assert.deepEqual(leadsByCompany(emu), { Acme: 1, Bolt: 1, Cyan: 1, Dune: 1 });
  });
});
