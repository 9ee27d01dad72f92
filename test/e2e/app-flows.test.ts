/**
 * The app in Chromium against the real web host and a real emulator: add sites (host key
 * accepted), import leads (classic) start to finish and the same file again (the duplicate
 * warning), a file that fails on the server showing its rows (flexible), territories drawn on the
 * map then imported — created, then updated by a second file —, history and a resubmitted
 * corrected file imported, settings, a changed host key blocked, no request leaving for a
 * non-local host, and the page opened without its key. No page error or CSP violation in any
 * flow. Screenshots of each main screen go to test-artifacts/screenshots/.
 */
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  closeTestEmulator,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/start-emulator.ts';
import { appWithEmulator, screenshotDir, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { assertAccessible } from '../helpers/e2e/axe.ts';
import {
  areasKml,
  badLeads,
  fixedContacts,
  goodLeads,
  moreRegionsKml,
  orphanContacts,
  regionsKml,
} from '../helpers/e2e/files.ts';
import { countColour, decodePng } from '../helpers/e2e/png-pixels.ts';
import { startSwitchProxy, type SwitchProxy } from '../helpers/e2e/switch-proxy.ts';
import {
  addDemoSite,
  pickFiles,
  processUntilOutcome,
  siteRadio,
  startImport,
} from '../helpers/e2e/ui-steps.ts';

describe('the app, end to end', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let other: TestEmulator;
  let app: AppHarness;
  let proxy: SwitchProxy;

  appWithEmulator({ processing: true }, async (s) => {
    ({ emu, app } = s);
    other = await startTestEmulator({ processing: false });
    s.closeAtEnd({ close: () => closeTestEmulator(other) });
    proxy = s.closeAtEnd(await startSwitchProxy(emu.port));
  });

  it('adds a SPOTIO classic site: platform in its words, host key by SHA256 fingerprint, live checks', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();
    await app.shot('01-first-run');
    await addDemoSite(page, emu, { name: 'Acme leads', user: 'classic' });
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
    const text = await processUntilOutcome(app.page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /3 rows imported, 0 rows failed/);
    const success = await readdir(join(emu.rootOf('classic'), 'Leads', 'Import', 'Success'));
    assert.ok(success.includes('leads-may.csv'), success.join());
    await app.shot('06-import-imported');
  });

  it('warns before sending the same file again, and sends it only when asked to', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: /^Lead$/ }).click();
    await pickFiles(page, [goodLeads('leads-may.csv')]);
    await page.getByRole('button', { name: /^Upload/ }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Nothing was sent.' });
    await warning.waitFor({ timeout: 15_000 });
    assert.match((await warning.textContent()) ?? '', /already sent to Acme leads/);
    await app.shot('06b-import-duplicate');
    await warning.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText(/Ready to upload/).waitFor();
    // Closing the warning puts focus on the step it goes back to (its heading), not the body.
    await page.waitForFunction(
      `(document.activeElement && document.activeElement.hasAttribute('data-step-heading') && document.activeElement.textContent || '').startsWith('Checked')`,
      undefined,
      { timeout: 5_000 },
    );
    assert.equal(
      await page.evaluate(`document.activeElement.textContent`),
      'Checked leads-may.csv',
    );
    const newDir = join(emu.rootOf('classic'), 'Leads', 'Import', 'New');
    assert.deepEqual(await readdir(newDir), [], 'nothing was sent');

    await page.getByRole('button', { name: /^Upload/ }).click();
    await page.getByRole('button', { name: 'Send it again anyway' }).click();
    const text = await processUntilOutcome(app.page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /3 rows imported/);
  });

  it('shows the server’s error rows for a file that passes locally but fails on the platform', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    await addDemoSite(page, emu, { name: 'Acme objects', user: 'flexible', hostKeyKnown: true });
    // Arrowing through the site list moves the choice without switching sites; Enter does.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Import' })
      .click();
    await siteRadio(page, 'Acme leads').check({ timeout: 15_000 });
    await page.getByRole('button', { name: /^Lead$/ }).waitFor();
    await siteRadio(page, 'Acme leads').focus();
    await page.keyboard.press('ArrowDown');
    assert.ok(await siteRadio(page, 'Acme objects').isChecked());
    await page.getByRole('button', { name: 'Use Acme objects' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Contact$/ }).count(), 0);
    await app.shot('06c-import-site-arrowed');
    assert.equal(await page.getByRole('button', { name: /^Lead$/ }).count(), 1, 'still Acme leads');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /^Contact$/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Use / }).count(), 0);
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
    const text = await processUntilOutcome(app.page, emu);
    assert.match(text, /1 imported, 1 failed/);
    const report = page.getByRole('region', { name: 'The platform’s error report' });
    await report.waitFor();
    assert.match((await report.textContent()) ?? '', /RelatedTo/);
    assert.match((await report.textContent()) ?? '', /R-999999/);
    // Partly imported: the timeline says so, as the verdict does, not just "Failed".
    const outcome = page.locator('.timeline li[data-step="outcome"]');
    assert.equal(await outcome.getAttribute('data-status'), 'partial');
    assert.match((await outcome.textContent()) ?? '', /^1 imported, 1 failed/);
    await app.shot('07-import-failed-server-rows');
  });

  it('shows territories on the offline map, invalid ones in red with their reasons', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: 'Territories (KML)' }).click();
    const verdict = await pickFiles(page, [areasKml(true), regionsKml()]);
    assert.match(verdict, /2 of 6 territories would not be imported/);
    assert.match(
      (await page.getByText('Processing order:').textContent()) ?? '',
      /1_regions\.kml.*2_areas\.kml/,
    );
    const list = page.getByRole('list', { name: 'Territories' });
    assert.match((await list.textContent()) ?? '', /Bow Tie.*cross/is);
    await page.locator('.maplibregl-canvas').waitFor();
    await page.locator('.map-layout').scrollIntoViewIfNeeded();
    // What the map drew, read from its pixels: the valid polygons' blue fill over the land and
    // the invalid ones' red outlines (map-style.ts), which the basemap alone never shows.
    const map = page.getByRole('region', { name: /Map of the territories/ });
    const drawn = await waitForColours(map, { fill: 2_000, red: 100 });
    assert.ok(drawn.fill > 2_000, `blue territory fill: ${drawn.fill} px`);
    assert.ok(drawn.red > 100, `red outlines of invalid territories: ${drawn.red} px`);
    assert.match(
      (await page.getByTestId('territory-fates').textContent()) ?? '',
      /not known yet: no earlier territory import/,
    );
    await app.shot('08-territories-map');
    await list.getByRole('button', { name: /Bow Tie/ }).click();
    assert.match((await page.getByTestId('territory-detail').textContent()) ?? '', /Bow Tie/);
    await page.waitForTimeout(800); // let the map finish its fly-to for the screenshot
    await page.locator('.map-layout').scrollIntoViewIfNeeded();
    await app.shot('08b-territories-selected');
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
    const text = await processUntilOutcome(app.page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /4 territories created, 0 territories updated/);
    const success = await readdir(join(emu.rootOf('flexible'), 'Territories', 'Success'));
    assert.ok(success.includes('1_regions.kml') && success.includes('2_areas.kml'), success.join());
    const list = page.getByRole('list', { name: 'Territories' });
    assert.match(
      (await list.getByRole('button', { name: /Austin Metro/ }).textContent()) ?? '',
      /created/,
    );
  });

  it('says before upload which territories update existing ones and which are new, then what happened', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('button', { name: 'Territories (KML)' }).click();
    await pickFiles(page, [moreRegionsKml()]);
    const fates = page.getByTestId('territory-fates');
    await fates.waitFor();
    assert.match(
      (await fates.textContent()) ?? '',
      /2 update existing territories, 1 creates a new one/,
    );
    const list = page.getByRole('list', { name: 'Territories' });
    const item = (name: RegExp) => list.getByRole('button', { name });
    assert.match((await item(/North Texas/).textContent()) ?? '', /updates an existing territory/);
    assert.match((await item(/West Texas/).textContent()) ?? '', /creates a new one/);
    await page.locator('.map-layout').scrollIntoViewIfNeeded();
    await waitForColours(page.getByRole('region', { name: /Map of the territories/ }), {
      land: 1_000,
    });
    await app.shot('08c-territories-updates');
    await page.getByRole('button', { name: /^Upload/ }).click();
    const text = await processUntilOutcome(app.page, emu);
    assert.match(text, /1 territory created, 2 territories updated/);
    assert.match((await item(/West Texas/).textContent()) ?? '', /· created/);
    assert.match((await item(/Central Texas/).textContent()) ?? '', /· updated/);
    await waitForColours(page.getByRole('region', { name: /Map of the territories/ }), {
      land: 1_000,
    });
    await page.getByTestId('outcome').scrollIntoViewIfNeeded();
    await app.shot('08d-territories-imported');
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
    const verdict = await pickFiles(page, [fixedContacts('may contacts.csv')]);
    assert.match(verdict, /Ready to upload. 2 rows checked/);
    assert.doesNotMatch(verdict, /no template/i);
    const name = await page.getByLabel('Name on the server').inputValue();
    assert.match(name, /^Contact_may contacts_fix-\d{8}-\d{6}\.csv$/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    const text = await processUntilOutcome(app.page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /2 rows imported, 0 rows failed/);
    const success = await readdir(join(emu.rootOf('flexible'), 'DataObjects', 'Import', 'Success'));
    assert.ok(success.includes(name), success.join());
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
    await addDemoSite(page, emu, { name: 'Via gateway', user: 'classic', port: proxy.port });
    proxy.target = other.port; // same address, different server (different host key)
    const card = page.getByRole('region', { name: 'Site Via gateway' });
    await card.getByRole('button', { name: 'Test connection' }).click();
    const warning = card.getByRole('alert').filter({ hasText: /identity has changed/i });
    await warning.waitFor({ timeout: 20_000 });
    const text = (await card.textContent()) ?? '';
    assert.ok(text.includes(emu.hostKeyFingerprint), 'the accepted fingerprint is shown');
    assert.ok(text.includes(other.hostKeyFingerprint), 'the new fingerprint is shown');
    // The connection stopped at the host key: the login step was never tried.
    const status = (id: string) => card.locator(`[data-step="${id}"]`).getAttribute('data-status');
    assert.equal(await status('host-key'), 'failed');
    assert.equal(await status('login'), 'skipped', 'no login was attempted');
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
    // The refusal is reported like any CSP violation (and would fail any other flow).
    await page.waitForTimeout(200);
    app.assertNoPageErrors([/Content Security Policy/]);
  });

  it('opened without its key, says which link to open and offers no fake uploads', async () => {
    const bare = await app.browser.newPage({ viewport: { width: 1024, height: 700 } });
    const errors: string[] = [];
    bare.on('pageerror', (e) => errors.push(e.message));
    bare.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    bare.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    try {
      const origin = new URL(app.web.url).origin;
      await bare.goto(`${origin}/`);
      await bare
        .getByRole('heading', { name: /Open the link that npm run web printed/ })
        .waitFor({ timeout: 15_000 });
      assert.match((await bare.textContent('body')) ?? '', /this session’s key/);
      assert.equal(await bare.getByRole('navigation', { name: 'Main' }).count(), 0);
      await assertAccessible(bare, '12-no-session');
      await bare.screenshot({ path: join(screenshotDir, '12-no-session.png') });

      await bare.goto(`${origin}/?demo`);
      const banner = bare.getByTestId('demo-banner');
      await banner.waitFor({ timeout: 15_000 });
      assert.match((await banner.textContent()) ?? '', /Demo — nothing is sent/);
      await assertAccessible(bare, '12b-demo');
      await bare.screenshot({ path: join(screenshotDir, '12b-demo.png') });
      assert.deepEqual(errors, []);
    } finally {
      await bare.close();
    }
  });
});

// The map's colours (map-style.ts): #2f7de1 fill at 35 % over the land colour #f4f1ea, the
// #d93025 outline of an invalid territory, and the land itself.
const colours = {
  fill: { rgb: [175, 200, 231], tolerance: 14 },
  red: { rgb: [217, 48, 37], tolerance: 30 },
  land: { rgb: [244, 241, 234], tolerance: 4 },
} as const;

/**
 * Screenshots `map` until it shows at least the given number of pixels of each colour (its
 * worker tiles the GeoJSON after the canvas exists), or 9 s pass; returns the last counts.
 */
async function waitForColours(
  map: Locator,
  want: Partial<Record<keyof typeof colours, number>>,
): Promise<Record<keyof typeof colours, number>> {
  const last = { fill: 0, red: 0, land: 0 };
  for (let i = 0; i < 30; i++) {
    const p = decodePng(await map.screenshot());
    for (const k of Object.keys(colours) as (keyof typeof colours)[]) {
      last[k] = countColour(p, colours[k].rgb, colours[k].tolerance);
    }
    const all = Object.entries(want).every(([k, n]) => last[k as keyof typeof colours] > n);
    if (all) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  return last;
}
