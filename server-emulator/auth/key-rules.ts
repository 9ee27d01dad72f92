/**
 * Public-key rules: parsing an authorized_keys line, and the `contact-lists` profile's rules
 * from seed 002 (contract §9): `ssh-rsa` only, at most 2048 bits, matching the seed's regular
 * expression. Pure. node (Buffer).
 */

/** Seed 002's regular expression, verbatim. */
export const contactListsKeyRegex = /^ssh-rsa\s+[A-Za-z0-9+/]+[=]{0,3}(\s+.+)?\s*$/;

/** The most bits an RSA key may have for `contact-lists` (seed 002). */
export const contactListsMaxBits = 2048;

/** The key type and blob of an OpenSSH public key line (`type base64 [comment]`). */
export function parseKeyLine(
  line: string,
): { ok: true; type: string; blob: Buffer } | { ok: false; message: string } {
  const fields = line.trim().split(/\s+/);
  const [type, b64] = fields;
  if (!type || !b64) {
    return { ok: false, message: 'a public key line is "<type> <base64> [comment]"' };
  }
  if (!/^[A-Za-z0-9+/]+={0,3}$/.test(b64)) {
    return { ok: false, message: 'the key is not valid base64' };
  }
  const blob = Buffer.from(b64, 'base64');
  const inner = readString(blob, 0);
  if (!inner || inner.value.toString('latin1') !== type) {
    return { ok: false, message: `the key data does not match its type "${type}"` };
  }
  return { ok: true, type, blob };
}

/** The modulus size in bits of an `ssh-rsa` key blob, or undefined if the blob is malformed. */
export function rsaBits(blob: Buffer): number | undefined {
  const type = readString(blob, 0);
  if (!type) return undefined;
  const e = readString(blob, type.next);
  if (!e) return undefined;
  const n = readString(blob, e.next);
  if (!n) return undefined;
  let i = 0;
  while (i < n.value.length && n.value[i] === 0) i++;
  if (i === n.value.length) return 0;
  const top = n.value[i] ?? 0;
  return (n.value.length - i - 1) * 8 + (32 - Math.clz32(top));
}

/**
 * Why a `contact-lists` user's key is refused (seed 002), or ok. Checked when the user is
 * configured, so a bad key is a startup error, not a silent login failure.
 */
export function checkContactListsKey(line: string): { ok: true } | { ok: false; reason: string } {
  const trimmed = line.trim();
  const type = trimmed.split(/\s+/)[0] ?? '';
  if (type !== 'ssh-rsa') {
    return {
      ok: false,
      reason: `the key is ${type ? `"${type}"` : 'empty'}; Ocelot accepts only ssh-rsa keys`,
    };
  }
  if (!contactListsKeyRegex.test(line)) {
    return {
      ok: false,
      reason: `the key line does not match Ocelot's format ${String(contactListsKeyRegex)}`,
    };
  }
  const parsed = parseKeyLine(trimmed);
  if (!parsed.ok) return { ok: false, reason: parsed.message };
  const bits = rsaBits(parsed.blob);
  if (bits === undefined) return { ok: false, reason: 'the RSA key data is malformed' };
  if (bits > contactListsMaxBits) {
    return {
      ok: false,
      reason: `the key has ${bits} bits; Ocelot accepts RSA keys of at most ${contactListsMaxBits} bits`,
    };
  }
  return { ok: true };
}

function readString(buf: Buffer, at: number): { value: Buffer; next: number } | undefined {
  if (at + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) return undefined;
  return { value: buf.subarray(at + 4, at + 4 + len), next: at + 4 + len };
}
