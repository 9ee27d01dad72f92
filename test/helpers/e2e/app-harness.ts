/**
 * End-to-end harness: builds the renderer into a temp folder, starts a real emulator and the
 * real web host in-process (engine handlers, keychain under a private service name), and opens
 * Debian's Chromium on it through playwright-core, recording every request the page makes.
 * `appWithEmulator` registers that whole life cycle on a test file's `describe`. node, tests only.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createKeyringSecretStore } from '../../../engine/secret-store.ts';
import { createToken } from '../../../host/auth.ts';
import type { HostHandlers } from '../../../host/create-handlers.ts';
import { openHost } from '../../../host/open-host.ts';
import { assertAccessible } from './axe.ts';
import { startWebHost, type RunningWebHost } from '../../../host/web-host.ts';
import {
  closeTestEmulator,
  startTestEmulator,
  type TestEmulator,
  type TestEmulatorOptions,
} from '../start-emulator.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const screenshotDir = join(repo, 'test-artifacts', 'screenshots');

let built: Promise<string> | undefined;
/** Builds the renderer once per process into a temp folder (never touches dist/). */
export function buildRenderer(): Promise<string> {
  built ??= (async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'sia-e2e-renderer-'));
    const { build } = await import('vite');
    await build({
      configFile: join(repo, 'renderer', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  })();
  return built;
}

export type AppHarness = {
  web: RunningWebHost;
  host: HostHandlers;
  dataDir: string;
  page: Page;
  browser: Browser;
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Console errors, page errors and CSP reports seen in the page. */
  consoleErrors: string[];
  /**
   * Fails when the page logged an error, threw, or refused something by its CSP since the last
   * call (call it at the end of each flow); `expected` patterns are taken out first, and each
   * must have been seen (a test that provokes a CSP violation says so).
   */
  assertNoPageErrors(expected?: readonly RegExp[]): void;
  /** Checks the page with axe-core (any violation fails), then saves a screenshot. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
};

/** Starts host + browser; the page is open on the app. */
export async function startApp(): Promise<AppHarness> {
  const staticDir = await buildRenderer();
  const dataDir = await mkdtemp(join(tmpdir(), 'sia-e2e-data-'));
  const stagingDir = await mkdtemp(join(tmpdir(), 'sia-e2e-staging-'));
  const service = `sia-e2e-${process.pid}-${Date.now()}`;
  let host: HostHandlers | undefined;
  const web = await startWebHost({
    port: 0,
    staticDir,
    token: createToken(),
    stagingDir,
    handlers: ({ emit, localFiles }) => {
      // The web host's own wiring (host/open-host.ts), on a private keychain service.
      host = openHost({
        secrets: createKeyringSecretStore(service),
        dataDir,
        emit,
        localFiles,
        warn: (w) => console.warn(`store warning: ${w}`),
        app: {
          name: 'SFTP Import Assistant',
          version: 'e2e',
          platform: process.platform,
          transport: 'web',
        },
        watchPollMs: 200,
      });
      return host.handlers;
    },
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  // Every request is recorded; only non-local ones are intercepted (and aborted). Intercepting
  // local ones too would stall the map worker's fetch of the bundled basemap (routed worker
  // requests never completed here), so the map drew no land in these tests.
  const local = (u: URL) =>
    u.hostname === '127.0.0.1' || u.protocol === 'blob:' || u.protocol === 'data:';
  page.on('request', (r) => requests.push(r.url()));
  await page.route(
    (u) => !local(u),
    (route) => route.abort(),
  );
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(web.url);
  await mkdir(screenshotDir, { recursive: true });
  return {
    web,
    get host() {
      if (!host) throw new Error('host handlers not made');
      return host;
    },
    dataDir,
    page,
    browser,
    requests,
    consoleErrors,
    assertNoPageErrors(expected = []) {
      const seen = consoleErrors.splice(0);
      for (const e of expected) {
        assert.ok(
          seen.some((m) => e.test(m)),
          `expected a page error matching ${String(e)}`,
        );
      }
      assert.deepEqual(
        seen.filter((m) => !expected.some((e) => e.test(m))),
        [],
        'the page logged errors',
      );
    },
    shot: async (name) => {
      await assertAccessible(page, name);
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false });
    },
    async close() {
      await browser.close();
      await host?.shutdown();
      await web.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(stagingDir, { recursive: true, force: true });
    },
  };
}

/** Something a test starts beside the app (a proxy, a second server) and closes at the end. */
export type Closable = { close(): Promise<unknown> };

export type AppWithEmulator<E extends TestEmulator> = {
  emu: E;
  app: AppHarness;
  /** Has `thing` closed in `after`: once the app is closed, before the emulator; last first. */
  closeAtEnd<T extends Closable>(thing: T): T;
};

export type AppWithEmulatorOptions<E extends TestEmulator> = TestEmulatorOptions & {
  /** How to start the emulator: `startTestEmulator` unless given (`startFtpsTestEmulator`). */
  start?: (options: TestEmulatorOptions) => Promise<E>;
};

/**
 * The life cycle every e2e file shares, registered on the enclosing `describe`: `before` starts
 * the emulator (with `options`) and the app, then calls `ready` with both (where a file keeps
 * them, and starts its extras: a proxy, a first site); `afterEach` fails on any page error or CSP
 * report since the last test; `after` closes the app, then what `closeAtEnd` was given, then the
 * emulator, and removes the emulator's data folder.
 */
export function appWithEmulator<E extends TestEmulator = TestEmulator>(
  options: AppWithEmulatorOptions<E>,
  ready: (started: AppWithEmulator<E>) => unknown,
): Pick<AppWithEmulator<E>, 'closeAtEnd'> {
  const { start, ...emulatorOptions } = options;
  let emu: E | undefined;
  let app: AppHarness | undefined;
  const closables: Closable[] = [];
  const closeAtEnd = <T extends Closable>(thing: T): T => {
    closables.push(thing);
    return thing;
  };
  before(async () => {
    // Without `start`, E is TestEmulator (its default): what startTestEmulator gives.
    emu = await (start ?? (startTestEmulator as (o: TestEmulatorOptions) => Promise<E>))(
      emulatorOptions,
    );
    app = await startApp();
    await ready({ emu, app, closeAtEnd });
  });
  after(async () => {
    await app?.close();
    for (const c of closables.splice(0).reverse()) await c.close();
    if (emu) await closeTestEmulator(emu, emulatorOptions);
  });
  afterEach(() => app?.assertNoPageErrors());
  return { closeAtEnd };
}
