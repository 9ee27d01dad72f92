/** The window's options and locks, exercised with fakes of Electron's objects. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { electronCsp } from '../../../host/csp.ts';
import { appIndexUrl } from '../../../electron/app-protocol.ts';
import {
  createWindowOpenHandler,
  documentationHosts,
  isAllowedExternal,
  createWindowOptions,
  denyPermission,
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
} from '../../../electron/window.ts';

const indexUrl = appIndexUrl;
const docs = ['docs.example'];

function fakeShell() {
  const opened: string[] = [];
  return {
    opened,
    shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) },
  };
}

describe('createWindowOptions', () => {
  it('isolates and sandboxes the page with no Node integration (E1)', () => {
    const prefs = createWindowOptions('/opt/app/dist/electron/preload.cjs').webPreferences ?? {};
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal('enableBlinkFeatures' in prefs, false);
    assert.equal(prefs.preload, '/opt/app/dist/electron/preload.cjs');
  });
});

describe('isAllowedNavigation', () => {
  it('allows only the app’s own index.html on app://renderer (E4)', () => {
    assert.equal(isAllowedNavigation(`${indexUrl}#/history`), true);
    for (const url of [
      'https://example.com.attacker.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'file:///opt/app/dist/renderer/index.html',
      'app://renderer/other.html',
      'app://other/index.html',
      'app://renderer:1/index.html',
      'http://127.0.0.1:3000/',
      'data:text/html,hi',
      '',
    ]) {
      assert.equal(isAllowedNavigation(url), false, url);
    }
  });
});

describe('hardenWebContents', () => {
  function setup() {
    const handlers = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const webContents = {
      on: (name: string, l: (event: { preventDefault(): void }, url: string) => void) =>
        handlers.set(name, l),
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    };
    const { opened, shell } = fakeShell();
    hardenWebContents(webContents as never, shell, docs);
    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      handlers.get(event)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { navigate, opened, open: (url: string) => openHandler?.({ url }), handlers };
  }

  it('prevents navigation and redirects away from the app; only an allowlisted link goes to the browser', () => {
    const s = setup();
    assert.equal(s.navigate('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(s.navigate('will-redirect', 'http://evil.example/'), true);
    assert.equal(s.navigate('will-navigate', 'https://evil.example/phish'), true);
    assert.equal(s.navigate('will-navigate', 'https://docs.example/help'), true);
    assert.equal(s.navigate('will-navigate', `${indexUrl}#/sites`), false);
    assert.deepEqual(s.opened, ['https://docs.example/help']);
  });

  it('denies every new window; only allowlisted https: URLs go to shell.openExternal (E5)', () => {
    const s = setup();
    for (const url of [
      'https://docs.example/guide',
      'https://x.example/',
      'http://docs.example/',
      'file:///etc/passwd',
      'javascript:1',
    ]) {
      assert.deepEqual(s.open(url), { action: 'deny' });
    }
    assert.deepEqual(s.opened, ['https://docs.example/guide']);
  });

  it('refuses to attach a webview', () => {
    const s = setup();
    assert.equal(s.navigate('will-attach-webview', ''), true);
  });
});

describe('isAllowedExternal', () => {
  it('takes https: to an exact allowlisted host only, no port, no credentials', () => {
    assert.equal(isAllowedExternal('https://docs.example/a?b#c', docs), true);
    for (const url of [
      'https://docs.example.evil.com/',
      'https://evil.com/docs.example',
      'https://sub.docs.example/',
      'https://docs.example:8443/',
      'https://user:pw@docs.example/',
      'http://docs.example/',
      'smb://docs.example/share',
      'file://docs.example/etc/passwd',
      'not a url',
    ]) {
      assert.equal(isAllowedExternal(url, docs), false, url);
    }
  });

  it('opens nothing with the shipped list (the app links to no outside page)', () => {
    assert.deepEqual(documentationHosts, []);
    const { opened, shell } = fakeShell();
    createWindowOpenHandler(shell)({ url: 'https://example.com/' });
    assert.deepEqual(opened, []);
  });
});

describe('createWindowOpenHandler', () => {
  it('ignores a URL that does not parse', () => {
    const { opened, shell } = fakeShell();
    assert.deepEqual(createWindowOpenHandler(shell)({ url: '::' }), { action: 'deny' });
    assert.deepEqual(opened, []);
  });
});

describe('hardenSession', () => {
  it('denies every permission request and check, and adds the CSP to every response (E6, E7)', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let headers:
      | ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void)
      | undefined;
    hardenSession(
      {
        setPermissionRequestHandler: (h: never) => (request = h),
        setPermissionCheckHandler: (h: never) => (check = h),
        webRequest: { onHeadersReceived: (h: never) => (headers = h) },
      },
      electronCsp,
    );
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      let granted: boolean | undefined;
      request?.({}, p, (g) => (granted = g));
      assert.equal(granted, false, p);
    }
    assert.equal(check?.(), false);
    let answer: unknown;
    headers?.({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (answer = r));
    assert.deepEqual(answer, {
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [electronCsp] },
    });
    assert.match(electronCsp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(electronCsp, /unsafe-eval/);
  });

  it('denyPermission answers false', () => {
    let granted: boolean | undefined;
    denyPermission({}, 'camera', (g) => (granted = g));
    assert.equal(granted, false);
  });
});
