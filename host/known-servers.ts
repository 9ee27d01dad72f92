/**
 * Settings → Known servers as one place (issue 11 "Trust"): a server's key or certificate may be
 * pinned in the known-hosts list and/or saved with a site (`site.hostKey`), and both block a
 * changed one. The list shows both, naming the sites; forgetting a server clears both, so the
 * next "Test connection" asks about the new key instead of staying blocked. node.
 */
import type { KnownHostView } from '../core/ipc/contract.ts';
import type { KnownHostsStore } from '../engine/known-hosts.ts';
import type { Site, SiteStore } from '../engine/sites.ts';
import { normalizeFingerprint } from '../engine/fingerprint.ts';
import { fail, ok, toIpcError, type IpcResult } from '../core/ipc/result.ts';

type Stores = { knownHosts: KnownHostsStore; sites: SiteStore };

const sameServer = (a: { host: string; port: number }, host: string, port: number): boolean =>
  a.host.toLowerCase() === host.toLowerCase() && a.port === port;

/** The sites that hold a key of host:port saved with them. */
function sitesPinning(sites: readonly Site[], host: string, port: number): Site[] {
  return sites.filter((s) => s.hostKey !== undefined && sameServer(s, host, port));
}

/** Every remembered key: the known-hosts entries, then pins held only by sites, each naming its sites. */
export function listKnownServers(stores: Stores): KnownHostView[] {
  const sites = stores.sites.list();
  const rows: KnownHostView[] = stores.knownHosts
    .list()
    .map(({ host, port, type, fingerprint, addedAt }) => ({
      host,
      port,
      type,
      fingerprint,
      addedAt,
      sites: [],
    }));
  const rowOf = (host: string, port: number, fingerprint: string): KnownHostView | undefined =>
    rows.find(
      (r) =>
        sameServer(r, host, port) &&
        normalizeFingerprint(r.fingerprint) === normalizeFingerprint(fingerprint),
    );
  for (const site of sites) {
    if (!site.hostKey) continue;
    const row = rowOf(site.host, site.port, site.hostKey.fingerprint);
    if (row) {
      row.sites = [...(row.sites ?? []), site.name];
    } else {
      rows.push({
        host: site.host,
        port: site.port,
        type: site.hostKey.type,
        fingerprint: site.hostKey.fingerprint,
        sites: [site.name],
      });
    }
  }
  return rows;
}

/**
 * Forgets every key of host:port: the known-hosts entries and the pin saved with each site there.
 * Answers the names of those sites; 'not-found' when nothing was remembered.
 */
export function forgetKnownServer(
  stores: Stores,
  host: string,
  port: number,
): IpcResult<{ sites: string[] }> {
  const pinning = sitesPinning(stores.sites.list(), host, port);
  if (stores.knownHosts.get(host, port).length === 0 && pinning.length === 0) {
    return fail('not-found', `No key is remembered for ${host} port ${port}.`);
  }
  for (const site of pinning) {
    const { hostKey: _pin, ...rest } = site;
    const saved = stores.sites.save(rest);
    if (!saved.ok) return { ok: false, error: toIpcError(saved.error) };
  }
  stores.knownHosts.forget(host, port);
  return ok({ sites: pinning.map((s) => s.name) });
}
