/**
 * A `WorkerLike` that runs the real local check (renderer/workers/check-runner.ts, the code the
 * Web Worker runs) in this process, so component tests check files exactly as the page does.
 * node, tests only.
 */
import type { WorkerLike } from '../../../../renderer/features/import-wizard/check-client.ts';
import type { WorkerRequest } from '../../../../renderer/workers/check-protocol.ts';
import { createWorkerHandler } from '../../../../renderer/workers/check-runner.ts';

/**
 * A fresh in-process checker; `created` counts how many the page asked for, `ended` lists the
 * ones it terminated (numbered from 1 in the order they were made).
 */
export function inProcessWorkers(): {
  create: () => WorkerLike;
  created: () => number;
  ended: readonly number[];
} {
  let count = 0;
  const ended: number[] = [];
  return {
    created: () => count,
    ended,
    create: () => {
      const id = ++count;
      let dead = false;
      const handle = createWorkerHandler();
      const worker: WorkerLike = {
        onmessage: null,
        onerror: null,
        terminate: () => {
          dead = true;
          ended.push(id);
        },
        postMessage: (message: unknown) => {
          void handle(message as WorkerRequest, (m) => {
            if (!dead) setTimeout(() => worker.onmessage?.({ data: m } as MessageEvent), 0);
          });
        },
      };
      return worker;
    },
  };
}
