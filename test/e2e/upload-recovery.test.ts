/**
 * A connection cut in the middle of an upload (a TCP proxy destroys both sockets after 1 MB):
 * the app recovers — by itself or through its Retry button — and the platform ends with exactly
 * one complete copy of the file and no half file (contract §11).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestEmulator } from '../helpers/start-emulator.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { manyLeads } from '../helpers/e2e/files.ts';
import { addDemoSite, pickFiles, startImport } from '../helpers/e2e/ui-steps.ts';

describe('an upload whose connection is cut', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let proxy: TcpProxy;
  let app: AppHarness;
  appWithEmulator({ processing: true }, async (s) => {
    ({ emu, app } = s);
    proxy = s.closeAtEnd(await startTcpProxy({ host: '127.0.0.1', port: emu.port }));
  });

  it('recovers and leaves exactly one complete file on the platform', async () => {
    const { page } = app;
    await addDemoSite(page, emu, { name: 'Flaky link', user: 'classic', port: proxy.port });
    await startImport(page, 'Flaky link', /^Lead$/);
    const buffer = manyLeads(40_000);
    const verdict = await pickFiles(page, [
      { name: 'big-leads.csv', mimeType: 'text/csv', buffer },
    ]);
    assert.match(verdict, /Ready to upload. 40,000 rows/);

    proxy.setMode({ kind: 'cut', afterBytes: 1_000_000 });
    const cut = proxy.nextFault().then(() => proxy.setMode({ kind: 'pass' }));
    await page.getByRole('button', { name: /^Upload/ }).click();
    await cut;
    const waiting = page.getByRole('heading', { name: /Waiting for the platform/ });
    const retry = page.getByRole('button', { name: 'Retry' });
    await Promise.race([waiting.waitFor({ timeout: 60_000 }), retry.waitFor({ timeout: 60_000 })]);
    if (await retry.isVisible()) {
      assert.match((await page.getByRole('alert').first().textContent()) ?? '', /did not finish/);
      await app.shot('12-upload-interrupted');
      await retry.click();
      await waiting.waitFor({ timeout: 60_000 });
    }
    assert.ok(proxy.faults >= 1, 'the connection was really cut');
    const outcome = page.getByTestId('outcome');
    for (let i = 0; i < 20 && !(await outcome.isVisible()); i++) {
      await emu.processNow();
      await outcome.waitFor({ timeout: 1_000 }).catch(() => undefined);
    }
    assert.match((await outcome.textContent()) ?? '', /Imported/);
    assert.match((await outcome.textContent()) ?? '', /40,000 rows imported/);
    const root = join(emu.rootOf('classic'), 'Leads', 'Import');
    const success = (await readdir(join(root, 'Success'))).filter((n) => n.startsWith('big-leads'));
    assert.deepEqual(
      success.filter((n) => n.endsWith('.csv')),
      ['big-leads.csv'],
    );
    assert.deepEqual(await readdir(join(root, 'New')), [], 'no half file left in New/');
  });
});
