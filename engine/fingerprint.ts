/**
 * SSH key fingerprints as OpenSSH shows them: `SHA256:<base64 without padding>` of the key
 * blob (what `ssh-keygen -l` prints), and the key type read from the blob. node (Buffer, crypto).
 */
import { createHash } from 'node:crypto';

/** A server's host key as users see it. */
export type HostKey = { type: string; fingerprint: string };

/** `SHA256:<base64, no padding>` of a public key blob. */
export function fingerprintOfKeyBlob(blob: Uint8Array): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The key type named inside a blob (`ssh-ed25519`, `ssh-rsa`, …), or 'unknown'. */
export function keyTypeOfBlob(blob: Uint8Array): string {
  if (blob.length < 4) return 'unknown';
  const len =
    ((blob[0] ?? 0) << 24) | ((blob[1] ?? 0) << 16) | ((blob[2] ?? 0) << 8) | (blob[3] ?? 0);
  if (len <= 0 || len > 64 || 4 + len > blob.length) return 'unknown';
  return Buffer.from(blob.subarray(4, 4 + len)).toString('latin1');
}

/** The fingerprint of an OpenSSH public key line (`type base64 [comment]`), or undefined. */
export function fingerprintOfKeyLine(line: string): string | undefined {
  const b64 = line.trim().split(/\s+/)[1];
  if (!b64 || !/^[A-Za-z0-9+/]+={0,3}$/.test(b64)) return undefined;
  return fingerprintOfKeyBlob(Buffer.from(b64, 'base64'));
}

/** Whether a string looks like an OpenSSH SHA-256 fingerprint. */
export function isSha256Fingerprint(s: string): boolean {
  return /^SHA256:[A-Za-z0-9+/]{43}$/.test(s);
}

/**
 * `SHA256:<base64, no padding>` of a TLS certificate's DER bytes (contract §12: printed as
 * OpenSSH prints host keys, so one fingerprint format covers SSH and FTPS servers).
 */
export function fingerprintOfCertificate(der: Uint8Array): string {
  return fingerprintOfKeyBlob(der);
}

/**
 * A pinned fingerprint in the one form this app prints: `SHA256:` + base64 without `=` padding.
 * Accepts the padded form (and a lower-case `sha256:` prefix); anything else is returned as is,
 * so it simply never matches.
 */
export function normalizeFingerprint(s: string): string {
  const m = /^sha256:([A-Za-z0-9+/]+)=*$/i.exec(s.trim());
  return m ? `SHA256:${m[1]}` : s.trim();
}
