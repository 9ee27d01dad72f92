/**
 * Cancelling an upload in the middle (the link throttled by a TCP proxy so there is a middle):
 * the page calls `upload:cancel`, the timeline says "Cancelled", Retry and Back are offered, and
 * the platform's New/ folder is left empty — the engine removed the partial file (contract §11).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { manyLeads } from '../helpers/e2e/files.ts';
import { addDemoSite, pickFiles, startImport } from '../helpers/e2e/ui-steps.ts';

/** Resolves once the focused element is a step's heading (data-step-heading) matching `name`. */
async function stepHeadingFocused(page: Page, name: RegExp): Promise<string> {
  const read = () =>
    page.evaluate<string>(`(() => {
      const a = document.activeElement;
      return a && a.hasAttribute('data-step-heading') ? (a.textContent || '').trim() : '';
    })()`);
  let text = await read();
  for (let i = 0; i < 50 && !name.test(text); i++) {
    await page.waitForTimeout(100);
    text = await read();
  }
  return text;
}

/** Resolves once `check()` holds, polling every 50 ms, or rejects after `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cancelling an upload', { timeout: 180_000 }, () => {
  let emu: TestEmulator;
  let proxy: TcpProxy;
  let app: AppHarness;
  appWithEmulator({ processing: false }, async (s) => {
    ({ emu, app } = s);
    proxy = s.closeAtEnd(await startTcpProxy({ host: '127.0.0.1', port: emu.port }));
  });

  it('stops mid-way, says so on the timeline, offers retry or back, and leaves New/ empty', async () => {
    const { page } = app;
    await addDemoSite(page, emu, { name: 'Slow link', user: 'classic', port: proxy.port });
    await startImport(page, 'Slow link', /^Lead$/);
    const verdict = await pickFiles(page, [
      { name: 'slow-leads.csv', mimeType: 'text/csv', buffer: manyLeads(40_000) },
    ]);
    assert.match(verdict, /Ready to upload/);

    proxy.setMode({ kind: 'throttle', bytesPerSecond: 200_000 });
    const before = proxy.upBytes;
    await page.getByRole('button', { name: /^Upload/ }).click();
    const cancel = page.getByRole('button', { name: 'Cancel upload' });
    await cancel.waitFor({ timeout: 15_000 });
    // Upload moves focus to the new step's heading.
    assert.match(await stepHeadingFocused(page, /^Uploading/), /^Uploading slow-leads\.csv$/);
    await until(() => proxy.upBytes - before > 300_000, 30_000, 'part of the file to be sent');
    await cancel.click();

    const alert = page.getByRole('alert').filter({ hasText: 'Upload cancelled.' });
    await alert.waitFor({ timeout: 30_000 });
    assert.match((await alert.textContent()) ?? '', /Nothing was left on the server/);
    // So does Cancel (the button that had focus is gone).
    assert.equal(
      await stepHeadingFocused(page, /cancelled$/),
      'Upload of slow-leads.csv cancelled',
    );
    const step = page.locator('.timeline li[data-step="uploaded"]');
    assert.equal(await step.getAttribute('data-status'), 'failed');
    assert.match((await step.textContent()) ?? '', /Cancelled/);
    assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 1);
    assert.equal(await cancel.count(), 0, 'no Cancel once it stopped');
    const newDir = join(emu.rootOf('classic'), 'Leads', 'Import', 'New');
    assert.deepEqual(await readdir(newDir), [], 'no partial file left in New/');
    await app.shot('17-upload-cancelled');

    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: /^Upload/ }).waitFor();
    assert.deepEqual(await readdir(newDir), []);
  });
});
