/**
 * Serves the built renderer (dist/renderer) to the web host's page: GET/HEAD only, paths jailed
 * under the folder, a fixed content type per extension, and the security headers (CSP, nosniff,
 * no framing, no referrer). node.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { webHostCsp } from './csp.ts';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
  '.geojson': 'application/geo+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The fixed content type of a served file (no sniffing); shared with Electron's app:// handler. */
export function contentTypeFor(path: string): string {
  return types[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every response of the web host carries. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': webHostCsp,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Answers a GET/HEAD for a file under `root`; 404 for anything outside it or missing. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
): Promise<void> {
  const file = resolveUnder(root, pathname === '/' ? '/index.html' : pathname);
  const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || info === undefined || !info.isFile()) {
    sendText(res, 404, 'Not found');
    return;
  }
  res.writeHead(200, {
    ...securityHeaders,
    'content-type': contentTypeFor(file),
    'content-length': String(info.size),
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The absolute path of a URL path under `root`, or undefined when it would leave `root`. */
export function resolveUnder(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = resolve(root);
  const full = resolve(base, '.' + decoded);
  return full.startsWith(base + sep) ? full : undefined;
}

/** A short plain-text answer with the security headers. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
