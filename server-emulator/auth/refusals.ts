/**
 * What a refused connection is told (issue 14): every refusal names the limit and its value, so
 * the client's user sees why (SSH: the DISCONNECT description; FTPS: a 421 reply). Pure.
 */
import type { GuardLimits } from './auth.ts';

export type Refusal =
  | { kind: 'banned'; untilMs: number; nowMs: number }
  | { kind: 'per-address' }
  | { kind: 'total' }
  | { kind: 'login-timeout' };

/** The limits a refusal names. */
export type RefusalLimits = GuardLimits & { maxConnections: number; loginTimeoutMs: number };

/** SSH DISCONNECT reason codes (RFC 4253 §11.1) used for each refusal. */
export const disconnectCode = {
  banned: 1, // SSH_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT
  'per-address': 12, // SSH_DISCONNECT_TOO_MANY_CONNECTIONS
  total: 12,
  'login-timeout': 11, // SSH_DISCONNECT_BY_APPLICATION
} as const satisfies Record<Refusal['kind'], number>;

/** "15 min", "30 s", "500 ms": a duration as a person reads it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 60_000) return `${Math.ceil(ms / 60_000)} min`;
  return `${Math.ceil(ms / 1000)} s`;
}

/** The one-line reason a refused client is given (names the limit, its value, what to do). */
export function refusalMessage(r: Refusal, limits: RefusalLimits): string {
  switch (r.kind) {
    case 'banned':
      return `your address is banned for ${formatDuration(limits.banMs)} after ${limits.maxFailedLogins} failed logins within ${formatDuration(limits.failWindowMs)}; try again in ${formatDuration(Math.max(1000, r.untilMs - r.nowMs))}`;
    case 'per-address':
      return `too many sessions from your address: the limit is ${limits.maxSessionsPerAddress} at once; close one and try again`;
    case 'total':
      return `the server is at its limit of ${limits.maxConnections} connections at once; try again later`;
    case 'login-timeout':
      return `no login within ${formatDuration(limits.loginTimeoutMs)} (the login time limit); connect again and log in`;
  }
}
