/**
 * The checking worker: runs check-runner.ts off the page's thread, so a 1,000,000-row file never
 * blocks the UI; a worker the grid opened also keeps that file's model (grid-session.ts). Web
 * Worker (DOM lib, no window).
 */
import { isGridRequest, type WorkerRequest, type WorkerResponse } from './check-protocol.ts';
import { runCheckRequest } from './check-runner.ts';
import { createGridSession } from './grid-session.ts';

const grid = createGridSession();
const post = (m: WorkerResponse) => postMessage(m);

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  void (isGridRequest(req) ? grid.handle(req, post) : runCheckRequest(req, post));
});
