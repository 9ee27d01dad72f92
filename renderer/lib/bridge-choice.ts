/**
 * Which bridge the composition root uses (main.tsx), decided from plain facts about the page so
 * it can be tested: Electron's preload bridge; the web host's WebSocket when the address holds
 * its session `#token=` (reusable until the host stops, not single use) or this tab kept it
 * from an earlier load; the in-memory demo bridge only on the Vite dev server or with an
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
  /** The token this tab kept in sessionStorage from an earlier load, if any. */
  storedToken?: string | null;
};

/** The sessionStorage key holding the web host's token for this tab (issue 14). */
export const tokenStorageKey = 'sia-session-token';

/** The bridge for a page. */
export function chooseBridge(page: PageFacts): BridgeChoice {
  if (page.hasPreload) return { kind: 'preload' };
  const token = new URLSearchParams(page.hash.replace(/^#/, '')).get('token') || page.storedToken;
  if (token) return { kind: 'web', token };
  if (page.dev || new URLSearchParams(page.search).has('demo')) return { kind: 'demo' };
  return { kind: 'no-session' };
}

/**
 * The address to show once the token is read: the same page with `token` taken out of the
 * fragment (other fragment parts kept), or undefined when there was none. The token stays out
 * of the address bar, history, bookmarks and screenshots (issue 14).
 */
export function addressWithoutToken(page: {
  pathname: string;
  search: string;
  hash: string;
}): string | undefined {
  const params = new URLSearchParams(page.hash.replace(/^#/, ''));
  if (!params.has('token')) return undefined;
  params.delete('token');
  const rest = params.toString();
  return `${page.pathname}${page.search}${rest ? `#${rest}` : ''}`;
}
