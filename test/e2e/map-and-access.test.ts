/**
 * The map answers "where?" and the app works by keyboard and screen reader (issue 13), in
 * Chromium against the real web host and emulator: a skip link; the host-key dialog opening on
 * Cancel and giving focus back; the territory map naming states, cities and (closer) counties
 * from bundled data with no request leaving the machine, each territory's name on it, a click on
 * a polygon selecting it in the list, the point where a ring crosses itself marked and centred,
 * a dark map in the dark theme; focus on each new step's heading and the result in a live
 * region; a partly imported file said as "1 imported, 1 failed" with the next step. axe-core
 * runs at every screenshot (app.shot).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { axeViolations } from '../helpers/e2e/axe.ts';
import { areasKml, orphanContacts, regionsKml } from '../helpers/e2e/files.ts';
import { countColour, decodePng } from '../helpers/e2e/png-pixels.ts';
import { pickFiles, processUntilOutcome, startImport } from '../helpers/e2e/ui-steps.ts';

/** What has focus: its tag, accessible-ish name and id. */
function focused(page: Page): Promise<{ tag: string; text: string; id: string }> {
  // A string, not a function: tsx would wrap a named arrow in a helper the page does not have.
  return page.evaluate(`(() => {
    const a = document.activeElement;
    return { tag: a ? a.tagName : '', text: a ? (a.textContent || '').trim() : '', id: a ? a.id : '' };
  })()`);
}

async function waitForFocus(page: Page, test: (f: { tag: string; text: string }) => boolean) {
  let last = await focused(page);
  for (let i = 0; i < 50 && !test(last); i++) {
    await page.waitForTimeout(100);
    last = await focused(page);
  }
  return last;
}

/** The mean of R, G and B over an image, 0–255. */
function meanLevel(p: ReturnType<typeof decodePng>): number {
  let sum = 0;
  for (let i = 0; i < p.rgba.length; i += 4) {
    sum += (p.rgba[i] ?? 0) + (p.rgba[i + 1] ?? 0) + (p.rgba[i + 2] ?? 0);
  }
  return Math.round(sum / ((p.rgba.length / 4) * 3));
}

describe('map and accessibility', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;

  appWithEmulator({ processing: true }, (s) => ({ emu, app } = s));

  it('starts with a skip link to the main content', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Skip to main content');
    await app.shot('a11y-00-skip-link');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'main');
    // The axe check behind every screenshot does catch a violation (an image with no alt).
    await page.evaluate(
      `document.body.insertAdjacentHTML('beforeend', '<img id="axe-probe" src="data:,">')`,
    );
    assert.ok((await axeViolations(page)).some((v) => v.id === 'image-alt'));
    await page.evaluate(`document.getElementById('axe-probe').remove()`);
  });

  it('opens the host-key dialog on Cancel, so one Enter trusts nothing, and gives focus back', async () => {
    const { page } = app;
    await page.getByRole('radio', { name: /SPOTIO — flexible/ }).check();
    await page.getByLabel('Name', { exact: true }).fill('Acme objects');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(emu.port));
    await page.getByLabel('User name', { exact: true }).fill('flexible');
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Save site' }).click();
    const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
    await dialog.waitFor({ timeout: 15_000 });
    assert.equal((await focused(page)).text, 'Cancel');
    await app.shot('a11y-01-host-key-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const card = page.getByRole('region', { name: 'Site Acme objects' });
    await card.getByText(/You did not trust the host key/).waitFor({ timeout: 15_000 });
    // Asked again from the card's button: focus goes back to it once the dialog closes.
    const test = card.getByRole('button', { name: 'Test connection Acme objects' });
    await test.click();
    await dialog.waitFor({ timeout: 15_000 });
    assert.equal((await focused(page)).text, 'Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const back = await waitForFocus(page, (f) => f.text === 'Test connection Acme objects');
    assert.equal(back.text, 'Test connection Acme objects', 'focus went back where it came from');
    await test.click();
    await dialog.getByRole('button', { name: 'Accept and remember' }).click();
    await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
    await app.shot('a11y-02-sites');
  });

  it('names places and territories on the offline map, and marks where a ring crosses itself', async () => {
    const { page } = app;
    const before = app.requests.length;
    await startImport(page, 'Acme objects', /Territories/);
    const verdict = await pickFiles(page, [areasKml(true), regionsKml()]);
    assert.match(verdict, /2 of 6 territories would not be imported/);
    // Focus on the new step's heading; the verdict said by the live region that was there before.
    const f = await waitForFocus(page, (x) => x.tag === 'H2');
    assert.equal(f.tag, 'H2');
    assert.match(f.text, /^Checked/);
    assert.match(
      (await page.getByTestId('wizard-announcer').textContent()) ?? '',
      /Check finished: 2 of 6 territories would not be imported/,
    );
    await page.locator('.map-layout').scrollIntoViewIfNeeded();
    const labels = page.locator('.map-label');
    await page.locator('.map-label-state').first().waitFor({ timeout: 15_000 });
    const texts = await labels.allTextContents();
    assert.ok(texts.includes('Texas'), texts.join(', '));
    assert.ok(texts.includes('North Texas'), `territory names on the map: ${texts.join(', ')}`);
    assert.ok(
      texts.some((t) => ['Austin', 'San Antonio', 'Houston', 'Dallas', 'Fort Worth'].includes(t)),
      `cities: ${texts.join(', ')}`,
    );
    assert.equal(await page.locator('.map-label-county').count(), 0, 'no counties zoomed out');
    // The bundled basemap's land (#f4f1ea) is drawn under them.
    let land = 0;
    for (let i = 0; i < 30 && land < 5_000; i++) {
      land = countColour(decodePng(await page.locator('.map').screenshot()), [244, 241, 234], 4);
      if (land < 5_000) await page.waitForTimeout(300);
    }
    assert.ok(land >= 5_000, `land pixels: ${land}`);
    await app.shot('map-01-places');

    // A click on a polygon (at its name) selects it in the list.
    const north = page.locator('.map-label-territory', { hasText: 'North Texas' });
    const box = await north.boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const list = page.getByRole('list', { name: 'Territories' });
    await list.getByRole('button', { name: /North Texas/, pressed: true }).waitFor();
    assert.match((await page.getByTestId('territory-detail').textContent()) ?? '', /North Texas/);

    // Picking the bow-tie's problem centres the map on where its ring crosses itself.
    await list.getByRole('button', { name: /Bow Tie/ }).click();
    await page.waitForTimeout(1000);
    const canvas = await page.locator('.maplibregl-canvas').boundingBox();
    assert.ok(canvas);
    const centre = decodePng(
      await page.screenshot({
        clip: {
          x: canvas.x + canvas.width / 2 - 12,
          y: canvas.y + canvas.height / 2 - 12,
          width: 24,
          height: 24,
        },
      }),
    );
    // The marker: a red dot in a white ring (map-style.ts), drawn nowhere else on the map.
    const red = countColour(centre, [217, 48, 37], 30);
    const ring = countColour(centre, [255, 255, 255], 8);
    assert.ok(
      red > 100 && ring > 40,
      `the crossing point's marker at the centre: ${red} red, ${ring} white px`,
    );
    await app.shot('map-02-crossing');

    // Closer: county lines and names.
    const zoomIn = page.getByRole('button', { name: 'Zoom in' });
    for (let i = 0; i < 3; i++) {
      await zoomIn.click();
      await page.waitForTimeout(400);
    }
    await page.locator('.map-label-county').first().waitFor({ timeout: 10_000 });
    await app.shot('map-03-counties');

    // The dark theme darkens the map too (map-style.ts's dark palette).
    const light = meanLevel(decodePng(await page.locator('.map').screenshot()));
    await page.evaluate(`document.documentElement.dataset.theme = 'dark'`);
    await page.waitForTimeout(800);
    const dark = meanLevel(decodePng(await page.locator('.map').screenshot()));
    assert.ok(light > 150 && dark < 110, `mean level light ${light}, dark ${dark}`);
    await app.shot('map-04-dark');
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);

    // By keyboard from the list back to the map: its canvas shows the focus outline.
    await list.getByRole('button', { name: /Bow Tie/ }).focus();
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate(`document.activeElement.classList.contains('maplibregl-canvas')`)) {
        break;
      }
    }
    const canvasFocus = await page.evaluate(`(() => {
      const c = document.querySelector('.maplibregl-canvas');
      return { focused: document.activeElement === c, visible: c.matches(':focus-visible'), outline: getComputedStyle(c).outlineStyle + ' ' + getComputedStyle(c).outlineWidth };
    })()`);
    assert.deepEqual(canvasFocus, { focused: true, visible: true, outline: 'solid 3px' });
    await app.shot('map-05-focus');

    const outside = app.requests
      .slice(before)
      .filter((u) => !/^(https?:\/\/127\.0\.0\.1|blob:|data:)/.test(u));
    assert.deepEqual(outside, [], 'no request left the machine');
  });

  it('says a partly imported file as "1 imported, 1 failed", with the next step', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('heading', { name: /What do you want to import/ }).waitFor();
    await page.getByRole('button', { name: /^Contact$/ }).click();
    const verdict = await pickFiles(page, [orphanContacts('june contacts.csv')]);
    assert.match(verdict, /Ready to upload/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page
      .getByRole('heading', { name: /Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    const wait = await waitForFocus(page, (x) => /Waiting/.test(x.text));
    assert.match(wait.text, /Waiting for the platform/);
    assert.equal(
      await page.getByRole('button', { name: 'Import another file meanwhile' }).count(),
      1,
    );
    await app.shot('a11y-03-waiting');
    const text = await processUntilOutcome(page, emu);
    assert.match(text, /1 imported, 1 failed/);
    assert.match(
      (await page.getByTestId('next-step').textContent()) ?? '',
      /Fix the failed rows opens the 1 row listed below to correct it and send only that one/,
    );
    assert.match(
      (await page.getByTestId('wizard-announcer').textContent()) ?? '',
      /^1 imported, 1 failed\./,
    );
    const h = await waitForFocus(page, (x) => x.tag === 'H2' && /imported/.test(x.text));
    assert.equal(h.text, '1 imported, 1 failed');
    await app.shot('a11y-04-partial-success');
  });
});
