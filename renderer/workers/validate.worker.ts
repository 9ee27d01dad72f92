/**
 * The checking worker: runs check-runner.ts off the page's thread, so a 1,000,000-row file never
 * blocks the UI. Web Worker (DOM lib, no window).
 */
import type { CheckRequest, CheckResponse } from './check-protocol.ts';
import { runCheckRequest } from './check-runner.ts';

addEventListener('message', (event: MessageEvent<CheckRequest>) => {
  void runCheckRequest(event.data, (m: CheckResponse) => postMessage(m));
});
