/**
 * KML check results → one GeoJSON FeatureCollection for the map (one source, no per-feature
 * layers): valid territories as polygons, invalid ones as red outlines (and a fill when the ring
 * can be drawn), each with its reason. Pure. std.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { PlacemarkResult } from '../../../core/kml/types.ts';

export type TerritoryProps = {
  /** Unique across files: "<file>#<index>". */
  id: string;
  file: string;
  level: number | null;
  index: number;
  name: string;
  ok: boolean;
  /** The KML reader's problem code (`self-intersection`, …); '' for a valid one. */
  code: string;
  reason: string;
  line: number;
};
export type TerritoryCollection = FeatureCollection<Geometry, TerritoryProps>;

/** Appends the features of one file's placemarks to `out`. */
export function addTerritoryFeatures(
  out: Feature<Geometry, TerritoryProps>[],
  file: string,
  level: number | null,
  placemarks: readonly PlacemarkResult[],
): void {
  for (const p of placemarks) {
    const props: TerritoryProps = {
      id: `${file}#${p.index}`,
      file,
      level,
      index: p.index,
      name: p.name ?? `(no name, placemark ${p.index})`,
      ok: p.ok,
      code: p.ok ? '' : p.code,
      reason: p.ok ? '' : p.message,
      line: p.line,
    };
    if (p.ok) {
      out.push({
        type: 'Feature',
        id: out.length,
        properties: props,
        geometry: { type: 'Polygon', coordinates: [p.polygon.outer] },
      });
      continue;
    }
    const rings = (p.geometry ?? []).map(drawable).filter((r) => r.length >= 2);
    if (rings.length === 0) {
      // Nothing to draw: still listed beside the map with its reason.
      out.push({
        type: 'Feature',
        id: out.length,
        properties: props,
        geometry: { type: 'GeometryCollection', geometries: [] },
      });
      continue;
    }
    out.push({
      type: 'Feature',
      id: out.length,
      properties: props,
      geometry: { type: 'MultiLineString', coordinates: rings },
    });
  }
}

/** Keeps only positions a map can draw (finite, lon −180…180, lat −90…90). */
function drawable(ring: readonly Position[]): Position[] {
  return ring.filter(
    ([lon, lat]) =>
      Number.isFinite(lon) &&
      Number.isFinite(lat) &&
      Math.abs(lon ?? NaN) <= 180 &&
      Math.abs(lat ?? NaN) <= 90,
  );
}

/** The bounding box of every drawable position, or null when there is none. */
export function collectionBounds(c: TerritoryCollection): [number, number, number, number] | null {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  const visit = (pos: Position) => {
    const [x, y] = pos as [number, number];
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  };
  for (const f of c.features) {
    const g = f.geometry;
    if (g.type === 'Polygon' || g.type === 'MultiLineString') {
      for (const r of g.coordinates) r.forEach(visit);
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
