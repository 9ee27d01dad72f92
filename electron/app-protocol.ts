/**
 * The renderer's own origin, `app://renderer/`, instead of `file://` (Electron security
 * checklist #18, issue 14): a privileged standard scheme whose handler serves only files under
 * the built renderer folder, with the CSP and a fixed content type on every answer. The path
 * check is a pure function so escapes are unit-tested without Electron. node.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { contentTypeFor } from '../host/static-files.ts';

export const appScheme = 'app';
export const appHost = 'renderer';
/** The address the window loads. */
export const appIndexUrl = `${appScheme}://${appHost}/index.html`;

/**
 * The scheme's privileges, registered before `app.whenReady()`: standard (an origin, relative
 * URLs), secure (a secure context, like https), fetch and module scripts/workers allowed.
 */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
} as const;

/**
 * The file under `root` an `app://renderer/…` URL names, or undefined when it names anything
 * else: another scheme or host, a segment that is `.`/`..` (plain or percent-encoded), one
 * holding a slash, backslash, colon or NUL once decoded, or a malformed escape. `/` is
 * index.html. Query and fragment are ignored.
 */
export function resolveAppPath(root: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost) return undefined;
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  const segments = decodeSegments(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  if (segments === undefined) return undefined;
  const base = resolve(root);
  const full = resolve(base, ...segments);
  return full.startsWith(base + sep) ? full : undefined;
}

/** A URL path's decoded segments, or undefined when one is empty, a dot segment or unsafe. */
function decodeSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const encoded of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    if (/[/\\:\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** Whether `url` is the app's own page (`app://renderer/index.html`, any query or fragment). */
export function isAppPage(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === `${appScheme}:` &&
      u.host === appHost &&
      u.username === '' &&
      u.password === '' &&
      u.pathname === '/index.html'
    );
  } catch {
    return false;
  }
}

/**
 * The `protocol.handle('app', …)` handler: GET/HEAD of a file under `root`, else 404 (405 for
 * other methods). Every answer carries `csp`, nosniff and no-referrer.
 */
export function createAppProtocolHandler(
  root: string,
  csp: string,
): (request: { url: string; method: string }) => Promise<Response> {
  const headers = (extra: Record<string, string>): Record<string, string> => ({
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
    ...extra,
  });
  const text = (status: number, body: string): Response =>
    new Response(body, {
      status,
      headers: headers({ 'content-type': 'text/plain; charset=utf-8' }),
    });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, 'Method not allowed');
    }
    const file = resolveAppPath(root, request.url);
    if (file === undefined) return text(404, 'Not found');
    try {
      if (!(await stat(file)).isFile()) return text(404, 'Not found');
      const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
      return new Response(body, {
        status: 200,
        headers: headers({ 'content-type': contentTypeFor(file) }),
      });
    } catch {
      return text(404, 'Not found');
    }
  };
}
