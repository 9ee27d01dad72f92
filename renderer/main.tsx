/**
 * Composition root: picks the Bridge (lib/bridge-choice.ts: Electron's preload `window.bridge`,
 * the web host's WebSocket with the token from `location.hash` — then moved out of the address
 * bar into this tab's sessionStorage, so a reload still works — the in-memory demo only on the
 * Vite dev server or with `?demo`, else a page saying which link to open) and renders the app
 * with the browser services it needs. The only renderer module that reads `window`, `document`
 * or `navigator`. DOM.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Bridge } from '../core/ipc/bridge.ts';
import { createWsBridge } from '../core/ipc/ws-bridge.ts';
import { App } from './app.tsx';
import { BridgeProvider } from './bridge/bridge-context.tsx';
import { createFakeBridge } from './bridge/fake-bridge.ts';
import { NoSession } from './components/no-session.tsx';
import { configureMaplibre } from './features/territories/maplibre-setup.ts';
import { addressWithoutToken, chooseBridge, tokenStorageKey } from './lib/bridge-choice.ts';
import { workerPool } from './lib/worker-pool.ts';
import './styles/app.css';

const prefersDark = window.matchMedia('(prefers-color-scheme: dark)');
function applyTheme(theme: 'system' | 'light' | 'dark'): void {
  const dark = theme === 'dark' || (theme === 'system' && prefersDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

const choice = chooseBridge({
  hasPreload: Boolean((window as unknown as { bridge?: Bridge }).bridge),
  hash: location.hash,
  search: location.search,
  dev: import.meta.env.DEV,
  storedToken: readStoredToken(),
});
if (choice.kind === 'web') keepTokenOutOfAddress(choice.token);

/** This tab's kept token (sessionStorage may be unavailable: then a reload needs the link). */
function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(tokenStorageKey);
  } catch {
    return null;
  }
}

/** Keeps the token for this tab only and takes it out of the address bar and history. */
function keepTokenOutOfAddress(token: string): void {
  try {
    sessionStorage.setItem(tokenStorageKey, token);
  } catch {
    // No storage: the app still works in this load; a reload asks for the link again.
  }
  const clean = addressWithoutToken(location);
  if (clean !== undefined) history.replaceState(history.state, '', clean);
}

function bridgeFor(c: typeof choice): Bridge | null {
  switch (c.kind) {
    case 'preload':
      return (window as unknown as { bridge: Bridge }).bridge;
    case 'web':
      return createWsBridge({ url: location.origin, token: c.token });
    case 'demo':
      return createFakeBridge();
    case 'no-session':
      return null;
  }
}

/** localStorage, when the browser allows it (remembered column pairings; nothing secret). */
const localStore = {
  get: (key: string): string | null => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set: (key: string, value: string): void => {
    try {
      localStorage.setItem(key, value);
    } catch {
      // No storage: the pairing is simply not remembered.
    }
  },
};

configureMaplibre();
/** Checks get a worker already loaded (lib/worker-pool.ts); the first one starts once idle. */
const checkWorkers = workerPool(makeCheckWorker);
const createCheckWorker = checkWorkers.take;
const root = document.getElementById('root');
const bridge = bridgeFor(choice);
if (bridge) setTimeout(checkWorkers.prime, 1000);
if (root) {
  createRoot(root).render(
    <StrictMode>
      {bridge ? (
        <BridgeProvider bridge={bridge}>
          <App
            demo={choice.kind === 'demo'}
            applyTheme={applyTheme}
            download={downloadText}
            createCheckWorker={createCheckWorker}
            now={() => Date.now()}
            copyText={(text) => navigator.clipboard.writeText(text)}
            assetUrl={(relative) => new URL(relative, document.baseURI).href}
            storage={localStore}
          />
        </BridgeProvider>
      ) : (
        <NoSession />
      )}
    </StrictMode>,
  );
}

/** A module worker for local checks; Vite bundles it as its own file (CSP: worker-src 'self'). */
function makeCheckWorker(): Worker {
  return new Worker(new URL('./workers/validate.worker.ts', import.meta.url), { type: 'module' });
}

/** Saves text as a file through the browser's download (no network: a blob URL). */
function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
