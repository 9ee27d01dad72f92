/**
 * The territory rules of contract §6, applied to a Placemark once it has closed: one simple
 * Polygon with one closed outer ring of at least 4 positions that does not cross itself, and a
 * name. Plain functions over what the reader collected (no closures: the tsx/esbuild `keepNames`
 * helper makes each one costly per call). std.
 */
import { closedRingFigures, findSelfIntersectionFlat } from './geometry.ts';
import type { InvalidPlacemark, PlacemarkResult, Position, TerritoryProblemCode } from './types.ts';

export type Role = 'outer' | 'inner' | 'other';

/** What is known about the Placemark being read. */
export type OpenPlacemark = {
  index: number;
  line: number;
  depth: number;
  name: string | null;
  geometries: string[];
  /** Depth of the Placemark's own Polygon element, or -1. */
  polygonDepth: number;
  outerCount: number;
  innerCount: number;
  /** LinearRings inside the current outerBoundaryIs. */
  outerRings: number;
  role: Role;
  outer: Float64Array | null;
  outerN: number;
  /** Everything readable, for highlighting an invalid Placemark. */
  rings: Float64Array[];
  problem: { code: TerritoryProblemCode; message: string } | null;
};

export function toPositions(c: Float64Array, n = c.length / 2): Position[] {
  const out: Position[] = new Array<Position>(n);
  for (let i = 0; i < n; i++) out[i] = [c[2 * i]!, c[2 * i + 1]!];
  return out;
}

/** Applies the territory rules to a Placemark that has closed (contract §6). */
function bad(
  p: OpenPlacemark,
  code: TerritoryProblemCode,
  message: string,
  withGeometry = true,
): InvalidPlacemark {
  const out: InvalidPlacemark = {
    index: p.index,
    name: p.name,
    line: p.line,
    ok: false,
    code,
    message,
  };
  if (withGeometry && p.rings.length > 0) {
    out.geometry = [];
    for (const r of p.rings) {
      out.geometry.push(toPositions(r, r === p.outer ? p.outerN : undefined));
    }
  }
  return out;
}

// No closures in here: the tsx/esbuild `keepNames` helper makes each one costly per call.
export function judge(p: OpenPlacemark): PlacemarkResult {
  const geometryProblem = structure(p);
  if (geometryProblem) return bad(p, geometryProblem.code, geometryProblem.message);
  if (p.problem) return bad(p, p.problem.code, p.problem.message, false);
  const c = p.outer;
  const n = p.outerN;
  if (c === null || n === 0) {
    return bad(
      p,
      'no-coordinates',
      "The polygon's outer ring has no coordinates. Draw the territory again and export the file.",
    );
  }
  if (n < 4) {
    return bad(
      p,
      'too-few-positions',
      `The outer ring has ${n} position${n === 1 ? '' : 's'}; a closed ring needs at least 4 (3 corners and the first one again). Fix the polygon and export the file again.`,
    );
  }
  if (c[0] !== c[2 * n - 2] || c[1] !== c[2 * n - 1]) {
    return bad(
      p,
      'ring-not-closed',
      `The outer ring is not closed: its last position (${c[2 * n - 2]},${c[2 * n - 1]}) differs from its first (${c[0]},${c[1]}). Repeat the first position at the end and export the file again.`,
    );
  }
  const crossing = findSelfIntersectionFlat(c, n);
  if (crossing) {
    const [x, y] = crossing.at;
    return bad(
      p,
      'self-intersection',
      crossing.edgeA === crossing.edgeB
        ? 'The outer ring has fewer than 3 distinct corners, so it encloses no area. Draw the territory again and export the file.'
        : `The outer ring crosses or touches itself near ${round(x)},${round(y)} (the edges after positions ${crossing.edgeA + 1} and ${crossing.edgeB + 1}). Redraw that part so the boundary does not cross itself (a bow-tie), and export the file again.`,
    );
  }
  if (p.name === null) {
    return bad(
      p,
      'missing-name',
      'The Placemark has no name, and a territory is named by it. Give it a <name> and export the file again.',
    );
  }
  const figures = closedRingFigures(c, n);
  return {
    index: p.index,
    name: p.name,
    line: p.line,
    ok: true,
    polygon: { outer: figures.positions },
    bbox: figures.bbox,
    centroid: figures.centroid,
  };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** The structural rules: exactly one simple Polygon with one outer ring and no holes. */
function structure(p: OpenPlacemark): { code: TerritoryProblemCode; message: string } | null {
  const g = p.geometries;
  if (g.length === 0) {
    return {
      code: 'missing-geometry',
      message:
        'The Placemark has no geometry. Draw a polygon for it, or remove it, and export the file again.',
    };
  }
  if (g.length > 1) {
    return {
      code: 'several-geometries',
      message: `The Placemark has ${g.length} geometries (${g.join(', ')}); a territory is one Polygon. Keep one polygon per Placemark and export the file again.`,
    };
  }
  const kind = g[0]!;
  switch (kind) {
    case 'Polygon':
      break;
    case 'MultiGeometry':
      return {
        code: 'multi-geometry',
        message:
          'The Placemark is a MultiGeometry; the platform takes only one simple Polygon per Placemark. Split it into one Placemark per polygon and export the file again.',
      };
    case 'Point':
      return {
        code: 'point',
        message:
          'The Placemark is a Point, not a Polygon. Draw the territory as a polygon and export the file again.',
      };
    case 'LineString':
      return {
        code: 'line-string',
        message:
          'The Placemark is a LineString (a path), not a Polygon. Draw the territory as a closed polygon and export the file again.',
      };
    default:
      return {
        code: 'unsupported-geometry',
        message: `The Placemark is a ${kind}, not a Polygon. Draw the territory as a polygon and export the file again.`,
      };
  }
  if (p.outerCount === 0) {
    return {
      code: 'no-outer-boundary',
      message:
        'The Polygon has no <outerBoundaryIs>. Draw the territory again and export the file.',
    };
  }
  if (p.outerCount > 1) {
    return {
      code: 'several-outer-boundaries',
      message: `The Polygon has ${p.outerCount} <outerBoundaryIs>; it must have exactly one. Split it into one Placemark per polygon and export the file again.`,
    };
  }
  if (p.outerRings !== 1) {
    return {
      code: 'several-rings',
      message: `The Polygon's <outerBoundaryIs> has ${p.outerRings} <LinearRing>; it must have exactly one. Fix the polygon and export the file again.`,
    };
  }
  if (p.innerCount > 0) {
    return {
      code: 'hole',
      message: `The Polygon has ${p.innerCount} hole${p.innerCount === 1 ? '' : 's'} (<innerBoundaryIs>); territories cannot have holes. Remove the hole, or split the area into polygons without holes, and export the file again.`,
    };
  }
  return null;
}
