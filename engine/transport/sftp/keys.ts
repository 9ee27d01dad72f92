/**
 * SSH key pairs for key-only platforms (contract §9 `contact-lists`, seed 002): RSA-2048 in
 * OpenSSH format, the private key encrypted with a passphrase the caller keeps in the keychain,
 * and the seed's check of a public key line before it is given to the platform. node.
 */
import ssh2 from 'ssh2';
import type { Profile } from '../../../core/profiles/profiles.ts';
import { fingerprintOfKeyLine } from '../../fingerprint.ts';

/** Seed 002's regular expression, verbatim. */
export const ocelotKeyRegex = /^ssh-rsa\s+[A-Za-z0-9+/]+[=]{0,3}(\s+.+)?\s*$/;

export type GeneratedKeyPair = {
  /** OpenSSH private key, encrypted (aes256-ctr, bcrypt KDF) when a passphrase is given. */
  privateKey: string;
  /** `ssh-rsa AAAA… comment` */
  publicKey: string;
  fingerprint: string;
};

/** A new RSA-2048 key pair. The passphrase is used, never stored here. */
export function generateRsaKeyPair({
  comment,
  passphrase,
}: {
  comment: string;
  passphrase?: string;
}): GeneratedKeyPair {
  const safeComment = comment.replace(/[\r\n]+/g, ' ').trim() || 'sftp-import-assistant';
  const pair = ssh2.utils.generateKeyPairSync('rsa', {
    bits: 2048,
    comment: safeComment,
    ...(passphrase ? { passphrase, cipher: 'aes256-ctr', rounds: 16 } : {}),
  });
  const publicKey = pair.public.trim();
  return {
    privateKey: pair.private,
    publicKey,
    fingerprint: fingerprintOfKeyLine(publicKey) ?? '',
  };
}

/** Whether a public key line is acceptable to the profile (seed 002 for `contact-lists`). */
export function checkPublicKeyForProfile(
  line: string,
  profile: Profile,
): { ok: true } | { ok: false; reason: string } {
  const trimmed = line.trim();
  const [type, b64] = trimmed.split(/\s+/);
  if (!type || !b64) {
    return {
      ok: false,
      reason: 'A public key line looks like "ssh-rsa AAAA… comment"; this one is incomplete.',
    };
  }
  if (profile.id !== 'contact-lists') return { ok: true };
  if (type !== 'ssh-rsa') {
    return {
      ok: false,
      reason: `The key is ${type}; ${profile.platform} accepts only ssh-rsa keys. Generate an RSA key.`,
    };
  }
  if (!ocelotKeyRegex.test(line)) {
    return {
      ok: false,
      reason: `The key line does not match ${profile.platform}'s required format ${String(ocelotKeyRegex)}.`,
    };
  }
  const bits = rsaBitsOfBlob(Buffer.from(b64, 'base64'));
  if (bits === undefined) {
    return { ok: false, reason: 'The RSA key data is damaged; copy the whole line again.' };
  }
  if (bits > 2048) {
    return {
      ok: false,
      reason: `The key has ${bits} bits; ${profile.platform} accepts at most 2048. Generate a 2048-bit RSA key.`,
    };
  }
  return { ok: true };
}

/** The modulus size of an ssh-rsa public key blob. */
export function rsaBitsOfBlob(blob: Buffer): number | undefined {
  let p = 0;
  const next = (): Buffer | undefined => {
    if (p + 4 > blob.length) return undefined;
    const len = blob.readUInt32BE(p);
    if (p + 4 + len > blob.length) return undefined;
    const v = blob.subarray(p + 4, p + 4 + len);
    p += 4 + len;
    return v;
  };
  const type = next();
  if (!type || type.toString('latin1') !== 'ssh-rsa') return undefined;
  if (!next()) return undefined;
  const n = next();
  if (!n) return undefined;
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] ?? 0));
}

/**
 * Whether a private key opens with a passphrase: `undefined` when it does, else why not —
 * `'passphrase'` (wrong or missing passphrase) or `'not-a-key'`.
 */
export function checkPrivateKey(
  privateKey: Buffer,
  passphrase: string | undefined,
): 'passphrase' | 'not-a-key' | undefined {
  const parsed = ssh2.utils.parseKey(privateKey, passphrase);
  if (!(parsed instanceof Error)) return undefined;
  return /passphrase|encrypt|decrypt/i.test(parsed.message) ? 'passphrase' : 'not-a-key';
}
