/**
 * The import assistant's grid (issue 12 §4) in Chromium against the real web host and emulator,
 * on a SPOTIO classic site: a file with a bad email and a day-first date opens in the grid with
 * its rows with problems first; a cell is fixed by typing (checked as typed, counts updated), a
 * row removed, a date replaced in its column; the fixed file is checked again, sent, and the
 * platform imports each record exactly once with the fixed values. Then "Send only the valid
 * rows" after an edit splits the edited rows; a converted file fixed in the grid keeps the
 * conversion's warnings through the upload. The emulator's database is read afterwards.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { encodeWindows1252 } from '../../core/import/index.ts';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { storedLeads } from '../helpers/emulator-records.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { addDemoSite, processUntilOutcome, startImport } from '../helpers/e2e/ui-steps.ts';

/** The row numbers the grid shows, top to bottom. */
async function shownLines(page: Page): Promise<string[]> {
  const headers = page.getByTestId('grid').getByRole('rowheader');
  return (await headers.allTextContents()).map((t) => t.replace(/\D.*$/s, ''));
}

const file =
  'Company,Email,Address,FollowUp,ExternalLeadId\n' +
  'Alpha Grid,alpha@ok.example,1 Main St,2026-12-31,G1\n' +
  'Bravo Grid,bravo@,2 Main St,2026-11-30,G2\n' +
  'Charlie Grid,charlie@ok.example,3 Main St,31/12/2026,G3\n' +
  'Delta Grid,delta@ok.example,4 Main St,2026-10-01,G4\n' +
  'Echo Grid,echo@ok.example,5 Main St,2026-09-01,G5\n' +
  'Remove Grid,remove@,6 Main St,2026-08-01,G6\n';

describe('the grid of a checked file, end to end', { timeout: 300_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;

  appWithEmulator({ processing: true }, (s) => ({ emu, app } = s));

  it('fixes a file in the grid and imports each record once', async () => {
    const { page } = app;
    await addDemoSite(page, emu, { name: 'Grid leads', user: 'classic' });
    await startImport(page, 'Grid leads', /^Lead$/);
    await page
      .getByTestId('file-input')
      .setInputFiles([{ name: 'grid.csv', mimeType: 'text/csv', buffer: Buffer.from(file) }]);
    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    assert.match((await verdict.textContent()) ?? '', /3 of 6 rows would not be imported/);
    // The grid is on the page, so the verdict points to it rather than away to the file.
    assert.match((await verdict.textContent()) ?? '', /Fix them under “Fix the rows here”/);

    const counts = page.getByTestId('grid-counts');
    await counts.waitFor({ timeout: 30_000 });
    assert.equal(await counts.textContent(), '3 of 6 rows have problems (3 problems).');
    const grid = page.getByRole('grid', { name: /Rows of the file/ });
    assert.equal(await grid.getAttribute('aria-rowcount'), '7');
    assert.equal(await grid.getAttribute('aria-colcount'), '6');
    await grid.getByRole('row').nth(6).waitFor();
    assert.deepEqual(await shownLines(page), ['3', '4', '7', '2', '5', '6']);
    const badMail = grid.getByRole('gridcell', { name: /bravo@ Problem:/ });
    assert.match((await badMail.getAttribute('title')) ?? '', /email/i);
    assert.equal(await badMail.getAttribute('aria-invalid'), 'true');
    await grid.scrollIntoViewIfNeeded();
    await app.shot('60-grid-problems-first');

    await page.getByTestId('fix-offers').waitFor({ timeout: 30_000 });
    // Keyboard: the grid's first cell is active; → to Email, Enter to edit, typed and checked.
    await grid.focus();
    await page.keyboard.press('ArrowRight');
    const status = page.getByTestId('grid-status');
    assert.match((await status.textContent()) ?? '', /^Row 3, Email: .*email/);
    await page.keyboard.press('Enter');
    const input = grid.getByRole('textbox', { name: 'Row 3, Email' });
    await input.fill('bravo@still');
    await page.getByText(/Row 3, Email: .*bravo@still/).waitFor();
    await input.fill('bravo@ok.example');
    await page.getByText('Row 3, Email: no problem.').waitFor();
    await app.shot('61-grid-editing');
    await page.keyboard.press('Enter');
    await page
      .getByText('2 of 6 rows have problems (2 problems). 1 row edited, 0 rows removed.')
      .waitFor();
    assert.equal(await grid.getByRole('gridcell', { name: 'bravo@ok.example' }).count(), 1);
    // a column fix works on the original file: once rows are edited it is no longer offered
    await page.getByTestId('fix-offers').waitFor({ state: 'detached', timeout: 15_000 });

    // Escape leaves a cell as it was.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('F2');
    await grid.getByRole('textbox', { name: 'Row 4, Email' }).fill('not kept');
    await page.keyboard.press('Escape');
    assert.equal(await grid.getByRole('gridcell', { name: 'not kept' }).count(), 0);

    // Remove a row: pick it, then the button names it.
    await grid.getByRole('gridcell', { name: 'Remove Grid' }).click();
    await page.getByRole('button', { name: 'Remove row 7' }).click();
    await page
      .getByText('1 of 5 rows has problems (1 problem). 1 row edited, 1 row removed.')
      .waitFor();
    assert.equal(await grid.getByRole('gridcell', { name: 'Remove Grid' }).count(), 0);

    // Find and replace in one column.
    const replace = page.getByRole('form', { name: 'Find and replace in a column' });
    await replace.getByLabel('In column').selectOption('FollowUp');
    await replace.getByLabel('Find').fill('31/12/2026');
    await replace.getByLabel('Replace with').fill('2026-12-31');
    await replace.getByLabel('Whole value only').check();
    await replace.getByRole('button', { name: 'Replace all' }).click();
    await page.getByText(/Replaced in 1 value of FollowUp/).waitFor();
    await page
      .getByText('No row has a problem now (5 rows). 2 rows edited, 1 row removed.')
      .waitFor();
    await app.shot('62-grid-fixed');

    await page.getByRole('button', { name: 'Send the fixed file' }).click();
    await page.getByText(/Ready to upload. 5 rows checked/).waitFor({ timeout: 60_000 });
    assert.match(
      (await page.getByTestId('grid-fixed-note').textContent()) ?? '',
      /fixed it in the grid: “grid.csv”/,
    );
    // The file fixed in the grid, as it is sent, can be saved.
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('grid-fixed-note').getByRole('button', { name: 'Save this file' }).click(),
    ]);
    assert.equal(saved.suggestedFilename(), 'grid.csv');
    const savedText = await readFile((await saved.path()) ?? '', 'utf8');
    assert.match(savedText, /Bravo Grid/);
    assert.doesNotMatch(savedText, /Remove Grid/);
    await page.getByTestId('grid-fixed-note').scrollIntoViewIfNeeded();
    await app.shot('62b-grid-fixed-save');
    await page.getByRole('button', { name: /^Upload/ }).click();
    const outcome = await processUntilOutcome(page, emu);
    assert.match(outcome, /5 rows imported, 0 rows failed/);
    const success = await readdir(join(emu.rootOf('classic'), 'Leads', 'Import', 'Success'));
    assert.ok(success.includes('grid.csv'), success.join());
    for (const company of ['Alpha Grid', 'Bravo Grid', 'Charlie Grid', 'Delta Grid', 'Echo Grid']) {
      assert.equal(storedLeads(emu, company).length, 1, company);
    }
    assert.deepEqual(storedLeads(emu, 'Remove Grid'), []);
    assert.equal(storedLeads(emu, 'Bravo Grid')[0]?.Email, 'bravo@ok.example');
    assert.equal(storedLeads(emu, 'Charlie Grid')[0]?.FollowUp, '2026-12-31');
  });

  it('splits the rows as edited when only the valid rows are sent', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: /^Lead$/ }).click();
    const mixed =
      'Company,Email,Address\n' +
      'Split One,one@split.example,1 Split St\n' +
      'Split Two,two@,2 Split St\n' +
      'Split Three,three@,3 Split St\n';
    await page
      .getByTestId('file-input')
      .setInputFiles([{ name: 'split.csv', mimeType: 'text/csv', buffer: Buffer.from(mixed) }]);
    await page.getByTestId('grid-counts').waitFor({ timeout: 60_000 });
    const grid = page.getByRole('grid', { name: /Rows of the file/ });
    await grid.getByRole('gridcell', { name: /^two@/ }).dblclick();
    await grid.getByRole('textbox', { name: 'Row 3, Email' }).fill('two@split.example');
    await page.keyboard.press('Enter');
    await page.getByText(/^1 of 3 rows has problems/).waitFor();
    await page.getByRole('button', { name: 'Send only the valid rows' }).click();
    const note = page.getByTestId('partial-note');
    await note.waitFor({ timeout: 60_000 });
    await page.getByText(/Ready to upload. 2 rows checked/).waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      note.getByRole('button', { name: 'Save the rows with problems' }).click(),
    ]);
    assert.equal(
      await readFile((await download.path()) ?? '', 'utf8'),
      // the file was sent as it is (already the template's): its rows keep their line ends
      'Company,Email,Address\nSplit Three,three@,3 Split St\n',
    );
    await page.getByRole('button', { name: /^Upload/ }).click();
    assert.match(await processUntilOutcome(page, emu), /2 rows imported, 0 rows failed/);
    assert.equal(storedLeads(emu, 'Split Two')[0]?.Email, 'two@split.example');
    assert.deepEqual(storedLeads(emu, 'Split Three'), []);
  });

  it('keeps the conversion’s warnings when the converted file is fixed in the grid', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: /^Lead$/ }).click();
    const text =
      'Company;Email;Address\r\n' +
      'Crème Grid;creme@ok.example;1 Rue Haute\r\n' +
      'Noël Grid;noel@;2 Rue Basse\r\n';
    await page.getByTestId('file-input').setInputFiles([
      {
        name: 'creme.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(encodeWindows1252(text)),
      },
    ]);
    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    const converted = /Read as Windows-1252 and sent as UTF-8\./;
    assert.match((await verdict.textContent()) ?? '', converted);
    const grid = page.getByRole('grid', { name: /Rows of the file/ });
    await grid.getByRole('gridcell', { name: /^noel@ Problem:/ }).dblclick();
    await grid.getByRole('textbox', { name: 'Row 3, Email' }).fill('noel@ok.example');
    await page.keyboard.press('Enter');
    await page.getByText(/^No row has a problem now/).waitFor();
    await page.getByRole('button', { name: 'Send the fixed file' }).click();
    await page.getByTestId('grid-fixed-note').waitFor({ timeout: 60_000 });
    await page.getByText(/Ready to upload. 2 rows checked/).waitFor({ timeout: 60_000 });
    // The file fixed in the grid is still the converted one: what the conversion did stays said.
    assert.match((await verdict.textContent()) ?? '', converted);
    await verdict.scrollIntoViewIfNeeded();
    await app.shot('63-grid-fixed-conversion-warnings');
    await page.getByRole('button', { name: /^Upload/ }).click();
    assert.match(await processUntilOutcome(page, emu), /2 rows imported, 0 rows failed/);
    assert.match((await page.getByTestId('check-warnings').textContent()) ?? '', converted);
    assert.equal(storedLeads(emu, 'Noël Grid')[0]?.Email, 'noel@ok.example');
  });
});
