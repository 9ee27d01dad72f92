/**
 * Focus and a refused password in the import wizard (issue 13), in Chromium against the real web
 * host and emulator. Focus lands on the STEP's heading after each change — a site added (its
 * card's heading; its "Import files" then lands in the password the wizard asks first), Continue
 * at the password prompt, choosing what to import, a file finishing its check (the checked step's
 * heading, not the assistant grid's below it) — and a wrong "not saved" password, refused by the
 * real server (auth-failed), is asked again in place, on the first step and at the upload, the
 * step then going on with the new one. axe-core runs at every screenshot (app.shot).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { enterAskedPassword, siteRadio } from '../helpers/e2e/ui-steps.ts';

type Focused = { tag: string; text: string; label: string; stepHeading: boolean };

/** What has focus: its tag, text, label (for a box) and whether it is a step's heading. */
function focused(page: Page): Promise<Focused> {
  // A string, not a function: tsx would wrap a named arrow in a helper the page does not have.
  return page.evaluate(`(() => {
    const a = document.activeElement;
    const label = a && a.id ? document.querySelector('label[for="' + a.id + '"]') : null;
    return {
      tag: a ? a.tagName : '',
      text: a ? (a.textContent || '').trim() : '',
      label: label ? (label.textContent || '').trim() : '',
      stepHeading: Boolean(a && a.hasAttribute('data-step-heading')),
    };
  })()`);
}

/** Waits (up to 5 s) for focus to satisfy `test`, and returns what has it then. */
async function waitForFocus(page: Page, test: (f: Focused) => boolean): Promise<Focused> {
  let last = await focused(page);
  for (let i = 0; i < 50 && !test(last); i++) {
    await page.waitForTimeout(100);
    last = await focused(page);
  }
  return last;
}

/** Asserts focus is on the step heading whose text matches `name`. */
async function assertStepFocus(page: Page, name: RegExp): Promise<void> {
  const f = await waitForFocus(page, (x) => x.stepHeading && name.test(x.text));
  assert.equal(f.tag, 'H2', `focus on a heading, not ${f.tag} “${f.text}”`);
  assert.ok(f.stepHeading, `the step's heading, not “${f.text}”`);
  assert.match(f.text, name);
}

/** Asserts the prompt is back saying the password was refused, with focus in its box. */
async function assertAskedAgain(page: Page): Promise<void> {
  const gate = page.getByRole('form', { name: 'Password for this import' });
  await gate.getByTestId('password-refused').waitFor({ timeout: 20_000 });
  assert.equal(
    await gate.getByTestId('password-refused').textContent(),
    'The server refused this password. Type it again.',
  );
  const f = await waitForFocus(page, (x) => x.tag === 'INPUT');
  assert.deepEqual([f.tag, f.label], ['INPUT', 'Password (not saved)']);
  assert.equal(await gate.getByLabel('Password (not saved)').inputValue(), '');
}

/** Adds a site of a demo user that asks for its password every time; tests it with `demo`. */
async function addAskSite(
  page: Page,
  emu: TestEmulator,
  name: string,
  user: string,
  platform: RegExp,
) {
  const add = page.getByRole('button', { name: 'Add a site' });
  const form = page.getByRole('form', { name: 'Add a site' });
  await add.or(form).first().waitFor({ timeout: 15_000 });
  if (await add.isVisible()) await add.click();
  await page.getByRole('radio', { name: platform }).check();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(emu.port));
  await page.getByLabel('User name', { exact: true }).fill(user);
  await page.getByRole('radio', { name: 'Ask every time' }).check();
  await page.getByRole('button', { name: 'Save site' }).click();
  const card = page.getByRole('region', { name: `Site ${name}` });
  await card.getByText('Password: asked every time').waitFor({ timeout: 15_000 });
  // The form is gone: focus is on the new site's name, where its card (the next step) begins.
  const f = await waitForFocus(page, (x) => x.tag === 'H2' && x.text === name);
  assert.deepEqual([f.tag, f.text], ['H2', name], 'focus on the new site’s heading');
  await card.getByLabel('Password for this test').fill('demo');
  await card.getByRole('button', { name: 'Test connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
  const passed = card.getByText('All checks passed.');
  await dialog.or(passed).first().waitFor({ timeout: 15_000 });
  if (await dialog.isVisible()) {
    await dialog.getByRole('button', { name: 'Accept and remember' }).click();
  }
  await passed.waitFor({ timeout: 20_000 });
}

describe('step focus and a refused password', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;

  appWithEmulator({ processing: false }, (s) => ({ emu, app } = s));

  it('asks a refused password again in place, then focuses each new step’s heading', async () => {
    const { page } = app;
    // The first run: no site yet, so Sites opens "Add a site" by itself.
    await addAskSite(page, emu, 'Acme objects', 'flexible', /SPOTIO — flexible/);
    // "Import files" on the new site, by keyboard: the button goes with the Sites screen, so
    // focus goes to the wizard's first step — the password it asks first — not the page's body.
    const card = page.getByRole('region', { name: 'Site Acme objects' });
    await card.getByRole('button', { name: 'Import files' }).focus();
    await page.keyboard.press('Enter');
    const box = await waitForFocus(page, (x) => x.tag === 'INPUT');
    assert.deepEqual([box.tag, box.label], ['INPUT', 'Password (not saved)']);
    await app.shot('a11y-09-site-added-import-focus');
    await enterAskedPassword(page, 'not-the-password');
    // The real server refuses it: the prompt is back where the user is, not an error page.
    await assertAskedAgain(page);
    assert.equal(await page.getByText(/Could not read the server’s templates/).count(), 0);
    await app.shot('a11y-10-password-refused');

    // Continue: the prompt goes, focus goes to the step (not to the page's body).
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Account', exact: true }).waitFor({ timeout: 15_000 });
    await assertStepFocus(page, /^What do you want to import\?$/);

    await page.getByRole('button', { name: 'Account', exact: true }).click();
    await assertStepFocus(page, /^Pick the file with/);

    // A records file with a problem: the grid ("Fix the rows here") is on the page too, and
    // focus is on the checked step's heading, above it.
    const text = 'Name,Employees,ExternalDataObjectId\nGood Co,12,A-1\nBad Co,lots,A-2\n';
    await page
      .getByTestId('file-input')
      .setInputFiles([{ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(text) }]);
    await page.getByTestId('check-verdict').waitFor({ timeout: 60_000 });
    await page.getByTestId('grid-counts').waitFor({ timeout: 30_000 });
    await assertStepFocus(page, /^Checked accounts\.csv$/);
    // The step's heading, its verdict and the one-click fixes come before the grid.
    const order = await page.evaluate(`(() => {
      const at = (sel) => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().top : -1; };
      return [at('#checked-title'), at('[data-testid="check-verdict"]'), at('[data-testid="grid-panel"]')];
    })()`);
    const [heading, verdict, grid] = order as number[];
    assert.ok(heading! >= 0 && heading! < verdict! && verdict! < grid!, JSON.stringify(order));
    await app.shot('a11y-11-checked-focus');
  });

  it('asks again in place when the server refuses the password at the upload, then uploads', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    await addAskSite(page, emu, 'Acme space', 'space', /Flatfile/);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Import' })
      .click();
    await siteRadio(page, 'Acme space').check({ timeout: 15_000 });
    // A Space has no templates: the wrong password is only found out at the upload.
    await enterAskedPassword(page, 'not-the-password');
    await page.getByRole('button', { name: /A file for this Space/ }).click();
    await page
      .getByTestId('file-input')
      .setInputFiles([
        { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('Name\nAnn Lee\n') },
      ]);
    await page.getByTestId('check-verdict').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /^Upload/ }).click();
    await assertAskedAgain(page);
    assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0, 'no retry with it');
    await app.shot('a11y-12-password-refused-upload');

    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { name: /Uploaded. Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    await assertStepFocus(page, /^Uploaded. Waiting for the platform/);
    assert.equal(await page.getByTestId('password-refused').count(), 0);
  });
});
