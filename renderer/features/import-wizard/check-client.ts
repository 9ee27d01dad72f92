/**
 * Runs one local check in a worker and resolves with its last message; progress goes to a
 * callback. The worker factory is passed in (main.tsx makes real ones; tests can fake them). DOM.
 */
import type { CheckRequest, CheckResponse } from '../../workers/check-protocol.ts';

export type WorkerLike = {
  postMessage(message: unknown): void;
  terminate(): void;
  /** Gives a worker whose request ended normally back for the next one (lib/worker-pool.ts). */
  release?: () => void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

export type CheckHandle = {
  done: Promise<Exclude<CheckResponse, { type: 'progress' }>>;
  cancel(): void;
};

/** Starts a check; `cancel()` stops the worker and resolves as failed. */
export function runCheck(
  createWorker: () => WorkerLike,
  request: CheckRequest,
  onProgress: (p: Extract<CheckResponse, { type: 'progress' }>) => void,
): CheckHandle {
  const worker = createWorker();
  type Last = Exclude<CheckResponse, { type: 'progress' }>;
  let settle: (m: Last, reusable?: boolean) => void = () => undefined;
  const done = new Promise<Last>((resolve) => {
    let settled = false;
    settle = (m, reusable = false) => {
      if (settled) return; // a late cancel must not end a worker already given back
      settled = true;
      worker.onmessage = null;
      worker.onerror = null;
      // Only a worker that answered is reused; a cancelled or crashed one may still be busy.
      if (reusable && worker.release) worker.release();
      else worker.terminate();
      resolve(m);
    };
  });
  worker.onmessage = (event: MessageEvent) => {
    const m = event.data as CheckResponse;
    if (m.type === 'progress') onProgress(m);
    else settle(m, true);
  };
  worker.onerror = (event) =>
    settle({
      type: 'failed',
      message: `Checking stopped: ${event.message || 'the checker crashed'}.`,
    });
  worker.postMessage(request);
  return { done, cancel: () => settle({ type: 'failed', message: 'Check cancelled.' }) };
}
