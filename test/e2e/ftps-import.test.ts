/**
 * FTPS in the app, end to end (issue 11, contract §12): in Chromium against the real web host
 * and an emulator with its FTPS listeners on, a SPOTIO classic site is added by pasting
 * `ftps://127.0.0.1:PORT` (protocol, host and port filled from it), the server's certificate is
 * shown as a certificate (who it is made out to, issuer, validity, why it is not trusted) and
 * accepted, and a leads file is imported over FTPS start to finish; a SPOTIO address pasted without
 * a protocol (`host:port`) gets it found by "Test connection" and named in plain words (the card shows
 * the found protocol at once); a remembered certificate that changed is blocked with the old and the
 * new one side by side (focus on Cancel), and unblocked where that dialog says — Settings → Known
 * servers, which also forgets the certificate saved with the site — so the next test asks about the
 * new one; an SFTP site allows SHA-1 only from its Advanced section, with
 * a warning on the form and the card (issue 14). axe-checked screenshots go to test-artifacts/screenshots/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../helpers/start-emulator.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { goodLeads } from '../helpers/e2e/files.ts';
import { pickFiles, processUntilOutcome, startImport } from '../helpers/e2e/ui-steps.ts';
import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../core/ipc/contract.ts';
import { dispatchInvoke } from '../../core/ipc/dispatch.ts';
import type { IpcResult } from '../../core/ipc/result.ts';

describe('FTPS, end to end in the app', { timeout: 180_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let app: AppHarness;

  appWithEmulator({ processing: true, start: startFtpsTestEmulator }, (s) => ({ emu, app } = s));

  it('adds a SPOTIO site from a pasted ftps:// address and shows its certificate to accept', async () => {
    const { page } = app;
    const form = page.getByRole('form', { name: 'Add a site' });
    await form.waitFor({ timeout: 15_000 });
    await page.getByRole('radio', { name: /SPOTIO — classic/ }).check();
    const how = page.getByRole('group', { name: 'How to connect' });
    assert.ok(await how.getByRole('radio', { name: /^FTPS \(ftps:\/\/\)/ }).isChecked());
    await page.getByLabel('Name', { exact: true }).fill('Acme over FTPS');
    await page
      .getByLabel('Host', { exact: true })
      .fill(`ftps://127.0.0.1:${emu.ftps.implicitPort}`);
    // Leaving the Host field spreads the address into its fields.
    await page.getByLabel('User name', { exact: true }).fill('classic');
    assert.equal(await page.getByLabel('Host', { exact: true }).inputValue(), '127.0.0.1');
    assert.equal(
      await page.getByLabel('Port', { exact: true }).inputValue(),
      String(emu.ftps.implicitPort),
    );
    assert.ok(await how.getByRole('radio', { name: /^FTPS \(ftps:\/\/\)/ }).isChecked());
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await app.shot('ftps-00-site-form');
    await page.getByRole('button', { name: 'Save site' }).click();

    const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
    await dialog.waitFor({ timeout: 15_000 });
    assert.equal(
      await dialog.getByTestId('hostkey-fingerprint').textContent(),
      emu.ftps.certificateFingerprint,
    );
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, /security certificate/);
    assert.doesNotMatch(text, /Key type/);
    assert.match(
      (await dialog.getByTestId('certificate-reason').textContent()) ?? '',
      /self-signed/,
    );
    assert.match(
      (await dialog.getByTestId('certificate-validity').textContent()) ?? '',
      /^from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/,
    );
    assert.ok(((await dialog.getByTestId('certificate-subject').textContent()) ?? '').length > 3);
    await app.shot('ftps-01-certificate-prompt');
    await dialog.getByRole('button', { name: 'Accept and remember' }).click();

    const card = page.getByRole('region', { name: 'Site Acme over FTPS' });
    await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
    const steps = await card
      .locator('[data-step]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-status')}`),
      );
    assert.ok(steps.includes('login:ok'), steps.join());
    assert.ok(steps.includes('write:ok'), steps.join());
    await app.shot('ftps-02-site-tested');
  });

  it('finds the protocol of an address pasted without one and says it in plain words', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    await page.getByRole('button', { name: 'Add a site' }).click();
    await page.getByRole('radio', { name: /SPOTIO — flexible/ }).check();
    await page.getByLabel('Name', { exact: true }).fill('Acme objects, no protocol');
    await page.getByLabel('Host', { exact: true }).fill(`127.0.0.1:${emu.ftps.explicitPort}`);
    await page.getByLabel('User name', { exact: true }).fill('flexible');
    const how = page.getByRole('group', { name: 'How to connect' });
    assert.match((await how.textContent()) ?? '', /Test connection.*will ask the server/);
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Save site' }).click();
    // Another port, so the certificate is asked about again (pins are per host and port).
    const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByRole('button', { name: 'Connect once' }).click();
    const card = page.getByRole('region', { name: 'Site Acme objects, no protocol' });
    await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
    const found = card.locator('[data-step="protocol"]');
    assert.equal(await found.getAttribute('data-status'), 'ok');
    assert.match(
      (await found.textContent()) ?? '',
      new RegExp(`speaks FTPS .*explicit.* on port ${emu.ftps.explicitPort}`),
    );
    // The card shows the protocol the test found at once (no reload of the list).
    assert.match(
      (await card.getByTestId('site-address').textContent()) ?? '',
      new RegExp(
        `FTPS \\(explicit TLS, AUTH TLS\\) · flexible@127\\.0\\.0\\.1:${emu.ftps.explicitPort}$`,
      ),
    );
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.shot('ftps-04-protocol-found');
  });

  it('imports a classic leads file over FTPS start to finish', async () => {
    const { page } = app;
    await startImport(page, 'Acme over FTPS', /^Lead$/);
    const verdict = await pickFiles(page, [goodLeads('leads-over-ftps.csv')]);
    assert.match(verdict, /Ready to upload/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page
      .getByRole('heading', { name: /Uploaded. Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    const text = await processUntilOutcome(page, emu);
    assert.match(text, /Imported/);
    assert.match(text, /3 rows imported, 0 rows failed/);
    const success = await readdir(join(emu.rootOf('classic'), 'Leads', 'Import', 'Success'));
    assert.ok(success.includes('leads-over-ftps.csv'), success.join());
    await app.shot('ftps-03-import-imported');
  });

  it('blocks a changed certificate and shows the old and the new one, focus on Cancel', async () => {
    const { page } = app;
    const call = <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>) =>
      dispatchInvoke(app.host.handlers, channel, request) as Promise<IpcResult<InvokeResponse<C>>>;
    // What a server whose certificate was replaced looks like: the remembered one differs.
    const previous = `SHA256:${'A'.repeat(43)}`;
    const listed = await call('sites:list', {});
    assert.ok(listed.ok);
    const site = listed.value.sites.find((x) => x.name === 'Acme over FTPS');
    assert.ok(site);
    assert.ok((await call('hostkeys:forget', { host: site.host, port: site.port })).ok);
    const { hasSecret: _h, ...input } = site;
    const pinned = await call('sites:save', {
      site: { ...input, hostKey: { type: 'x509', fingerprint: previous } },
    });
    assert.ok(pinned.ok);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    const card = page.getByRole('region', { name: 'Site Acme over FTPS' });
    await card.getByRole('button', { name: /^Test connection/ }).click();
    const dialog = page.getByRole('alertdialog', { name: /identity has changed/ });
    await dialog.waitFor({ timeout: 20_000 });
    assert.equal(await dialog.getByTestId('hostkey-previous').textContent(), previous);
    assert.equal(
      await dialog.getByTestId('hostkey-fingerprint').textContent(),
      emu.ftps.certificateFingerprint,
    );
    const text = (await dialog.textContent()) ?? '';
    assert.match(text, /Certificate you accepted before/);
    assert.match(text, /before your user name and password were sent/);
    assert.match(
      (await dialog.getByTestId('hostkey-changed-advice').textContent()) ?? '',
      /forget the old certificate under Settings → Known servers \(that also clears it from your sites\) and test the connection again/,
    );
    assert.equal(await dialog.getByRole('button', { name: /Accept|Connect once/ }).count(), 0);
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Cancel');
    assert.ok(await cancel.evaluate((b) => b === document.activeElement));
    await app.shot('ftps-05-certificate-changed');
    await cancel.click();
    await dialog.waitFor({ state: 'detached' });
    const failed = card.locator('[data-step="host-key"]');
    assert.equal(await failed.getAttribute('data-status'), 'failed');
    assert.equal(await card.locator('[data-step="login"]').getAttribute('data-status'), 'skipped');
  });

  it('unblocks it from Settings → Known servers, which also forgets the certificate saved with the site', async () => {
    const { page } = app;
    // The changed-certificate test left the old certificate saved with the site only: Known
    // servers lists it with the site named, as the dialog's advice sends the user there.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const hosts = page.getByRole('region', { name: 'Known servers' });
    const server = `127.0.0.1:${emu.ftps.implicitPort}`;
    const forget = hosts.getByRole('button', { name: `Forget ${server}` });
    await forget.waitFor({ timeout: 15_000 });
    const rowText =
      (await hosts
        .getByRole('row')
        .filter({ has: page.getByRole('button', { name: `Forget ${server}` }) })
        .textContent()) ?? '';
    assert.ok(rowText.includes(`SHA256:${'A'.repeat(43)}`), rowText);
    assert.match(rowText, /Also the certificate saved with site Acme over FTPS\./);
    await forget.click();
    const ask = hosts.getByRole('group', { name: `Forget ${server}?` });
    assert.match(
      (await ask.textContent()) ?? '',
      /Forget this certificate and the certificate saved with site Acme over FTPS\?/,
    );
    await page.waitForFunction(() => document.activeElement?.textContent === 'Keep it');
    await ask.scrollIntoViewIfNeeded();
    await app.shot('ftps-06-forget-known-server');
    await ask.getByRole('button', { name: 'Forget the certificate' }).click();
    // The status is written once the host answered: wait for it before reading it.
    const status = hosts.getByRole('status').filter({ hasText: /^Forgot / });
    await status.waitFor({ timeout: 15_000 });
    assert.equal(
      await status.textContent(),
      `Forgot the certificate of ${server}, and the certificate saved with site Acme over FTPS. Test the connection again to check the new fingerprint.`,
    );
    await forget.waitFor({ state: 'detached', timeout: 15_000 });

    // The next test shows the server's certificate as unknown: check it, then accept it.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    const card = page.getByRole('region', { name: 'Site Acme over FTPS' });
    await card.getByRole('button', { name: /^Test connection/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
    await dialog.waitFor({ timeout: 20_000 });
    assert.equal(
      await dialog.getByTestId('hostkey-fingerprint').textContent(),
      emu.ftps.certificateFingerprint,
    );
    for (const name of ['Accept and remember', 'Connect once', 'Cancel']) {
      assert.equal(await dialog.getByRole('button', { name }).count(), 1, name);
    }
    await app.shot('ftps-07-new-certificate-asked');
    await dialog.getByRole('button', { name: 'Accept and remember' }).click();
    await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
  });

  it('an SFTP site may allow SHA-1 (Advanced, off by default) with a visible warning', async () => {
    const { page } = app;
    // Starts on Sites whatever screen the test before it ended on.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sites' })
      .click();
    await page.getByRole('button', { name: 'Add a site' }).click();
    await page.getByRole('radio', { name: /Flatfile/ }).check();
    await page.getByLabel('Name', { exact: true }).fill('Old Flatfile server');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(emu.port));
    await page.getByLabel('User name', { exact: true }).fill('space');
    await page.getByLabel('Password', { exact: true }).fill('demo');
    const sha1 = page.getByRole('checkbox', { name: /Allow SHA-1/ });
    assert.equal(await sha1.isVisible(), false, 'the Advanced section starts closed');
    await page.getByText('Advanced', { exact: true }).click();
    assert.equal(await sha1.isChecked(), false);
    await sha1.check();
    const warning = page.getByTestId('sha1-warning');
    assert.match((await warning.textContent()) ?? '', /SHA-1 is allowed for this site/);
    await warning.scrollIntoViewIfNeeded();
    await app.shot('sites-06-sha1-allowed-form');
    await page.getByRole('button', { name: 'Save site' }).click();
    const prompt = page.getByRole('dialog', { name: 'Is this the right server?' });
    await prompt.waitFor({ timeout: 15_000 });
    await prompt.getByRole('button', { name: 'Connect once' }).click();
    const card = page.getByRole('region', { name: 'Site Old Flatfile server' });
    await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
    assert.match(
      (await card.getByTestId('sha1-warning').textContent()) ?? '',
      /Weak security: SHA-1 is allowed/,
    );
    assert.match((await card.getByTestId('site-address').textContent()) ?? '', /· SFTP ·/);
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.shot('sites-07-sha1-allowed-card');
  });
});
