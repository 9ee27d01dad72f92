/**
 * Registers a happy-dom window as the global DOM for component tests (import it FIRST, before
 * React or Testing Library). Node's own globals (fetch, URL, timers…) are kept. node + DOM.
 */
import { Window } from 'happy-dom';

const window = new Window({ url: 'http://127.0.0.1/', width: 1024, height: 700 });
const g = globalThis as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(window)) {
  if (key in g) continue;
  try {
    g[key] = (window as unknown as Record<string, unknown>)[key];
  } catch {
    // Some accessors throw outside a browsing context; components do not need them.
  }
}
g.window = window;
g.document = window.document;
g.navigator = window.navigator;
g.IS_REACT_ACT_ENVIRONMENT = true;

/** Closes the window (call in `after`). */
export async function closeDom(): Promise<void> {
  await window.happyDOM.close();
}
