/**
 * Add a site in an 800×600 window with no keychain (issue 13), in Chromium against the real web
 * host: once a platform is picked its cards fold to one line, so the Name field is in view
 * without scrolling (arrowing through the cards does not fold them; leaving them does); then
 * Save with a password fails because no keychain answers — the real keychain library pointed at
 * a session bus that does not exist (this file runs in a process of its own) —, says so once and
 * offers "ask every time" right there, which saves that one site. axe at every screenshot.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';

// Before the host makes any keychain call (connections are made lazily): a bus with nothing behind it.
process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=/nonexistent/sia-no-bus-${process.pid}`;

const password = 'demo-not-stored';

/** Asserts that `locator` comes to match `n` elements (React renders after the event). */
async function countComesTo(locator: Locator, n: number, what: string): Promise<void> {
  for (let i = 0; i < 100 && (await locator.count()) !== n; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(await locator.count(), n, what);
}

/** The sites saved in the app's data folder (engine/sites.ts keeps them in sites.json). */
async function savedSites(dataDir: string): Promise<{ name: string; secretMode: string }[]> {
  const text = await readFile(join(dataDir, 'sites.json'), 'utf8').catch(() => '{}');
  return (JSON.parse(text) as { sites?: { name: string; secretMode: string }[] }).sites ?? [];
}

describe('Add a site in a small window, with no keychain', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;

  appWithEmulator({ processing: false }, (s) => {
    ({ emu, app } = s);
  });

  it('at 800×600, the Name field is in view once a platform is picked', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();
    const platforms = page.getByRole('radio', { name: /SPOTIO|Flatfile|Ocelot|Leadbay/ });
    await countComesTo(platforms, 5, 'one card per platform');

    await page.getByRole('radio', { name: /SPOTIO — classic/ }).check();
    await countComesTo(platforms, 1, 'the cards fold to the chosen one');
    const name = page.getByLabel('Name', { exact: true });
    const box = await name.boundingBox();
    assert.ok(box, 'the Name field is laid out');
    assert.ok(box.y >= 0 && box.y + box.height <= 600, `Name field at y=${box.y}, not in view`);
    await app.shot('sites-800x600-platform-picked');

    // Keyboard: Change brings the cards back on the checked one; arrows move without folding,
    // leaving the cards folds them.
    await page.getByRole('button', { name: 'Change platform' }).click();
    await countComesTo(platforms, 5, 'Change brings the cards back');
    await page.waitForFunction(
      () => (document.activeElement as HTMLInputElement | null)?.value === 'classic',
      undefined,
      { timeout: 5000 },
    );
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      () => (document.activeElement as HTMLInputElement | null)?.value !== 'classic',
    );
    await countComesTo(platforms, 5, 'arrowing does not fold the cards');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    await countComesTo(platforms, 1, 'leaving the cards folds them');
    assert.equal(await page.getByRole('radio', { name: /SPOTIO — classic/ }).isChecked(), true);
  });

  it('no keychain: Save says so once, offers "ask every time" right there, and saves one site', async () => {
    const { page } = app;
    await page.getByLabel('Name', { exact: true }).fill('NoKey');
    await page.getByLabel('Host', { exact: true }).fill(`ftps://127.0.0.1:${emu.port}`);
    await page.getByLabel('Host', { exact: true }).blur();
    await page.getByLabel('User name', { exact: true }).fill('classic');
    await page.getByLabel('Password', { exact: true }).fill(password);
    const form = page.getByRole('form', { name: 'Add a site' });
    const alert = form.getByRole('alert');
    const askInstead = form.getByRole('button', {
      name: 'Save without the password — ask every time',
    });

    for (let attempt = 0; attempt < 2; attempt++) {
      await form.getByRole('button', { name: 'Save site' }).click();
      await askInstead.waitFor();
      const said = (await alert.textContent()) ?? '';
      assert.match(said, /^The site is not saved yet: no keychain is available/);
      assert.equal(said.match(/ask every time/gi)?.length, 1, said);
      assert.deepEqual(await savedSites(app.dataDir), [], 'nothing saved, however often');
    }
    await askInstead.scrollIntoViewIfNeeded();
    await app.shot('sites-no-keychain-save');

    await askInstead.click();
    await page.getByRole('region', { name: 'Site NoKey' }).waitFor();
    assert.equal(await form.count(), 0, 'the form closed on the saved site');
    assert.deepEqual(
      (await savedSites(app.dataDir)).map((s) => [s.name, s.secretMode]),
      [['NoKey', 'ask']],
    );
    assert.equal(await page.getByRole('region', { name: /^Site / }).count(), 1);
    await app.shot('sites-no-keychain-saved-asking');

    const files = await readdir(app.dataDir, { recursive: true, withFileTypes: true });
    for (const f of files.filter((d) => d.isFile())) {
      const text = await readFile(join(f.parentPath, f.name), 'utf8');
      assert.equal(text.includes(password), false, `${f.name} holds the password`);
    }
  });
});
