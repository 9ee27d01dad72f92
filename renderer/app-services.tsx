/**
 * Browser services the composition root hands down (theme switch, file download, clipboard, the
 * page's address for bundled assets), so components never touch `window`/`document`/`navigator`
 * themselves and tests can record the calls. DOM.
 */
import { createContext, useContext } from 'react';
import type { WorkerLike } from './features/import-wizard/check-client.ts';

export type AppServices = {
  applyTheme: (theme: 'system' | 'light' | 'dark') => void;
  download: (name: string, text: string, type?: string) => void;
  /** A fresh checking worker (workers/validate.worker.ts). */
  createCheckWorker: () => WorkerLike;
  /** Epoch ms now (injected so tests control time). */
  now: () => number;
  /** Puts text on the clipboard; rejects when the browser does not allow it. */
  copyText: (text: string) => Promise<void>;
  /** An absolute URL for a bundled asset's (relative) URL, against the page's base address. */
  assetUrl: (relative: string) => string;
  /** Small remembered preferences (the import assistant's column pairings); absent = none kept. */
  storage?: { get: (key: string) => string | null; set: (key: string, value: string) => void };
};

const noop: AppServices = {
  applyTheme: () => undefined,
  download: () => undefined,
  createCheckWorker: () => {
    throw new Error('No worker factory: provide AppServices.');
  },
  now: () => Date.now(),
  copyText: () => Promise.reject(new Error('No clipboard: provide AppServices.')),
  assetUrl: (relative) => relative,
};
export const AppServicesContext = createContext<AppServices>(noop);

/** The services of the nearest provider (no-ops when none). */
export function useAppServices(): AppServices {
  return useContext(AppServicesContext);
}
