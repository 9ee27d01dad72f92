/**
 * The keychain entry of a private key's passphrase, one name for the app and the CLI (contract
 * §11: secrets only in the OS keychain), so a key generated in the app works from
 * `sftp-import upload --key PATH`. The account is `passphrase:<real path of the key file>`:
 * symlinks and relative paths resolve to the same entry. Also makes the random passphrase a
 * generated key is encrypted with. node.
 */
import { randomBytes } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The account for a key file at an absolute, already resolved path. */
export function keyPassphraseAccount(absolutePath: string): string {
  return `passphrase:${absolutePath}`;
}

/** The account for a key file as the user names it (relative to `cwd`, symlinks followed). */
export async function keyPassphraseAccountOf(path: string, cwd = process.cwd()): Promise<string> {
  const full = resolve(cwd, path);
  try {
    return keyPassphraseAccount(await realpath(full));
  } catch {
    // No such file: nothing can be looked up by its real path; the absolute path is the best name.
    return keyPassphraseAccount(full);
  }
}

/** A passphrase nobody has to type: 32 random bytes, base64url (256 bits). */
export function randomKeyPassphrase(): string {
  return randomBytes(32).toString('base64url');
}
