/**
 * The app's Content-Security-Policy, one string for both shells (the web host's response header,
 * Electron's session headers). Nothing but the app's own origin; no inline script, no eval,
 * and no inline style either (issue 14): React `style` props and the map
 * set styles through the CSSOM (`element.style`), which style-src does not govern; a `<style>`
 * element or a `style="…"` attribute is refused. renderer/index.html's meta tag carries the
 * same directives (test/unit/electron/csp.test.ts). std (plain data), used from node and electron/.
 */

/** Directives shared by both shells. */
const base = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** CSP for the web host: the page talks to its host over ws://127.0.0.1 as well. */
export const webHostCsp = [...base, "connect-src 'self' ws://127.0.0.1:* ws://localhost:*"].join(
  '; ',
);

/** CSP for Electron's app://renderer page: IPC needs no network at all. */
export const electronCsp = [...base, "connect-src 'self'"].join('; ');
