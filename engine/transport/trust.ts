/**
 * Trusting a server before any credential is sent (contract §11, §12), one decision for an SSH
 * host key and a TLS certificate alike: vouched for by the system's CAs (certificates only) →
 * trusted; pinned → trusted; pinned but different → blocked as changed; unknown → asked, or
 * refused when no one can be asked. Pure. node (no I/O).
 */
import { normalizeFingerprint } from '../fingerprint.ts';
import type { IdentityTrust, TrustDecision } from './port.ts';

/** What the server showed: its fingerprint, and (TLS) whether the system's CAs vouch for it. */
export type SeenIdentity = { fingerprint: string; caTrusted?: boolean };

/** The decision before USER/PASS or the SSH login. */
export type TrustVerdict =
  | { kind: 'trusted'; trust: IdentityTrust }
  | { kind: 'changed'; expected: string[] }
  | { kind: 'ask' }
  | { kind: 'unknown' };

/** The pins as a list, however they were given. */
export function pinsOf(
  knownHost: { fingerprint: string } | readonly { fingerprint: string }[] | undefined,
): readonly { fingerprint: string }[] {
  if (knownHost === undefined) return [];
  return 'fingerprint' in knownHost ? [knownHost] : knownHost;
}

/** Decides without asking; padded and unpadded fingerprints compare equal. */
export function trustVerdict(
  seen: SeenIdentity,
  pinned: readonly { fingerprint: string }[],
  canAsk: boolean,
): TrustVerdict {
  if (seen.caTrusted) return { kind: 'trusted', trust: 'ca' };
  const fp = normalizeFingerprint(seen.fingerprint);
  if (pinned.length > 0) {
    if (pinned.some((p) => normalizeFingerprint(p.fingerprint) === fp)) {
      return { kind: 'trusted', trust: 'known' };
    }
    return { kind: 'changed', expected: pinned.map((p) => p.fingerprint) };
  }
  return canAsk ? { kind: 'ask' } : { kind: 'unknown' };
}

/** The trust an answer to the prompt gives, or undefined for cancel. */
export function trustOfDecision(d: TrustDecision): IdentityTrust | undefined {
  return d === 'cancel' ? undefined : d;
}
