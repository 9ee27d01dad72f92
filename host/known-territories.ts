/**
 * Which territories a site's server has, as far as this app knows: the names the platform's
 * result.json reported (`territories`, an optional extra; contract §6) for the site's earlier
 * territory imports in the ledger. "Complete" only when every such import listed all of its
 * territories and none is still waiting, so a name not in the list would be a new territory.
 * Pure. std.
 */
import type { LedgerEntry } from '../engine/ledger.ts';

export type KnownTerritories = {
  territories: { name: string; level: number }[];
  imports: number;
  complete: boolean;
};

/** Outcomes after which the server may have stored territories we have no list of yet. */
const pending = new Set<LedgerEntry['outcome']>(['uploaded', 'waiting', 'timeout']);

/** The known territories of `siteId` from ledger entries (any order). */
export function knownTerritories(
  entries: readonly LedgerEntry[],
  siteId: string,
): KnownTerritories {
  const mine = entries
    .filter((e) => e.siteId === siteId && e.remotePath.startsWith('/Territories/'))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const byName = new Map<string, number>();
  let imports = 0;
  let complete = true;
  for (const e of mine) {
    if (pending.has(e.outcome)) complete = false;
    if ((e.outcome !== 'imported' && e.outcome !== 'failed') || !e.result) continue;
    imports++;
    const listed = listedTerritories(e.result);
    if (!listed) {
      complete = false; // a platform that does not say which territories it stored
      continue;
    }
    for (const t of listed.items) byName.set(t.name, t.level);
    if (!listed.full) complete = false;
  }
  return {
    territories: [...byName].map(([name, level]) => ({ name, level })),
    imports,
    complete: imports > 0 && complete,
  };
}

/** result.json's `territories` (read defensively: it comes from the server), or null. */
function listedTerritories(
  result: Record<string, unknown>,
): { items: { name: string; level: number }[]; full: boolean } | null {
  const raw = result.territories;
  if (!Array.isArray(raw)) return null;
  const items = raw.flatMap((t: unknown) => {
    if (typeof t !== 'object' || t === null) return [];
    const r = t as Record<string, unknown>;
    return typeof r.name === 'string' && typeof r.level === 'number'
      ? [{ name: r.name, level: r.level }]
      : [];
  });
  const counted =
    (typeof result.territoriesCreated === 'number' ? result.territoriesCreated : 0) +
    (typeof result.territoriesUpdated === 'number' ? result.territoriesUpdated : 0);
  return { items, full: items.length === raw.length && items.length >= counted };
}
