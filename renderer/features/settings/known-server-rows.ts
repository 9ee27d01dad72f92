/**
 * Known servers as rows, one per host:port (what "Forget" acts on), and the words around
 * forgetting one: a key may also be saved with sites, and forgetting clears it there too, so the
 * question names those sites (issue 11 "Trust"). std.
 */
import type { KnownHostView } from '../../../core/ipc/contract.ts';

export type KnownServerRow = {
  host: string;
  port: number;
  keys: { type: string; fingerprint: string }[];
  /** The earliest time one of its keys was accepted (absent for a pin only saved with a site). */
  addedAt?: string;
  /** Sites holding one of its keys saved with them. */
  sites: string[];
};

/** Groups the list by server (host names compare without case), first seen first. */
export function knownServerRows(hosts: readonly KnownHostView[]): KnownServerRow[] {
  const rows: KnownServerRow[] = [];
  for (const h of hosts) {
    let row = rows.find((r) => r.host.toLowerCase() === h.host.toLowerCase() && r.port === h.port);
    if (!row) {
      row = { host: h.host, port: h.port, keys: [], sites: [] };
      rows.push(row);
    }
    row.keys.push({ type: h.type, fingerprint: h.fingerprint });
    if (h.addedAt !== undefined && (row.addedAt === undefined || h.addedAt < row.addedAt)) {
      row.addedAt = h.addedAt;
    }
    for (const s of h.sites ?? []) if (!row.sites.includes(s)) row.sites.push(s);
  }
  return rows;
}

/** "certificate" when every key is a TLS certificate (FTPS), else "key". */
export function identityWord(keys: readonly { type: string }[]): 'certificate' | 'key' {
  return keys.length > 0 && keys.every((k) => k.type === 'x509') ? 'certificate' : 'key';
}

/** "A", "A and B", "A, B and C". */
function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "the key saved with site Acme" / "the keys saved with sites Acme and Beta". */
export function savedWithSites(word: string, sites: readonly string[]): string {
  return sites.length === 1
    ? `the ${word} saved with site ${sites[0]}`
    : `the ${word}s saved with sites ${listOf(sites)}`;
}

/** The question asked in the row before forgetting. */
export function forgetQuestion(row: KnownServerRow): string {
  const word = identityWord(row.keys);
  const what =
    row.sites.length > 0 ? `this ${word} and ${savedWithSites(word, row.sites)}` : `this ${word}`;
  return `Forget ${what}? The next connection to ${row.host}:${row.port} will show the server’s ${word} and ask you to check its fingerprint again.`;
}

/** What was done, said once the server is forgotten. */
export function forgottenNote(
  row: Pick<KnownServerRow, 'host' | 'port' | 'keys'>,
  sites: readonly string[],
): string {
  const word = identityWord(row.keys);
  const also = sites.length > 0 ? `, and ${savedWithSites(word, sites)}` : '';
  return `Forgot the ${word} of ${row.host}:${row.port}${also}. Test the connection again to check the new fingerprint.`;
}
