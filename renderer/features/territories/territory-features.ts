/**
 * KML check results → one GeoJSON FeatureCollection for the map (one source, no per-feature
 * layers): valid territories as polygons, invalid ones as red outlines (and a fill when the ring
 * can be drawn), each with its reason. Pure. std.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { findSelfIntersection } from '../../../core/kml/geometry.ts';
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
  /** Where a valid territory's name goes (its area centroid). */
  labelAt?: [number, number] | undefined;
  /** Where the ring crosses itself (`self-intersection`), marked on the map. */
  crossing?: [number, number] | undefined;
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
    if (p.ok) props.labelAt = [p.centroid[0], p.centroid[1]];
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
    if (!p.ok && p.code === 'self-intersection') props.crossing = crossingOf(rings[0]);
    out.push({
      type: 'Feature',
      id: out.length,
      properties: props,
      geometry: { type: 'MultiLineString', coordinates: rings },
    });
  }
}

/** The point where a ring crosses itself (core/kml/geometry.ts, as the reader found it). */
function crossingOf(ring: Position[] | undefined): [number, number] | undefined {
  if (!ring || ring.length < 4) return undefined;
  const hit = findSelfIntersection(ring.map((p) => [p[0] ?? NaN, p[1] ?? NaN] as const));
  return hit ? [hit.at[0], hit.at[1]] : undefined;
}

/** Every self-intersection point, as map points (feature id = the territory's id). */
export function crossingPoints(c: TerritoryCollection): FeatureCollection {
  const features: Feature[] = [];
  c.features.forEach((f, id) => {
    const at = f.properties.crossing;
    if (at) {
      features.push({
        type: 'Feature',
        id,
        properties: {},
        geometry: { type: 'Point', coordinates: at },
      });
    }
  });
  return { type: 'FeatureCollection', features };
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
