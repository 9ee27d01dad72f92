/**
 * KMZ on the app's territory path (issue 12 §2), in Chromium against the real web host and
 * emulator: a Google Earth style .kmz (made here with fflate) is picked, its KML is checked and
 * drawn on the map, the page says that the KML inside is what will be sent, and what lands in
 * the platform's Territories/Success is that KML under a .kml name (the platform takes no KMZ).
 * Then, in Settings, "Keep" in an in-row question gives focus back to the button that asked
 * (issue 13). axe-core runs at every screenshot (app.shot).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { regionsKml } from '../helpers/e2e/files.ts';
import {
  addDemoSite,
  pickFiles,
  processUntilOutcome,
  startImport,
} from '../helpers/e2e/ui-steps.ts';

/** A KMZ as Google Earth exports it: doc.kml and an icon beside it. */
function regionsKmz(name: string) {
  const kml = regionsKml().buffer;
  const zip = zipSync({ 'doc.kml': new Uint8Array(kml), 'files/icon.png': strToU8('PNG') });
  return { name, mimeType: 'application/vnd.google-earth.kmz', buffer: Buffer.from(zip), kml };
}

/** The focused element's text (a string evaluated in the page, so tsx adds no helpers to it). */
function focusedText(page: Page): Promise<string> {
  return page.evaluate(
    `(document.activeElement && document.activeElement.textContent || '').trim()`,
  );
}

describe('KMZ territories and focus after Keep', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;

  appWithEmulator({ processing: true }, (s) => ({ emu, app } = s));

  it('checks a .kmz as its KML, shows it on the map, and uploads the KML', async () => {
    const { page } = app;
    await addDemoSite(page, emu, { name: 'Acme map', user: 'flexible' });
    await startImport(page, 'Acme map', /Territories/);
    const accept = await page.getByTestId('file-input').getAttribute('accept');
    assert.equal(accept, '.kml,.zip,.kmz');
    const kmz = regionsKmz('regions.kmz');
    const verdict = await pickFiles(page, [kmz]);
    assert.match(verdict, /Ready to upload\. 2 territories checked, no problems found/);
    assert.match(
      verdict,
      /regions\.kmz: a KMZ \(zipped KML\)\. The platform takes KML, so the KML inside it \(doc\.kml\) is what was checked and what will be sent, as a \.kml file; your \.kmz is not changed\./,
    );
    // Named for the server as a level-1 KML; the map shows its two territories.
    assert.equal(await page.getByLabel('Name on the server').inputValue(), '1_regions.kml');
    const list = page.getByRole('list', { name: 'Territories' });
    assert.match((await list.textContent()) ?? '', /Central Texas.*North Texas/s);
    await page.locator('.map-label-state').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('check-verdict').scrollIntoViewIfNeeded();
    await app.shot('kmz-01-checked');
    await page.getByRole('button', { name: /^Upload/ }).click();
    const text = await processUntilOutcome(page, emu);
    assert.match(text, /2 territories created/);
    const dir = join(emu.rootOf('flexible'), 'Territories', 'Success');
    const success = await readdir(dir);
    assert.deepEqual(
      success.filter((n) => !n.endsWith('.json') && !n.endsWith('.csv')),
      ['1_regions.kml'],
    );
    assert.deepEqual(
      await readFile(join(dir, '1_regions.kml')),
      kmz.kml,
      'the KML, as it was in the KMZ',
    );
    await app.shot('kmz-02-imported');
  });

  it('gives focus back to "Remove …" and "Forget …" after Keep in Settings', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const sites = page.getByRole('region', { name: 'Sites' });
    await sites.getByRole('button', { name: 'Remove Acme map' }).click();
    assert.equal(await focusedText(page), 'Keep Acme map');
    await app.shot('kmz-03-ask-in-row');
    await page.keyboard.press('Enter');
    await sites.getByRole('button', { name: 'Remove Acme map' }).waitFor();
    assert.equal(await focusedText(page), 'Remove Acme map');
    const hosts = page.getByRole('region', { name: 'Known servers' });
    const forget = hosts.getByRole('button', { name: `Forget 127.0.0.1:${emu.port}` });
    await forget.click();
    assert.equal(await focusedText(page), 'Keep it');
    await page.keyboard.press('Enter');
    await forget.waitFor();
    assert.equal(await focusedText(page), `Forget 127.0.0.1:${emu.port}`);
    // Nothing was removed or forgotten.
    assert.equal(await sites.getByRole('button', { name: 'Remove Acme map' }).count(), 1);
    assert.equal(await forget.count(), 1);
  });
});
