/**
 * Browser services the composition root hands down (theme switch, file download), so components
 * never touch `window`/`document` themselves and tests can record the calls. DOM.
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
};

const noop: AppServices = {
  applyTheme: () => undefined,
  download: () => undefined,
  createCheckWorker: () => {
    throw new Error('No worker factory: provide AppServices.');
  },
  now: () => Date.now(),
};
export const AppServicesContext = createContext<AppServices>(noop);

/** The services of the nearest provider (no-ops when none). */
export function useAppServices(): AppServices {
  return useContext(AppServicesContext);
}
