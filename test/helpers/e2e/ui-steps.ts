/**
 * What a user does in the app, as reusable steps for the e2e tests (add a site, accept the host
 * key, pick files in the wizard). node, tests only.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export type SiteSpec = {
  platform: RegExp;
  name: string;
  port: number;
  user: string;
  password?: string;
};

/** Adds a site through the form, accepts the first host key, and waits for the test to pass. */
export async function addSite(
  page: Page,
  site: SiteSpec,
  expectedFingerprint: string,
  hostKeyKnown = false,
): Promise<void> {
  // The screen shows either the button (sites exist) or the open form (no site yet), once the
  // list has loaded: wait for one of the two rather than sampling the page mid-load.
  const add = page.getByRole('button', { name: 'Add a site' });
  const form = page.getByRole('form', { name: 'Add a site' });
  await add.or(form).first().waitFor({ timeout: 15_000 });
  if (await add.isVisible()) await add.click();
  await page.getByRole('radio', { name: site.platform }).check();
  await page.getByLabel('Name', { exact: true }).fill(site.name);
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(site.port));
  await page.getByLabel('User name', { exact: true }).fill(site.user);
  if (site.password !== undefined) {
    await page.getByLabel('Password', { exact: true }).fill(site.password);
  }
  await page.getByRole('button', { name: 'Save site' }).click();
  if (!hostKeyKnown) {
    const dialog = page.getByRole('dialog', { name: 'Is this the right server?' });
    await dialog.waitFor({ timeout: 15_000 });
    assert.equal(
      await dialog.getByTestId('hostkey-fingerprint').textContent(),
      expectedFingerprint,
    );
    await dialog.getByRole('button', { name: 'Accept and remember' }).click();
  }
  const card = page.getByRole('region', { name: `Site ${site.name}` });
  await card.getByText('All checks passed.').waitFor({ timeout: 20_000 });
}

/** The platform to choose for each of the emulator's demo users (all log in with `demo`). */
const demoPlatforms = {
  classic: /SPOTIO — classic/,
  flexible: /SPOTIO — flexible/,
  space: /Flatfile/,
} as const;

/**
 * `addSite` for one of the emulator's demo users, on its platform with password `demo`; `port`
 * when a proxy stands in front of the emulator, `hostKeyKnown` when its key is already trusted.
 */
export async function addDemoSite(
  page: Page,
  emu: { port: number; hostKeyFingerprint: string },
  site: { name: string; user: keyof typeof demoPlatforms; port?: number; hostKeyKnown?: boolean },
): Promise<void> {
  await addSite(
    page,
    {
      platform: demoPlatforms[site.user],
      name: site.name,
      port: site.port ?? emu.port,
      user: site.user,
      password: 'demo',
    },
    emu.hostKeyFingerprint,
    site.hostKeyKnown,
  );
}

/** Opens Import for a site and chooses a target button by its name. */
export async function startImport(page: Page, siteName: string, target: RegExp): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Import' })
    .click();
  await siteRadio(page, siteName).check({ timeout: 15_000 });
  await page.getByRole('button', { name: target }).first().click({ timeout: 15_000 });
}

/** The site's choice in Import's site list (a radio group: a click chooses at once). */
export function siteRadio(page: Page, siteName: string) {
  const escaped = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('radio', { name: new RegExp(`^${escaped}`) }).first();
}

/** Picks files in the wizard's drop zone and waits for the check's verdict. */
export async function pickFiles(
  page: Page,
  files: { name: string; mimeType: string; buffer: Buffer }[],
): Promise<string> {
  await page.getByTestId('file-input').setInputFiles(files);
  const verdict = page.getByTestId('check-verdict');
  await verdict.waitFor({ timeout: 60_000 });
  return (await verdict.textContent()) ?? '';
}

/** Runs processing cycles until the page shows the verdict (a new file waits one cycle). */
export async function processUntilOutcome(
  page: Page,
  emu: { processNow(): Promise<unknown> },
): Promise<string> {
  const outcome = page.getByTestId('outcome');
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

/** Types the password of an "ask every time" site where the page asks for it, and goes on. */
export async function enterAskedPassword(page: Page, password: string): Promise<void> {
  const gate = page.getByRole('form', { name: 'Password for this import' });
  await gate.waitFor({ timeout: 15_000 });
  await gate.getByLabel('Password (not saved)').fill(password);
  await gate.getByRole('button', { name: 'Continue' }).click();
}
