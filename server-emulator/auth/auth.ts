/**
 * Login checks: constant-time password and public-key comparison, and the per-address guard
 * (failed-login ban, session cap). The guard is plain state driven by a clock passed in. node.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. `timingSafeEqual` needs equal lengths, and returning
 * early on a length mismatch would leak the length, so both sides are hashed to 32 bytes first
 * (the same idea as the ssh2 README's "equalise lengths" comment), then compared; the length
 * check comes after, with no early exit.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const ab = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const bb = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  const ha = createHash('sha256').update(ab).digest();
  const hb = createHash('sha256').update(bb).digest();
  const same = timingSafeEqual(ha, hb);
  return same && ab.length === bb.length;
}

/** Limits of the per-address guard. */
export type GuardLimits = {
  /** Simultaneous connections from one address (S6). */
  maxSessionsPerAddress: number;
  /** Failed logins within `failWindowMs` that trigger a ban (S5). */
  maxFailedLogins: number;
  failWindowMs: number;
  /** How long a ban lasts; while banned even the right password is refused. */
  banMs: number;
};

export const defaultGuardLimits: GuardLimits = {
  maxSessionsPerAddress: 10,
  maxFailedLogins: 5,
  failWindowMs: 5 * 60_000,
  banMs: 15 * 60_000,
};

/** Per-address bookkeeping for bans and session caps. */
export type LoginGuard = {
  /** Whether the address is banned now. */
  isBanned(address: string): boolean;
  /** When the address's ban ends (ms), or undefined when it is not banned now. */
  bannedUntil(address: string): number | undefined;
  /** Records a failed login; returns true when this failure started a ban. */
  recordFailure(address: string): boolean;
  /** Claims a session slot; false when the address is at its cap. */
  openSession(address: string): boolean;
  closeSession(address: string): void;
  sessions(address: string): number;
};

/** A guard with its own maps, reading time from `clock` (ms). */
export function createLoginGuard(limits: GuardLimits, clock: () => number): LoginGuard {
  const failures = new Map<string, number[]>();
  const bannedUntil = new Map<string, number>();
  const open = new Map<string, number>();
  return {
    isBanned(address) {
      const until = bannedUntil.get(address);
      if (until === undefined) return false;
      if (clock() < until) return true;
      bannedUntil.delete(address);
      return false;
    },
    bannedUntil(address) {
      return this.isBanned(address) ? bannedUntil.get(address) : undefined;
    },
    recordFailure(address) {
      const now = clock();
      const recent = (failures.get(address) ?? []).filter((t) => now - t < limits.failWindowMs);
      recent.push(now);
      if (recent.length >= limits.maxFailedLogins) {
        failures.delete(address);
        bannedUntil.set(address, now + limits.banMs);
        return true;
      }
      failures.set(address, recent);
      return false;
    },
    openSession(address) {
      const n = open.get(address) ?? 0;
      if (n >= limits.maxSessionsPerAddress) return false;
      open.set(address, n + 1);
      return true;
    },
    closeSession(address) {
      const n = (open.get(address) ?? 1) - 1;
      if (n <= 0) open.delete(address);
      else open.set(address, n);
    },
    sessions(address) {
      return open.get(address) ?? 0;
    },
  };
}
