/**
 * The app in Chromium against the real web host and a real emulator: add sites (host key
 * accepted), import leads (classic) start to finish, a file that fails on the server showing its
 * rows (flexible), territories on the map then imported, history and resubmit, settings, a
 * changed host key blocked, and no request leaving for a non-local host. Screenshots of each
 * main screen go to test-artifacts/screenshots/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../helpers/start-emulator.ts';
import { screenshotDir, startApp, type AppHarness } from './helpers/app-harness.ts';
import { areasKml, badLeads, goodLeads, orphanContacts, regionsKml } from './helpers/files.ts';
import { startSwitchProxy, type SwitchProxy } from './helpers/switch-proxy.ts';
import { addSite, pickFiles, startImport } from './helpers/ui-steps.ts';

/** Runs processing cycles until the page shows the verdict (a new file waits one cycle). */
async function processUntilOutcome(app: AppHarness, emu: TestEmulator): Promise<string> {
  const outcome = app.page.getByTestId('outcome');
  for (let i = 0; i < 20; i++) {
    await emu.processNow();
    try {
      await outcome.waitFor({ timeout: 1_000 });
      return (await outcome.textContent()) ?? '';
    } catch {
      // not yet: run another cycle
    }
  }
  throw new Error('no verdict after 20 cycles');
}

describe('the app, end to end', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let other: TestEmulator;
  let app: AppHarness;
  let proxy: SwitchProxy;

  before(async () => {
    emu = await startTestEmulator({ processing: true });
    other = await startTestEmulator({ processing: false });
    proxy = await startSwitchProxy(emu.port);
    app = await startApp();
  });
  after(async () => {
    await app?.close();
    await proxy?.close();
    await emu?.close();
    await other?.close();
  });

  it('adds a SPOTIO classic site: platform in its words, host key by SHA256 fingerprint, live checks', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();
    await app.shot('01-first-run');
    await addSite(
      page,
      {
        platform: /SPOTIO — classic/,
        name: 'Acme leads',
        port: emu.port,
        user: 'classic',
        password: 'demo',
      },
      emu.hostKeyFingerprint,
    );
    const steps = await page
      .locator('[data-step]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-status')}`),
      );
    assert.ok(steps.includes('login:ok'), steps.join());
    assert.ok(
      steps.some((s) => s.startsWith('folders:ok')),
      steps.join(),
    );
    assert.equal(await page.getByText('Password: saved in keychain').count(), 1);
    await app.shot('02-sites');
  });

  it('shows local problems in a table before anything is sent', async () => {
    const { page } = app;
    await startImport(page, 'Acme leads', /^Lead$/);
    const verdict = await pickFiles(page, [badLeads('leads-bad.csv')]);
    assert.match(verdict, /would not be imported/);
    assert.ok(await page.getByRole('button', { name: /^Upload/ }).isDisabled());
    const rows = page.getByRole('table').locator('tbody tr');
    assert.ok((await rows.count()) >= 3);
    await page.getByLabel('Column', { exact: true }).selectOption({ value: 'Email' });
    assert.equal(await rows.count(), 1);
    await page.getByLabel('Column', { exact: true }).selectOption({ value: '' });
    await app.shot('03-import-problems');
  });

  it('imports leads start to finish: check, upload with progress, wait, imported', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('button', { name: /^Lead$/ }).click();
    const verdict = await pickFiles(page, [goodLeads('leads-may.csv')]);
    assert.match(verdict, /Ready to upload. 3 rows checked/);
    assert.equal(await page.getByLabel('Name on the server').inputValue(), 'leads-may.csv');
    await app.shot('04-import-checked');
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page
      .getByRole('heading', { name: /Uploaded. Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    assert.match((await page.getByRole('main').textContent()) ?? '', /about 1 h/);
    await app.shot('05-import-waiting');
    const text = await processUntilOutcome(app, emu);
    assert.match(text, /Imported/);
    assert.match(text, /3 rows imported, 0 rows failed/);
    const success = await readdir(join(emu.rootOf('classic'), 'Leads', 'Import', 'Success'));
    assert.ok(success.includes('leads-may.csv'), success.join());
    await app.shot('06-import-imported');
  });

  it('shows the server’s error rows for a file that passes locally but fails on the platform', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    await addSite(
      page,
      {
        platform: /SPOTIO — flexible/,
        name: 'Acme objects',
        port: emu.port,
        user: 'flexible',
        password: 'demo',
      },
      emu.hostKeyFingerprint,
      true,
    );
    await startImport(page, 'Acme objects', /^Contact$/);
    const verdict = await pickFiles(page, [orphanContacts('may contacts.csv')]);
    assert.match(verdict, /Ready to upload/);
    assert.match(
      await page.getByLabel('Name on the server').inputValue(),
      /^Contact_may contacts\.csv$/,
    );
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page
      .getByRole('heading', { name: /Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    const text = await processUntilOutcome(app, emu);
    assert.match(text, /Failed/);
    const report = page.getByRole('region', { name: 'The platform’s error report' });
    await report.waitFor();
    assert.match((await report.textContent()) ?? '', /RelatedTo/);
    assert.match((await report.textContent()) ?? '', /R-999999/);
    const failed = await page
      .locator('.timeline li[data-step="outcome"]')
      .getAttribute('data-status');
    assert.equal(failed, 'failed');
    await app.shot('07-import-failed-server-rows');
  });

  it('shows territories on the offline map, invalid ones in red with their reasons', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: 'Territories (KML)' }).click();
    const verdict = await pickFiles(page, [areasKml(true), regionsKml()]);
    assert.match(verdict, /2 territories of 6 territories would not be imported/);
    assert.match(
      (await page.getByText('Processing order:').textContent()) ?? '',
      /1_regions\.kml.*2_areas\.kml/,
    );
    const list = page.getByRole('list', { name: 'Territories' });
    assert.match((await list.textContent()) ?? '', /Bow Tie.*cross/is);
    await page.locator('.maplibregl-canvas').waitFor();
    await page.waitForTimeout(1500); // tiles of the local GeoJSON are drawn by the map's worker
    await page.locator('.map-layout').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, '08-territories-map.png') });
    await page.waitForFunction(() => document.querySelector('.maplibregl-canvas') !== null);
    await list.getByRole('button', { name: /Bow Tie/ }).click();
    assert.match((await page.getByTestId('territory-detail').textContent()) ?? '', /Bow Tie/);
    await page.waitForTimeout(800); // let the map finish its fly-to for the screenshot
    await page.locator('.map-layout').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, '08b-territories-selected.png') });
  });

  it('imports valid territories in level order', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('button', { name: 'Territories (KML)' }).click();
    const verdict = await pickFiles(page, [areasKml(false), regionsKml()]);
    assert.match(verdict, /Ready to upload. 4 territories checked/);
    await page.getByRole('button', { name: 'Upload 2 files' }).click();
    await page
      .getByRole('heading', { name: /Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    const text = await processUntilOutcome(app, emu);
    assert.match(text, /Imported/);
    const success = await readdir(join(emu.rootOf('flexible'), 'Territories', 'Success'));
    assert.ok(success.includes('1_regions.kml') && success.includes('2_areas.kml'), success.join());
  });

  it('lists past uploads, reopens an error report, and resubmits under a fresh name', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'History' })
      .click();
    const row = page.locator('tr[data-outcome="failed"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Error report' }).click();
    const report = page.getByRole('region', { name: 'Error report' });
    await report.getByRole('cell', { name: 'R-999999', exact: true }).waitFor();
    await app.shot('09-history-report');
    await row.getByRole('button', { name: 'Fix and resubmit' }).click();
    await page
      .getByText(/Fix and resubmit: pick the corrected version/)
      .waitFor({ timeout: 15_000 });
    await pickFiles(page, [orphanContacts('may contacts.csv')]);
    assert.match(
      await page.getByLabel('Name on the server').inputValue(),
      /^Contact_may contacts_fix-\d{8}-\d{6}\.csv$/,
    );
  });

  it('shows settings with sites (secret never shown) and remembered host keys', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click();
    await page.getByRole('heading', { name: 'Known servers' }).waitFor();
    await page.getByText(emu.hostKeyFingerprint).first().waitFor();
    assert.equal(await page.getByText('demo', { exact: true }).count(), 0);
    await page.getByRole('radio', { name: 'Dark' }).check();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await app.shot('10-settings-dark');
    await page.getByRole('radio', { name: 'Light' }).check();
  });

  it('blocks a server whose host key changed, showing both fingerprints', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    await addSite(
      page,
      {
        platform: /SPOTIO — classic/,
        name: 'Via gateway',
        port: proxy.port,
        user: 'classic',
        password: 'demo',
      },
      emu.hostKeyFingerprint,
    );
    proxy.target = other.port; // same address, different server (different host key)
    const card = page.getByRole('region', { name: 'Site Via gateway' });
    await card.getByRole('button', { name: 'Test connection' }).click();
    const warning = card.getByRole('alert').filter({ hasText: /identity has changed/i });
    await warning.waitFor({ timeout: 20_000 });
    const text = (await card.textContent()) ?? '';
    assert.ok(text.includes(emu.hostKeyFingerprint), 'the accepted fingerprint is shown');
    assert.ok(text.includes(other.hostKeyFingerprint), 'the new fingerprint is shown');
    const login = await card
      .locator('[data-step="login"]')
      .getAttribute('data-status')
      .catch(() => null);
    assert.notEqual(login, 'ok', 'no login was attempted');
    await warning.scrollIntoViewIfNeeded();
    await app.shot('11-host-key-changed');
  });

  it('sends no request to any host but the local one, and the CSP stops inline scripts', async () => {
    const { page } = app;
    const foreign = app.requests.filter(
      (u) => !/^(http|ws):\/\/127\.0\.0\.1:\d+\//.test(u) && !/^(blob|data):/.test(u),
    );
    assert.deepEqual(foreign, []);
    assert.ok(app.requests.length > 5, 'requests were recorded');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = 1';
      document.head.appendChild(s);
    });
    assert.equal(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      undefined,
    );
  });
});
