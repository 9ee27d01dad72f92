/**
 * The checking worker: runs check-runner.ts off the page's thread, so a 1,000,000-row file never
 * blocks the UI; a worker the grid opened also keeps that file's model (grid-session.ts). Web
 * Worker (DOM lib, no window).
 */
import type { WorkerRequest, WorkerResponse } from './check-protocol.ts';
import { createWorkerHandler } from './check-runner.ts';

const handle = createWorkerHandler();

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  void handle(event.data, (m: WorkerResponse) => postMessage(m));
});
