/**
 * Electron main: single instance, app paths, the hardened window, and the same handlers the web
 * host serves (host), wired with Electron's userData, Notification and dialogs. Everything
 * with logic lives in core/ or in the small factories beside this file.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Notification,
  protocol,
  session,
  shell,
} from 'electron';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostHandlers } from '../host/create-handlers.ts';
import { electronCsp } from '../host/csp.ts';
import { createByteStaging } from '../host/byte-staging.ts';
import { createLocalFiles } from '../host/local-files.ts';
import { openHost } from '../host/open-host.ts';
import { keysDir } from '../host/site-access.ts';
import {
  appIndexUrl,
  appScheme,
  appSchemePrivileges,
  createAppProtocolHandler,
} from './app-protocol.ts';
import { createDialogs } from './dialogs.ts';
import { createKeyPathGate, guardKeyPaths, refuseStagePath } from './path-gate.ts';
import { createTrustedSenderCheck, registerInvokeHandlers } from './ipc-main.ts';
import { createShellOutputs } from './shell-outputs.ts';
import { createWindowOptions, hardenSession, hardenWebContents } from './window.ts';

const here = dirname(fileURLToPath(import.meta.url)); // dist/electron
// The page loads from app://renderer/ (electron/app-protocol.ts), rooted here; never file://.
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, 'preload.cjs');

let mainWindow: BrowserWindow | undefined;
let host: HostHandlers | undefined;
let quitting = false;

// Must happen before `ready`: the scheme gets an origin, a secure context and fetch.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => void onBeforeQuit(event));
  app.whenReady().then(start, (error: unknown) => {
    console.error('The app could not start:', error);
    app.exit(1);
  });
}

function start(): void {
  const dataDir = app.getPath('userData');
  hardenSession(session.defaultSession, electronCsp);
  protocol.handle(appScheme, createAppProtocolHandler(rendererDir, electronCsp));
  const localFiles = createLocalFiles({
    stagingDir: join(app.getPath('temp'), 'sftp-import-assistant-staging'),
  });
  const dialogs = createDialogs(dialog, () => mainWindow, join(homedir(), '.ssh'));
  // Pushes go to every window; an upload's verdict also becomes a desktop notification.
  const { emit, notify } = createShellOutputs({
    Notification,
    windows: () => BrowserWindow.getAllWindows(),
  });
  host = openHost({
    dataDir,
    localFiles,
    warn: (w) => console.warn(w),
    emit,
    // Paths arrive only through the preload's stageFile; never the app's own files (issue 14).
    stagePath: async (path) =>
      refuseStagePath(path, dataDir) ?? (await localFiles.registerPath(path)),
    // Files made in the page (converted, fixed rows) arrive as bytes, into the same staging.
    stageBytes: createByteStaging({ receive: (body, name) => localFiles.receive(body, name) }),
    pickKeyFile: () => dialogs.pickKeyFile(),
    notify,
    app: {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      transport: 'electron',
    },
  });
  const handlers = guardKeyPaths(host.handlers, createKeyPathGate(keysDir(dataDir)));
  registerInvokeHandlers(ipcMain, handlers, createTrustedSenderCheck());
  mainWindow = openWindow();
}

function openWindow(): BrowserWindow {
  const win = new BrowserWindow(createWindowOptions(preloadPath));
  hardenWebContents(win.webContents, shell);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  void win.loadURL(appIndexUrl);
  return win;
}

/** Asks before stopping running uploads, then shuts the handlers down before quitting. */
async function onBeforeQuit(event: { preventDefault(): void }): Promise<void> {
  if (quitting || !host) return;
  event.preventDefault();
  const running = host.transfers.uploads.size + host.transfers.watches.size;
  if (!createDialogs(dialog, () => mainWindow, '').confirmQuit(running)) return;
  quitting = true;
  await host.shutdown();
  app.quit();
}
