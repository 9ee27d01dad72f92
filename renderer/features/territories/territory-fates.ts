/**
 * What each valid territory does on the server (contract §6: a Placemark creates a territory or
 * updates the one of its name). Before the upload, from what the ledger knows of the site's
 * territories (`history:known-territories`): "updates an existing territory", "creates a new
 * one", or "not known yet"; after it, from the platform's result.json: "created" / "updated".
 * Pure. std.
 */
import { plural } from '../../../core/util/text.ts';
import type { TerritoryCollection } from './territory-features.ts';

export type TerritoryFate = 'updates' | 'creates' | 'unknown' | 'created' | 'updated';

/** By feature id (`TerritoryProps.id`); invalid territories have none. */
export type TerritoryFates = ReadonlyMap<string, TerritoryFate>;

export type KnownTerritoryNames = {
  territories: readonly { name: string }[];
  imports: number;
  complete: boolean;
};

/** Before upload: each valid territory against the names the server is known to have. */
export function fatesBeforeUpload(
  c: TerritoryCollection,
  known: KnownTerritoryNames | null,
): TerritoryFates {
  const names = new Set(known?.territories.map((t) => t.name) ?? []);
  const out = new Map<string, TerritoryFate>();
  for (const f of c.features) {
    const p = f.properties;
    if (!p.ok) continue;
    if (!known || known.imports === 0) out.set(p.id, 'unknown');
    else if (names.has(p.name)) out.set(p.id, 'updates');
    else out.set(p.id, known.complete ? 'creates' : 'unknown');
  }
  return out;
}

/** After import: what the platform reported per territory name (unlisted ones get none). */
export function fatesAfterImport(
  c: TerritoryCollection,
  changes: readonly { name: string; action: 'created' | 'updated' }[],
): TerritoryFates {
  const byName = new Map(changes.map((t) => [t.name, t.action]));
  const out = new Map<string, TerritoryFate>();
  for (const f of c.features) {
    const action = f.properties.ok ? byName.get(f.properties.name) : undefined;
    if (action) out.set(f.properties.id, action);
  }
  return out;
}

/** A fate in the words of the list beside the map. */
const fateText: Record<TerritoryFate, string> = {
  updates: 'updates an existing territory',
  creates: 'creates a new one',
  unknown: 'not known yet',
  created: 'created',
  updated: 'updated',
};

export function fateWords(fate: TerritoryFate): string {
  return fateText[fate];
}

/** One sentence over the fates before upload, with why "not known yet" when that is all. */
export function fatesSummary(fates: TerritoryFates, known: KnownTerritoryNames | null): string {
  const count = (f: TerritoryFate) => [...fates.values()].filter((x) => x === f).length;
  const [updates, creates, unknown] = [count('updates'), count('creates'), count('unknown')];
  if (updates + creates === 0) {
    return !known || known.imports === 0
      ? 'Whether these create or update territories on the server is not known yet: no earlier territory import to this site has reported which territories the platform has.'
      : 'Whether these create or update territories on the server is not known yet: not every earlier territory import to this site said which territories it stored.';
  }
  const parts = [
    updates > 0
      ? `${plural(updates, 'updates an existing territory', 'update existing territories')}`
      : '',
    creates > 0 ? `${plural(creates, 'creates a new one', 'create new ones')}` : '',
    unknown > 0 ? `${plural(unknown, 'is', 'are')} not known yet` : '',
  ].filter(Boolean);
  return `As far as this site’s earlier territory imports tell: ${parts.join(', ')}.`;
}
