/**
 * SPOTIO flexible mode in Chromium against the real web host and emulator, on a site that asks
 * for its password every time: a data object chosen from the server's /Templates imported start
 * to finish; a header-only template file picked from disk (its object name corrected in the
 * field the picker prefills from the file name) imported the same way; and a failed file fixed
 * and resubmitted from History — the password asked again, the corrected file checked with the
 * same template, uploaded and imported. No page error or CSP violation in any flow.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import {
  accountTemplate,
  fixedContacts,
  goodAccounts,
  moreAccounts,
  orphanContacts,
} from '../helpers/e2e/files.ts';
import { enterAskedPassword, pickFiles, processUntilOutcome } from '../helpers/e2e/ui-steps.ts';

describe('flexible mode, end to end', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;
  const success = () => readdir(join(emu.rootOf('flexible'), 'DataObjects', 'Import', 'Success'));

  appWithEmulator({ processing: true }, (s) => ({ emu, app } = s));

  it('adds a flexible site whose password is asked every time', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Add a site' }).waitFor({ timeout: 15_000 });
    await page.getByRole('radio', { name: /SPOTIO — flexible/ }).check();
    await page.getByLabel('Name', { exact: true }).fill('Acme objects');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(emu.port));
    await page.getByLabel('User name', { exact: true }).fill('flexible');
    await page.getByRole('radio', { name: 'Ask every time' }).check();
    await page.getByRole('button', { name: 'Save site' }).click();
    const card = page.getByRole('region', { name: 'Site Acme objects' });
    await card.getByText('Password: asked every time').waitFor({ timeout: 15_000 });
    await card.getByLabel('Password for this test').fill('demo');
    await card.getByRole('button', { name: 'Test connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Accept and remember' }).click();
    await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
  });

  it('imports Accounts chosen from the server’s /Templates: check, upload, imported with counts', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Import' })
      .click();
    await enterAskedPassword(page, 'demo');
    // The list comes from the server's /Templates (read with the typed password).
    const templates = page.getByRole('button', { name: /^(Account|Contact)$/ });
    await templates.first().waitFor({ timeout: 15_000 });
    assert.deepEqual(await templates.allTextContents(), ['Account', 'Contact']);
    await page.getByRole('button', { name: 'Account', exact: true }).click();
    const verdict = await pickFiles(page, [goodAccounts('accounts-may.csv')]);
    assert.match(verdict, /Ready to upload. 3 rows checked, no problems found/);
    assert.doesNotMatch(verdict, /columns were checked/); // the full template: types checked too
    assert.equal(
      await page.getByLabel('Name on the server').inputValue(),
      'Account_accounts-may.csv',
    );
    await app.shot('18-flexible-checked');
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page
      .getByRole('heading', { name: /Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    const text = await processUntilOutcome(page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /3 rows imported, 0 rows failed, of 3 rows/);
    assert.ok((await success()).includes('Account_accounts-may.csv'));
    await app.shot('19-flexible-imported');
  });

  it('imports with a downloaded template file: the object name guessed, corrected, checked by columns', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    // The server's list is read first (the picker warns of an object it does not have).
    await page.getByRole('button', { name: 'Account', exact: true }).waitFor({ timeout: 15_000 });
    await page
      .getByLabel(/Or use a template file you downloaded/)
      .setInputFiles([accountTemplate()]);
    const template = page.getByRole('region', { name: 'Template file' });
    const object = template.getByLabel('Data object');
    await object.waitFor();
    // The download's name says nothing of the object: the guess is only a start.
    assert.equal(await object.inputValue(), 'import');
    assert.match((await template.textContent()) ?? '', /has no import \(it has Account, Contact\)/);
    await object.fill('Acc ount');
    assert.match(
      (await template.getByRole('alert').textContent()) ?? '',
      /letters and digits only/,
    );
    assert.ok(await template.getByRole('button', { name: /Use this template/ }).isDisabled());
    await object.fill('Account');
    await app.shot('20-template-file');
    await template.getByRole('button', { name: 'Use this template for Account' }).click();
    await page
      .getByRole('heading', {
        name: /Account records \(columns checked against your template file\)/,
      })
      .waitFor();
    const verdict = await pickFiles(page, [moreAccounts('accounts-june.csv')]);
    assert.match(verdict, /Ready to upload. 2 rows checked/);
    assert.match(verdict, /the columns were checked, the values were not/);
    assert.equal(
      await page.getByLabel('Name on the server').inputValue(),
      'Account_accounts-june.csv',
    );
    await page.getByRole('button', { name: /^Upload/ }).click();
    const text = await processUntilOutcome(page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /2 rows imported, 0 rows failed, of 2 rows/);
    assert.ok((await success()).includes('Account_accounts-june.csv'));
  });

  it('resubmits a failed file: asks the password again, checks the fix with the same template, imports it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: 'Contact', exact: true }).click();
    await pickFiles(page, [orphanContacts('contacts-may.csv')]);
    await page.getByRole('button', { name: /^Upload/ }).click();
    assert.match(await processUntilOutcome(page, emu), /1 imported, 1 failed/);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'History' })
      .click();
    const row = page.locator('tr[data-outcome="failed"]');
    await row.getByRole('button', { name: 'Fix and resubmit' }).click();
    // A new visit to Import: the password is asked before the template is read.
    await page.getByRole('form', { name: 'Password for this import' }).waitFor();
    await app.shot('21a-resubmit-password');
    await enterAskedPassword(page, 'demo');
    await page
      .getByText(/Fix and resubmit: pick the corrected version of/)
      .waitFor({ timeout: 15_000 });
    // Checked with the server's Contact template, as the first upload was: a row without its
    // required LastName is caught here, not on the server.
    const still = await pickFiles(page, [
      { ...fixedContacts('contacts-may.csv'), buffer: Buffer.from('FirstName,LastName\nDee,\n') },
    ]);
    assert.match(still, /1 of 1 row would not be imported/);
    assert.doesNotMatch(still, /no template/i);
    await page.getByRole('button', { name: 'Pick another file' }).click();
    const verdict = await pickFiles(page, [fixedContacts('contacts-may.csv')]);
    assert.match(verdict, /Ready to upload. 2 rows checked/);
    const name = await page.getByLabel('Name on the server').inputValue();
    assert.match(name, /^Contact_contacts-may_fix-\d{8}-\d{6}\.csv$/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    const text = await processUntilOutcome(page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /2 rows imported, 0 rows failed/);
    assert.ok((await success()).includes(name), 'the corrected file, under its fresh name');
    await app.shot('21b-resubmit-imported');
  });
});
