/**
 * The place names bundled with the app (renderer/assets/places.json, made by
 * scripts/make-basemap.mjs: US states and counties, cities with their population) and each
 * territory's name, as label candidates in priority order, each from the zoom where it makes
 * sense: states from the start, cities by size as you zoom in, counties closer. Pure. std.
 */
import type { LabelCandidate } from './place-labels.ts';
import { zoomForWidth } from './place-labels.ts';
import type { TerritoryCollection } from './territory-features.ts';

export type Places = {
  /** [name, lon, lat] */
  states: [string, number, number][];
  counties: [string, number, number][];
  /** [name, lon, lat, population], biggest first. */
  cities: [string, number, number, number][];
};

/** The zoom from which a city of this many people is named. */
export function cityMinZoom(population: number): number {
  if (population >= 1_000_000) return 3;
  if (population >= 300_000) return 4.5;
  if (population >= 100_000) return 5.5;
  if (population >= 30_000) return 7;
  return 8;
}

export const countyMinZoom = 6.5;

/** The bundled places as candidates: states, then cities biggest first, counties interleaved. */
export function placeCandidates(p: Places): LabelCandidate[] {
  const states = p.states.map(([text, lon, lat]) => ({
    text,
    kind: 'state' as const,
    lon,
    lat,
    minZoom: 2.5,
  }));
  const cities = p.cities.map(([text, lon, lat, pop]) => ({
    text,
    kind: 'city' as const,
    lon,
    lat,
    minZoom: cityMinZoom(pop),
  }));
  const counties = p.counties.map(([text, lon, lat]) => ({
    text,
    kind: 'county' as const,
    lon,
    lat,
    minZoom: countyMinZoom,
  }));
  // Big cities before counties; counties before the small towns.
  const big = cities.filter((c) => c.minZoom <= 5.5);
  const small = cities.filter((c) => c.minZoom > 5.5);
  return [...states, ...big, ...counties, ...small];
}

/** Each territory's name at its middle, once it is about as wide on screen as its name. */
export function territoryCandidates(c: TerritoryCollection): LabelCandidate[] {
  const out: LabelCandidate[] = [];
  for (const f of c.features) {
    const b = ringsBox(f.geometry);
    if (!b) continue;
    const [w, s, e, n] = b;
    const p = f.properties;
    const at = p.ok && p.labelAt ? p.labelAt : [(w + e) / 2, (s + n) / 2];
    out.push({
      text: p.name,
      kind: p.ok ? 'territory' : 'bad-territory',
      lon: at[0] ?? (w + e) / 2,
      lat: at[1] ?? (s + n) / 2,
      minZoom: zoomForWidth(Math.max(e - w, (n - s) * 1.2), Math.min(60, p.name.length * 5)),
    });
  }
  // Bigger territories first, so a small one does not hide a big one's name.
  return out.sort((a, b) => a.minZoom - b.minZoom);
}

function ringsBox(
  g: TerritoryCollection['features'][number]['geometry'],
): [number, number, number, number] | null {
  if (g.type !== 'Polygon' && g.type !== 'MultiLineString') return null;
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const ring of g.coordinates) {
    for (const pos of ring) {
      const x = pos[0] ?? NaN;
      const y = pos[1] ?? NaN;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
