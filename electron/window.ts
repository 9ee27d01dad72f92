/**
 * The app window and its locks, per the Electron security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): context isolation, sandbox, no
 * Node in the page, web security on, a CSP on every response, navigation pinned to the app's
 * own page, new windows denied (https: links go to the browser), every permission denied.
 * Factories take the Electron objects, so tests pass fakes (test plan E1, E4, E5, E7).
 */
import type { BrowserWindowConstructorOptions, Session, Shell, WebContents } from 'electron';

/** The BrowserWindow options (E1). */
export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'SFTP Import Assistant',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Whether the page may navigate to `url`: only to the app's own index.html (E4). */
export function isAllowedNavigation(url: string, indexUrl: string): boolean {
  try {
    const target = new URL(url);
    const own = new URL(indexUrl);
    return (
      target.protocol === 'file:' && target.host === own.host && target.pathname === own.pathname
    );
  } catch {
    return false;
  }
}

/** `window.open` / target=_blank: always denied; an https: link opens in the browser (E5). */
export function createWindowOpenHandler(shell: Pick<Shell, 'openExternal'>) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    if (isHttpsUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  };
}

/** Every permission (camera, geolocation, notifications asked by the page…) is denied (E7). */
export function denyPermission(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** Session-wide locks: permissions denied, the CSP header on every response (E6). */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
    webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
  },
  csp: string,
): void {
  session.setPermissionRequestHandler(denyPermission);
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** Per-window locks: navigation pinned, redirects refused, new windows denied, no webviews. */
export function hardenWebContents(
  webContents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  shell: Pick<Shell, 'openExternal'>,
  indexUrl: string,
): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (isAllowedNavigation(url, indexUrl)) return;
    event.preventDefault();
    if (isHttpsUrl(url)) void shell.openExternal(url);
  };
  webContents.on('will-navigate', guard);
  webContents.on('will-redirect', guard);
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(createWindowOpenHandler(shell));
}

function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
