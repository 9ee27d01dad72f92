/**
 * The strict CSP (no 'unsafe-inline' in style-src, issue 14) against the real renderer bundle in
 * Debian's Chromium: every screen of the demo page renders with no CSP violation, React `style`
 * props still apply (CSSOM), and the policy really bites: an injected `<style>` element or
 * `style` attribute is refused. node, real browser.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { InvokeHandlers } from '../../../core/ipc/contract.ts';
import { createToken } from '../../../host/auth.ts';
import { webHostCsp } from '../../../host/csp.ts';
import { startWebHost, type RunningWebHost } from '../../../host/web-host.ts';
import { buildRenderer } from '../../helpers/e2e/app-harness.ts';

type Seen = { violations: string[]; errors: string[] };

describe('the renderer under the strict CSP', { timeout: 180_000 }, () => {
  let host: RunningWebHost;
  let browser: Browser;
  let page: Page;
  let staging: string;
  const errors: string[] = [];

  before(async () => {
    const staticDir = await buildRenderer();
    staging = await mkdtemp(join(tmpdir(), 'sia-csp-staging-'));
    host = await startWebHost({
      port: 0,
      staticDir,
      token: createToken(),
      stagingDir: staging,
      handlers: {} as InvokeHandlers,
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    // The demo bridge (`?demo`): every screen renders without an engine behind it.
    await page.goto(`${host.origin}/?demo`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    await rm(staging, { recursive: true, force: true });
  });

  const seen = async (): Promise<Seen> => ({
    violations: await page.evaluate(() =>
      (window as unknown as { __violations: string[] }).__violations.splice(0),
    ),
    errors: errors.splice(0),
  });

  it('serves the page with style-src limited to the app itself', async () => {
    const res = await fetch(`${host.origin}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.equal(csp, webHostCsp);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('renders every screen with no CSP violation, and style props still apply', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    const labels = await nav.getByRole('button').allInnerTexts();
    assert.ok(labels.length >= 4, `screens: ${labels.join(', ')}`);
    for (const label of labels) {
      await nav.getByRole('button', { name: label, exact: true }).click();
      await page.waitForTimeout(300);
    }
    await nav.getByRole('button').first().click();
    const result = await seen();
    // zod probes `new Function('')` once to pick its fast path and falls back when the CSP
    // refuses it (a report, not an error): that probe is the only violation allowed.
    assert.deepEqual(
      result.violations.filter((v) => !/^script-src eval\b/.test(v)),
      [],
    );
    assert.deepEqual(
      result.errors.filter((e) => /Content Security Policy|Refused/i.test(e)),
      [],
    );
    // A React style prop (element.style, the CSSOM) is not an inline style for the CSP.
    const applied = await page.evaluate(() => {
      const el = document.createElement('div');
      el.style.marginTop = '7px';
      document.body.append(el);
      const value = getComputedStyle(el).marginTop;
      el.remove();
      return value;
    });
    assert.equal(applied, '7px');
    assert.deepEqual((await seen()).violations, []);
  });

  it('refuses an injected <style> element and style attribute (the policy is in force)', async () => {
    const applied = await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = '#probe-a { margin-top: 11px; }';
      document.head.append(style);
      const a = document.createElement('div');
      a.id = 'probe-a';
      const b = document.createElement('div');
      b.setAttribute('style', 'margin-top: 13px');
      document.body.append(a, b);
      const values = [getComputedStyle(a).marginTop, getComputedStyle(b).marginTop];
      a.remove();
      b.remove();
      style.remove();
      return values;
    });
    assert.deepEqual(applied, ['0px', '0px']);
    const result = await seen();
    assert.ok(
      result.violations.filter((v) => v.startsWith('style-src')).length >= 2,
      result.violations.join('\n'),
    );
  });
});
