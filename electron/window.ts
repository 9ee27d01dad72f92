/**
 * The app window and its locks, per the Electron security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security): context isolation, sandbox, no
 * Node in the page, web security on, a CSP on every response, navigation pinned to the app's
 * own page (`app://renderer/index.html`), new windows denied, every permission denied. Only an
 * https: link to an allowlisted documentation host goes to the browser (issue 14).
 * Factories take the Electron objects, so tests pass fakes.
 */
import type { BrowserWindowConstructorOptions, Session, Shell, WebContents } from 'electron';
import { isAppPage } from './app-protocol.ts';

/**
 * Hosts whose https: pages a link in the app may open in the browser. The app links to no
 * outside page today, so nothing opens; add a documentation host here (exact name) with the
 * link that needs it.
 */
export const documentationHosts: readonly string[] = [];

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

/** Whether the page may navigate to `url`: only to the app's own page (E4). */
export function isAllowedNavigation(url: string): boolean {
  return isAppPage(url);
}

/**
 * Whether a link may leave for the browser: https: on port 443 to a host on `hosts` exactly,
 * no user name or password in it.
 */
export function isAllowedExternal(url: string, hosts: readonly string[]): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' &&
      u.port === '' &&
      u.username === '' &&
      u.password === '' &&
      hosts.includes(u.hostname)
    );
  } catch {
    return false;
  }
}

/** `window.open` / target=_blank: always denied; an allowlisted link opens in the browser (E5). */
export function createWindowOpenHandler(
  shell: Pick<Shell, 'openExternal'>,
  hosts: readonly string[] = documentationHosts,
) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    if (isAllowedExternal(url, hosts)) void shell.openExternal(url);
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
  hosts: readonly string[] = documentationHosts,
): void {
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    if (isAllowedExternal(url, hosts)) void shell.openExternal(url);
  };
  webContents.on('will-navigate', guard);
  webContents.on('will-redirect', guard);
  webContents.on('will-attach-webview', (event) => event.preventDefault());
  webContents.setWindowOpenHandler(createWindowOpenHandler(shell, hosts));
}
