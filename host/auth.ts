/**
 * The web host's gatekeeping: a random session token compared in constant time, loopback peers
 * only, and Host/Origin checks so another web site (or a DNS-rebinding name) can't drive the
 * host from the user's browser. node.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh session token (256 random bits, URL-safe). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether a presented token equals the expected one. Both sides are hashed first so the
 * comparison is constant-time whatever their lengths (timingSafeEqual needs equal lengths, and
 * an early length check would leak the token's length).
 */
export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || expected.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Whether a socket's peer address is the loopback interface. */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** The origins the page may have: the host's own, by IP or by `localhost`. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

/** Whether the Host header names this host (a rebinding name like evil.example:PORT does not). */
export function isAllowedHostHeader(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/** Whether the Origin header is present and one of ours. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin !== undefined && allowedOrigins(port).includes(origin);
}

/** The bearer token of a request, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length);
}
