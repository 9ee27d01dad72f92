/**
 * Which bridge the composition root uses (main.tsx), decided from plain facts about the page so
 * it can be tested: Electron's preload bridge; the web host's WebSocket when the address holds
 * the one-time `#token=`; the in-memory demo bridge only on the Vite dev server or with an
 * explicit `?demo`; otherwise nothing — a page opened without its key must not pretend to
 * upload (the fake bridge "succeeds" without sending anything). std.
 */

export type BridgeChoice =
  { kind: 'preload' } | { kind: 'web'; token: string } | { kind: 'demo' } | { kind: 'no-session' };

export type PageFacts = {
  /** Electron's preload put `window.bridge` there. */
  hasPreload: boolean;
  /** `location.hash`, e.g. `#token=…`. */
  hash: string;
  /** `location.search`, e.g. `?demo`. */
  search: string;
  /** `import.meta.env.DEV`: served by the Vite dev server, not the production bundle. */
  dev: boolean;
};

/** The bridge for a page. */
export function chooseBridge(page: PageFacts): BridgeChoice {
  if (page.hasPreload) return { kind: 'preload' };
  const token = new URLSearchParams(page.hash.replace(/^#/, '')).get('token');
  if (token) return { kind: 'web', token };
  if (page.dev || new URLSearchParams(page.search).has('demo')) return { kind: 'demo' };
  return { kind: 'no-session' };
}
