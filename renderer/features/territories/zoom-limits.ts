/**
 * Zoom limits that match the data: out to where the whole world fits (no further: there is
 * nothing beyond it), and in to where the smallest territory fills a good part of the map — the
 * territories' own coordinates are exact even where the bundled basemap (about 1 km) is not —
 * but no closer than street level. Pure. std.
 */
import { zoomForWidth } from './place-labels.ts';
import type { TerritoryCollection } from './territory-features.ts';

/** The basemap alone: counties and towns are readable here, and it says nothing more closer. */
export const basemapMaxZoom = 11;
export const hardMaxZoom = 17;

export type ZoomLimits = { min: number; max: number; fitMax: number };

export function zoomLimits(c: TerritoryCollection): ZoomLimits {
  let smallest = Infinity;
  for (const f of c.features) {
    const g = f.geometry;
    if (g.type !== 'Polygon' && g.type !== 'MultiLineString') continue;
    let w = Infinity,
      e = -Infinity,
      s = Infinity,
      n = -Infinity;
    for (const ring of g.coordinates) {
      for (const [x = NaN, y = NaN] of ring) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    }
    const span = Math.max(e - w, n - s);
    if (span > 0 && span < smallest) smallest = span;
  }
  const forSmallest = Number.isFinite(smallest) ? Math.ceil(zoomForWidth(smallest, 300)) : 0;
  const max = Math.min(hardMaxZoom, Math.max(basemapMaxZoom, forSmallest));
  return { min: 1, max, fitMax: max };
}
