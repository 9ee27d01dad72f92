/**
 * The emulator's host key: generated once (ed25519) into `<data>/host_ed25519` (mode 0600) and
 * reused across restarts, so clients that pinned its fingerprint keep connecting. node.
 */
import { createHash } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

const { utils } = ssh2;

export type HostKey = { privateKey: string; fingerprint: string };

/**
 * An ed25519 key pair that ssh2 can read back. ssh2 1.17's generator strips the leading zero
 * bytes of the public key, so about 1 key in 256 comes out malformed (mscdex/ssh2#1390, #1513);
 * such a pair is thrown away and another made.
 */
export function generateEd25519KeyPair(): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (firstKey(utils.parseKey(pair.private)) && firstKey(utils.parseKey(pair.public))) {
      return pair;
    }
  }
}

/** Loads `<dataDir>/host_ed25519`, creating it the first time. */
export async function loadOrCreateHostKey(dataDir: string): Promise<HostKey> {
  const file = join(dataDir, 'host_ed25519');
  let privateKey: string;
  try {
    privateKey = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const pair = generateEd25519KeyPair();
    privateKey = pair.private;
    // 'wx' fails if another process created it meanwhile; then read theirs.
    try {
      await writeFile(file, privateKey, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      privateKey = await readFile(file, 'utf8');
    }
  }
  await chmod(file, 0o600);
  return { privateKey, fingerprint: fingerprintOfPrivateKey(privateKey) };
}

/** `SHA256:<base64, no padding>` of a key's public blob, as `ssh-keygen -l` prints it. */
export function fingerprintOfPrivateKey(privateKey: string): string {
  const key = firstKey(utils.parseKey(privateKey));
  if (!key) throw new Error('the host key file is not a valid key; delete it to make a new one');
  return fingerprintOfBlob(key.getPublicSSH());
}

/** The key of a `utils.parseKey` result (which may be an Error, or a list for some formats). */
export function firstKey(parsed: ParsedKey | Error | ParsedKey[]): ParsedKey | undefined {
  const key: ParsedKey | Error | undefined = Array.isArray(parsed) ? parsed[0] : parsed;
  return key === undefined || key instanceof Error ? undefined : key;
}

/** `SHA256:<base64>` of a public key blob. */
export function fingerprintOfBlob(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}
