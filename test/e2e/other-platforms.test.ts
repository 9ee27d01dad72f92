/**
 * The other platforms in Chromium against the real web host: a Flatfile Space file imported (the
 * platform removes it), an Ocelot contact list sent with a key generated in the app (the emulator
 * is started with the public key the page shows) and moved into Ocelot, and Leadbay's pull check
 * against a private OpenSSH sshd — all steps ok, then a file without a company column failing at
 * that step with its reason (contract §1, §9; seeds 001–003).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chown, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canRunSshd, startSshd, sshdTestUser, type RunningSshd } from '../helpers/openssh.ts';
import {
  closeTestEmulator,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/start-emulator.ts';
import { appWithEmulator, type AppHarness } from '../helpers/e2e/app-harness.ts';
import { startSwitchProxy, type SwitchProxy } from '../helpers/e2e/switch-proxy.ts';
import {
  addDemoSite,
  addSite,
  pickFiles,
  processUntilOutcome,
  siteRadio,
  startImport,
} from '../helpers/e2e/ui-steps.ts';
import type { Page } from 'playwright-core';

const csv = (name: string, text: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(text, 'utf8'),
});

async function toSites(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Sites' })
    .click();
}

describe('the other platforms, end to end', { timeout: 240_000 }, () => {
  let emu: TestEmulator;
  let app: AppHarness;
  const { closeAtEnd } = appWithEmulator({ processing: true }, (s) => ({ emu, app } = s));

  it('imports a file into a Flatfile Space, which removes it from the server', async () => {
    const { page } = app;
    await addDemoSite(page, emu, { name: 'Acme space', user: 'space' });
    await startImport(page, 'Acme space', /A file for this Space/);
    const verdict = await pickFiles(page, [
      csv('space-people.csv', 'Name,Email\nAnn Lee,ann@acme.example\nBo Kim,bo@birch.example\n'),
    ]);
    assert.match(verdict, /Ready to upload/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page
      .getByRole('heading', { name: /Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    const text = await processUntilOutcome(page, emu);
    assert.match(text, /Imported into your Space \(the file was removed from the server\)/);
    assert.deepEqual(
      (await readdir(emu.rootOf('space'))).filter((n) => n.startsWith('space-people')),
      [],
      'the platform removed the file',
    );
    await app.shot('14-space');
  });

  it('sends an Ocelot contact list with a key generated in the app, then Ocelot moves it in', async () => {
    const { page } = app;
    // The address exists before the server: the emulator starts once the page shows the key.
    const proxy: SwitchProxy = await startSwitchProxy(emu.port);
    closeAtEnd(proxy);
    await toSites(page);
    await page.getByRole('button', { name: 'Add a site' }).click();
    await page.getByRole('radio', { name: /Ocelot/ }).check();
    await page.getByLabel('Name', { exact: true }).fill('Ocelot lists');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(proxy.port));
    await page.getByLabel('User name', { exact: true }).fill('contact-lists');
    await page.getByRole('button', { name: 'Generate a key' }).click();
    const publicKey = (await page.getByLabel('Your public key').inputValue()).trim();
    assert.match(publicKey, /^ssh-rsa AAAA/);
    const ocelot = await startTestEmulator({
      processing: true,
      workspaces: [
        {
          name: 'contact-lists',
          profile: 'contact-lists',
          users: [{ username: 'contact-lists', publicKeys: [publicKey] }],
          schemas: [],
          exportSchedule: 'none',
          pullSources: [],
        },
      ],
    });
    closeAtEnd({ close: () => closeTestEmulator(ocelot) });
    proxy.target = ocelot.port;
    await page.getByRole('button', { name: 'Save site' }).click();
    const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
    await dialog.waitFor({ timeout: 15_000 });
    assert.equal(
      await dialog.getByTestId('hostkey-fingerprint').textContent(),
      ocelot.hostKeyFingerprint,
    );
    await dialog.getByRole('button', { name: 'Accept and remember' }).click();
    const card = page.getByRole('region', { name: 'Site Ocelot lists' });
    await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
    assert.equal(await card.getByText('Logs in with an SSH key').count(), 1);

    await startImport(page, 'Ocelot lists', /A contact list/);
    const verdict = await pickFiles(page, [
      csv('may-contacts.csv', 'First Name,Last Name,Email\nAnn,Lee,ann@acme.example\n'),
    ]);
    assert.match(verdict, /Ready to upload/);
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page
      .getByRole('heading', { name: /Waiting for the platform/ })
      .waitFor({ timeout: 30_000 });
    const text = await processUntilOutcome(page, ocelot);
    assert.match(text, /Moved into Ocelot/);
    assert.deepEqual(
      (await readdir(ocelot.rootOf('contact-lists'))).filter((n) => n.startsWith('may-contacts')),
      [],
      'the file left the upload folder',
    );
    await app.shot('15-contact-lists');
  });

  const sshd = canRunSshd();
  it(
    'checks the file Leadbay will fetch from the customer’s own server and what to hand over',
    { skip: sshd.ok ? false : sshd.why },
    async () => {
      const { page } = app;
      const server: RunningSshd = await startSshd();
      closeAtEnd(server);
      const good = join(server.dir, 'leads.csv');
      const bad = join(server.dir, 'people.csv');
      await writeFile(good, 'Company,City\nAcme Roofing,Austin\nBirch Dental,Dallas\n');
      await writeFile(bad, 'First Name,City\nAnn,Austin\n');
      await chown(good, ...(await ownerOf(server.dir)));
      await chown(bad, ...(await ownerOf(server.dir)));

      await toSites(page);
      await addSite(
        page,
        {
          platform: /Leadbay/,
          name: 'Our export server',
          port: server.port,
          user: server.user.name,
          password: server.user.password,
        },
        server.hostKeyFingerprint,
      );
      const card = page.getByRole('region', { name: 'Site Our export server' });
      assert.equal(await card.getByRole('button', { name: 'Import files' }).count(), 0);
      await card.getByRole('button', { name: 'Check my server’s file' }).click();
      await page.getByRole('heading', { name: 'Check my server’s file' }).waitFor();
      // Leadbay reads over SFTP only: the screen says so, and an FTPS address is refused in
      // those words instead of being dialled as SSH.
      await page.getByText(/Leadbay connects over SFTP \(SSH\) only — not FTP or FTPS/).waitFor();
      const hostField = page.getByLabel('Host', { exact: true });
      const siteHost = await hostField.inputValue();
      await hostField.fill('ftps://ftp.example.com');
      await page.getByRole('button', { name: 'Check my server’s file' }).click();
      const refusal = page.getByRole('form', { name: 'Your SFTP server' }).getByRole('alert');
      assert.match(
        (await refusal.textContent()) ?? '',
        /Leadbay reads your file over SFTP \(SSH\) only, not FTP or FTPS/,
      );
      assert.equal(await page.locator('[data-step]').count(), 0, 'nothing was dialled');
      await app.shot('16a-pull-check-sftp-only');
      await hostField.fill(siteHost);
      assert.equal(await page.getByLabel('User name', { exact: true }).inputValue(), sshdTestUser);
      await page.getByLabel('Password', { exact: true }).fill(server.user.password);
      await page.getByLabel('File path', { exact: true }).fill(good);
      await page.getByLabel('File path', { exact: true }).press('Enter');

      const handover = page.getByTestId('pull-handover');
      await handover.waitFor({ timeout: 20_000 });
      const steps = await stepsOf(page);
      for (const id of ['reach', 'host-key', 'login', 'file', 'header']) {
        assert.ok(steps.includes(`${id}:ok`), steps.join());
      }
      const summary = (await handover.textContent()) ?? '';
      assert.match(summary, new RegExp(`Port${server.port}`));
      assert.ok(summary.includes(good), summary);
      assert.ok(summary.includes(server.hostKeyFingerprint), summary);
      assert.ok(!summary.includes(server.user.password), 'never the password');
      assert.ok(
        !(await page.locator('body').innerText()).includes(server.user.password),
        'password not in the page',
      );
      await handover.scrollIntoViewIfNeeded();
      await app.shot('16-pull-check');

      await page.getByLabel('File path', { exact: true }).fill(bad);
      await page.getByRole('button', { name: 'Check my server’s file' }).click();
      const failedHeader = page.locator('[data-step="header"][data-status="failed"]');
      await failedHeader.waitFor({ timeout: 20_000 });
      const header = (await failedHeader.textContent()) ?? '';
      assert.match(
        header,
        /company name column|column named one of: Company/i,
        `${header} / ${(await stepsOf(page)).join()}`,
      );
      assert.match(header, /What to do/);
      assert.equal(await handover.count(), 0, 'nothing to hand over while the check fails');
      assert.ok((await stepsOf(page)).includes('file:ok'));

      // Picked under Import, a Leadbay site leads to the same check instead of an empty wizard.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: 'Import' })
        .click();
      await siteRadio(page, 'Our export server').check({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Check my server’s file' }).click();
      await page.getByRole('heading', { name: 'Check my server’s file' }).waitFor();
      assert.equal(
        await page.getByLabel('Port', { exact: true }).inputValue(),
        String(server.port),
      );
    },
  );
});

async function stepsOf(page: Page): Promise<string[]> {
  return page
    .locator('[data-step]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-status')}`),
    );
}

async function ownerOf(path: string): Promise<[number, number]> {
  const { stat } = await import('node:fs/promises');
  const s = await stat(path);
  return [s.uid, s.gid];
}
