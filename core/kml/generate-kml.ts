/**
 * Synthetic KML for tests, benchmarks and demos: many valid star-shaped polygons, or one huge
 * ring (optionally with a bow-tie). Yields the text in pieces so callers can stream it to disk
 * without holding it. Deterministic for a seed. std.
 */

export type GenerateKmlOptions = {
  polygons: number;
  verticesPerPolygon: number;
  seed?: number;
  /** Placemarks per Folder (default 1,000); Folders sit in one Document. */
  perFolder?: number;
  /** Prefix of the Placemark names (default "T"). */
  namePrefix?: string;
};

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n<name>generated</name>\n';
const TAIL = '</Document>\n</kml>\n';

function placemark(name: string, ring: string): string {
  return `<Placemark>\n<name>${name}</name>\n<styleUrl>#area</styleUrl>\n<Polygon>\n<outerBoundaryIs>\n<LinearRing>\n<coordinates>\n${ring}\n</coordinates>\n</LinearRing>\n</outerBoundaryIs>\n</Polygon>\n</Placemark>\n`;
}

/**
 * Yields a KML document of `polygons` valid, simple, star-shaped polygons laid out on a grid
 * (so none overlaps), each with `verticesPerPolygon` positions plus the closing one.
 */
export function* generateKml(opts: GenerateKmlOptions): Generator<string> {
  const random = rng(opts.seed ?? 42);
  const perFolder = opts.perFolder ?? 1000;
  const prefix = opts.namePrefix ?? 'T';
  const side = Math.ceil(Math.sqrt(opts.polygons));
  const cell = Math.min(1, 300 / side, 150 / side);
  yield HEAD;
  let batch = '';
  for (let p = 0; p < opts.polygons; p++) {
    if (p % perFolder === 0) batch += `<Folder>\n<name>folder ${p / perFolder + 1}</name>\n`;
    const cx = -150 + (p % side) * cell + cell / 2;
    const cy = -75 + Math.floor(p / side) * cell + cell / 2;
    const n = opts.verticesPerPolygon;
    const pts: string[] = [];
    let first = '';
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const r = (cell / 2) * (0.5 + 0.45 * random());
      const s = `${(cx + r * Math.cos(a)).toFixed(7)},${(cy + r * Math.sin(a)).toFixed(7)},0`;
      if (i === 0) first = s;
      pts.push(s);
    }
    pts.push(first);
    batch += placemark(`${prefix}${p + 1}`, pts.join(' '));
    if ((p + 1) % perFolder === 0 || p + 1 === opts.polygons) batch += '</Folder>\n';
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
  yield TAIL;
}

/**
 * Yields a KML document with one Placemark whose ring is a circle of `vertices` positions.
 * With `bowTieAt`, a small loop that crosses its own edge (a bow-tie about 0.01 degrees across)
 * is inserted after position `bowTieAt`, adding 3 positions. (Swapping two neighbouring
 * positions is not enough on a million-position circle: at 9 decimals they are collinear and
 * make a thin Z, which does not cross.)
 */
export function* generateHugeRingKml(vertices: number, bowTieAt?: number): Generator<string> {
  yield HEAD;
  yield '<Placemark>\n<name>huge</name>\n<Polygon><outerBoundaryIs><LinearRing><coordinates>\n';
  const at = (i: number, out = 0, along = 0): string => {
    const a = (2 * Math.PI * i) / vertices;
    const x = 10 + (5 + out) * Math.cos(a) - along * Math.sin(a);
    const y = 20 + (5 + out) * Math.sin(a) + along * Math.cos(a);
    return `${x.toFixed(9)},${y.toFixed(9)} `;
  };
  let batch = '';
  for (let i = 0; i < vertices; i++) {
    batch += at(i);
    if (i === bowTieAt) batch += at(i, 0.01) + at(i, 0.005, 0.005) + at(i, 0.005, -0.005);
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  yield batch + at(0);
  yield '\n</coordinates></LinearRing></outerBoundaryIs></Polygon>\n</Placemark>\n' + TAIL;
}
