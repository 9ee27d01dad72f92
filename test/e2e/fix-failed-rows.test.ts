/**
 * "Fix the failed rows" (issue 12 §5, §6) in Chromium against the real web host and emulator, on
 * a SPOTIO classic site whose /Templates holds only the Lead header row (as a platform may give
 * it): the app then checks columns only, so two bad emails pass here and fail on the platform —
 * "2 imported, 2 failed". The failed rows open as they were sent (read back from the platform's
 * Failed/ folder: the web host's staged copy is gone), one with an address over three lines and
 * after a blank row, so the report's numbering is exercised; they are corrected and sent alone.
 * The platform's database ends with each lead exactly once. The check's warning (the blank row)
 * stays in the result and in History. A row with more values than the header (a comma outside
 * quotes; sent past the app's check, as the CLI's --force can) opens with its extra value in a
 * cell of no column; Send waits until it is emptied, and the row then goes at the header's width.
 * No page error or CSP violation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { leadsByCompany } from '../helpers/emulator-records.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import {
  addDemoSite,
  pickFiles,
  processUntilOutcome,
  startImport,
} from '../helpers/e2e/ui-steps.ts';
import { dispatchInvoke } from '../../core/ipc/dispatch.ts';
import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../core/ipc/contract.ts';
import type { IpcResult } from '../../core/ipc/result.ts';
import { fileNameHeader, stagePath } from '../../core/ipc/ws-protocol.ts';

const leads =
  'Company,Email,Address\n' +
  'Acme Fix,ann@acme.test,1 Main St\n' + // row 2
  'Bolt Fix,bob(at)bolt.test,"Suite 4\n12 High St\nBoston"\n' + // row 3, over three lines
  '\n' + // row 4: blank, skipped (a warning)
  'Cyan Fix,cy@cyan.test,5 Elm St\n' + // row 5
  'Dune Fix,dee@,9 Oak St\n'; // row 6

/** Leads with a row of too many values: "Echo, Ltd" without quotes is two values. */
const longLeads =
  'Company,Email,Address\n' +
  'Fox Fix,fox@fox.test,3 Ash St\n' + // row 2
  'Echo, Ltd,eve@echo.test,2 Pine St\n'; // row 3: 4 values, the header has 3

describe('Fix the failed rows, end to end', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;
  const folder = (name: string) => join(emu.rootOf('classic'), 'Leads', 'Import', name);

  appWithEmulator({ processing: true }, (s) => ({ emu, app } = s));

  it('sends a file whose two rows the platform refuses: 2 imported, 2 failed, warning kept', async () => {
    const { page } = app;
    await addDemoSite(page, emu, { name: 'Acme leads', user: 'classic' });
    // The platform's /Templates with the header row only: the app checks columns, not values.
    await unlink(join(emu.rootOf('classic'), 'Templates', 'Lead.schema.json'));
    await startImport(page, 'Acme leads', /^Lead \(columns only\)$/);
    const verdict = await pickFiles(page, [
      { name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(leads) },
    ]);
    assert.match(verdict, /Ready to upload/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    const outcome = await processUntilOutcome(page, emu);
    assert.match(outcome, /^2 imported, 2 failed/);
    assert.match((await page.getByTestId('check-warnings').textContent()) ?? '', /empty row/);
    assert.deepEqual(leadsByCompany(emu), { 'Acme Fix': 1, 'Cyan Fix': 1 });
  });

  it('opens the failed rows as sent, with the platform’s messages, corrects and sends only them', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Fix the failed rows' }).click();
    const rows = page.getByRole('group', { name: 'Failed rows to correct' });
    await rows.waitFor({ timeout: 30_000 });
    // Rows numbered as the platform's report: the three-line address is one row, the blank counts.
    assert.deepEqual(
      await rows
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-row'))),
      ['3', '6'],
    );
    assert.equal(
      await page.getByLabel('Address, row 3').inputValue(),
      'Suite 4\n12 High St\nBoston',
    );
    assert.equal(await page.getByLabel('Email, row 6').inputValue(), 'dee@');
    assert.match((await rows.locator('tr[data-row="3"]').textContent()) ?? '', /Email/);
    assert.match(
      (await page.getByRole('region', { name: 'Fix the failed rows' }).textContent()) ?? '',
      /read back from the platform’s Failed\/ folder/,
    );
    await page.getByLabel('Email, row 3').fill('bob@bolt.test');
    await page.getByLabel('Email, row 6').fill('dee@dune.test');
    await app.shot('50-fix-failed-rows');
    await page.getByRole('button', { name: 'Check and send 2 rows' }).click();
    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    assert.match((await verdict.textContent()) ?? '', /Ready to upload. 2 rows checked/);
    assert.equal(await page.getByLabel('Name on the server').inputValue(), 'leads_failed-rows.csv');
    await page.getByRole('button', { name: /^Upload/ }).click();
    const outcome = await processUntilOutcome(page, emu);
    assert.match(outcome, /2 rows imported, 0 rows failed/);
    assert.ok((await readdir(folder('Success'))).includes('leads_failed-rows.csv'));
    // Each lead exactly once: the rows imported the first time were not sent again.
    assert.deepEqual(leadsByCompany(emu), {
      'Acme Fix': 1,
      'Bolt Fix': 1,
      'Cyan Fix': 1,
      'Dune Fix': 1,
    });
    await app.shot('51-fix-failed-rows-imported');
  });

  it('History keeps the warning, offers the failed rows, and says what a whole file would do', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'History' })
      .click();
    const row = page.locator('tr[data-outcome="failed"]');
    await row.getByRole('button', { name: 'Error report' }).click();
    const report = page.getByRole('region', { name: 'Error report' });
    await report.getByRole('button', { name: 'Fix the failed rows' }).waitFor();
    assert.match((await report.getByTestId('check-warnings').textContent()) ?? '', /empty row/);
    assert.match(
      (await report.getByTestId('whole-file-warning').textContent()) ?? '',
      /Rows without an ExternalLeadId become new records/,
    );
    await app.shot('52-history-fix-failed-rows');
    // From History the same rows open (the platform still has the sent file in Failed/).
    await report.getByRole('button', { name: 'Fix the failed rows' }).click();
    const rows = page.getByRole('group', { name: 'Failed rows to correct' });
    await rows.waitFor({ timeout: 30_000 });
    assert.equal(await rows.locator('tbody tr').count(), 2);
    // The sent file gone from the platform: said plainly, and picking a file is offered instead.
    const failed = (await readdir(folder('Failed'))).filter((n) => n === 'leads.csv');
    assert.equal(failed.length, 1);
    await unlink(join(folder('Failed'), 'leads.csv'));
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'History' })
      .click();
    await page
      .locator('tr[data-outcome="failed"]')
      .getByRole('button', { name: 'Error report' })
      .click();
    await page
      .getByRole('region', { name: 'Error report' })
      .getByRole('button', { name: 'Fix the failed rows' })
      .click();
    const gone = page.getByRole('alert').filter({ hasText: /no longer available/ });
    await gone.waitFor({ timeout: 30_000 });
    assert.match((await gone.textContent()) ?? '', /Pick the corrected file instead/);
    await app.shot('53-fix-failed-rows-file-gone');
    await page.getByRole('button', { name: 'Pick the corrected file' }).click();
    await page.getByText(/Fix and resubmit: pick the corrected version/).waitFor();
    assert.match(
      (await page.getByText(/Fix and resubmit: pick the corrected version/).textContent()) ?? '',
      /a second time/,
    );
  });

  it('shows a too-long row’s extra value, holds Send until it is emptied, then sends the row', async () => {
    const { page } = app;
    // Sent as the CLI's `upload --force` would: past the local check, over the host's own staging.
    const call = async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>) => {
      const r = (await dispatchInvoke(app.host.handlers, channel, request)) as IpcResult<
        InvokeResponse<C>
      >;
      assert.ok(r.ok, JSON.stringify(r));
      return r.value;
    };
    const staged = await fetch(new URL(stagePath, app.web.origin), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${new URL(app.web.url).hash.slice('#token='.length)}`,
        origin: app.web.origin,
        [fileNameHeader]: 'leads_long.csv',
      },
      body: new TextEncoder().encode(longLeads),
    });
    const ref = ((await staged.json()) as { value: { localRef: string } }).value.localRef;
    const site = (await call('sites:list', {})).sites.find((x) => x.name === 'Acme leads');
    assert.ok(site);
    const { entryId } = await call('upload:start', {
      siteId: site.id,
      localRef: ref,
      kind: 'records',
      remoteName: 'leads_long.csv',
    });
    let outcome = '';
    // The upload runs on after upload:start answers, and the watcher looks every 200 ms.
    for (let i = 0; i < 40 && outcome !== 'failed'; i++) {
      await emu.processNow();
      await sleep(250);
      const { entries } = await call('history:list', {});
      outcome = entries.find((e) => e.id === entryId)?.outcome ?? '';
    }
    assert.equal(outcome, 'failed');
    assert.equal(leadsByCompany(emu)['Fox Fix'], 1);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'History' })
      .click();
    await page
      .locator('tr[data-outcome="failed"]')
      .filter({ hasText: 'leads_long.csv' })
      .getByRole('button', { name: 'Error report' })
      .click();
    await page
      .getByRole('region', { name: 'Error report' })
      .getByRole('button', { name: 'Fix the failed rows' })
      .click();
    const rows = page.getByRole('group', { name: 'Failed rows to correct' });
    await rows.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByLabel('Company, row 3').inputValue(), 'Echo');
    assert.equal(await page.getByLabel('Address, row 3').inputValue(), 'eve@echo.test');
    const extra = page.getByLabel('Extra value 1 (no column), row 3');
    assert.equal(await extra.inputValue(), '2 Pine St');
    assert.equal(await extra.getAttribute('aria-invalid'), 'true');
    const note = page.getByTestId('extra-values-note');
    assert.match(
      (await note.textContent()) ?? '',
      /^Row 3 has more values than the file has columns/,
    );
    const send = page.getByRole('button', { name: 'Check and send 1 row' });
    assert.equal(await send.isDisabled(), true);
    await app.shot('54-fix-failed-rows-extra-values');

    await page.getByLabel('Company, row 3').fill('Echo, Ltd');
    await page.getByLabel('Email, row 3').fill('eve@echo.test');
    await page.getByLabel('Address, row 3').fill('2 Pine St');
    await extra.fill('');
    assert.equal(await note.count(), 0);
    await app.shot('55-fix-failed-rows-extra-emptied');
    await send.click();
    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    assert.match((await verdict.textContent()) ?? '', /Ready to upload. 1 row checked/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    assert.match(await processUntilOutcome(page, emu), /1 row imported, 0 rows failed/);
    assert.equal(leadsByCompany(emu)['Echo, Ltd'], 1);
    assert.equal(leadsByCompany(emu)['Fox Fix'], 1);
  });
});
