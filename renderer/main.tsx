/**
 * Composition root: picks the Bridge (Electron's preload `window.bridge`, the web host's
 * WebSocket with the token from `location.hash`, or the in-memory fake for design work) and
 * renders the app. The only renderer module that reads `window`. DOM.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Bridge } from '../core/ipc/bridge.ts';
import { createWsBridge } from '../core/ipc/ws-bridge.ts';
import { App } from './app.tsx';
import { BridgeProvider } from './bridge/bridge-context.tsx';
import { createFakeBridge } from './bridge/fake-bridge.ts';
import { configureMaplibre } from './features/territories/maplibre-setup.ts';
import './styles/app.css';

function pickBridge(): Bridge {
  const w = window as unknown as { bridge?: Bridge };
  if (w.bridge) return w.bridge;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    return createWsBridge({ url: location.origin, token });
  }
  return createFakeBridge();
}

const prefersDark = window.matchMedia('(prefers-color-scheme: dark)');
function applyTheme(theme: 'system' | 'light' | 'dark'): void {
  const dark = theme === 'dark' || (theme === 'system' && prefersDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

configureMaplibre();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <BridgeProvider bridge={pickBridge()}>
        <App
          applyTheme={applyTheme}
          download={downloadText}
          createCheckWorker={createCheckWorker}
          now={() => Date.now()}
        />
      </BridgeProvider>
    </StrictMode>,
  );
}

/** A module worker for local checks; Vite bundles it as its own file (CSP: worker-src 'self'). */
function createCheckWorker(): Worker {
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
