/**
 * Map labels drawn as HTML over the map (no glyphs, so nothing is fetched): which candidates to
 * show at a zoom and where, by priority with collision avoidance. Candidates come pre-sorted by
 * priority (territory names first, then states, big cities, counties, small cities); each one has
 * the zoom from which it may show. Pure. std.
 */

export type LabelKind = 'territory' | 'bad-territory' | 'state' | 'city' | 'county';

export type LabelCandidate = {
  text: string;
  kind: LabelKind;
  lon: number;
  lat: number;
  /** Shown from this zoom on. */
  minZoom: number;
};

export type PlacedLabel = LabelCandidate & { x: number; y: number; w: number; h: number };

export type View = {
  zoom: number;
  width: number;
  height: number;
  /** West, south, east, north of what is on screen. */
  bounds: [number, number, number, number];
  /** Longitude/latitude → pixels from the map's top left. */
  project: (lon: number, lat: number) => { x: number; y: number };
};

/** Rough text box in pixels (system fonts; average glyph ≈ 0.55 em) with a small margin. */
export function labelBox(c: LabelCandidate): { w: number; h: number } {
  const px = fontPx(c.kind);
  return { w: Math.ceil(c.text.length * px * 0.56) + 6, h: px + 4 };
}

export function fontPx(kind: LabelKind): number {
  switch (kind) {
    case 'state':
      return 13;
    case 'territory':
    case 'bad-territory':
      return 12;
    case 'city':
      return 12;
    case 'county':
      return 11;
  }
}

/**
 * Greedy placement: walks the candidates in priority order, keeps those in view from their zoom
 * whose box overlaps nothing placed before, and stops at `max` labels. Out-of-view candidates are
 * skipped on their coordinates alone, so only what may show is projected.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  view: View,
  max = 160,
): PlacedLabel[] {
  const [w, s, e, n] = view.bounds;
  const placed: PlacedLabel[] = [];
  const cell = 64;
  const grid = new Map<number, PlacedLabel[]>();
  const cols = Math.ceil(view.width / cell) + 2;
  const keysOf = (x0: number, y0: number, x1: number, y1: number): number[] => {
    const keys: number[] = [];
    for (let gy = Math.floor(y0 / cell); gy <= Math.floor(y1 / cell); gy++) {
      for (let gx = Math.floor(x0 / cell); gx <= Math.floor(x1 / cell); gx++) {
        keys.push((gy + 1) * cols + gx + 1);
      }
    }
    return keys;
  };
  for (const c of candidates) {
    if (placed.length >= max) break;
    if (c.minZoom > view.zoom || c.lon < w || c.lon > e || c.lat < s || c.lat > n) continue;
    const at = view.project(c.lon, c.lat);
    const x = at.x;
    // An invalid territory's name sits below its middle: there may be the crossing's marker.
    const y = at.y + (c.kind === 'bad-territory' ? 16 : 0);
    const box = labelBox(c);
    const x0 = x - box.w / 2;
    const y0 = y - box.h / 2;
    const x1 = x0 + box.w;
    const y1 = y0 + box.h;
    if (!inside(view, x0, y0, x1, y1)) continue;
    const keys = keysOf(x0, y0, x1, y1);
    if (keys.some((k) => grid.get(k)?.some((o) => overlaps(o, x0, y0, x1, y1)))) continue;
    const label: PlacedLabel = { ...c, x, y, w: box.w, h: box.h };
    placed.push(label);
    for (const k of keys) {
      const list = grid.get(k);
      if (list) list.push(label);
      else grid.set(k, [label]);
    }
  }
  return placed;
}

function inside(v: View, x0: number, y0: number, x1: number, y1: number): boolean {
  return x0 >= 0 && y0 >= 0 && x1 <= v.width && y1 <= v.height;
}

function overlaps(o: PlacedLabel, x0: number, y0: number, x1: number, y1: number): boolean {
  return x0 < o.x + o.w / 2 && x1 > o.x - o.w / 2 && y0 < o.y + o.h / 2 && y1 > o.y - o.h / 2;
}

/** Pixels per degree of longitude at a zoom (maplibre's 512 px tiles). */
export function pxPerDegree(zoom: number): number {
  return (512 * 2 ** zoom) / 360;
}

/** The zoom from which a territory `spanDeg` wide is `px` pixels wide on screen. */
export function zoomForWidth(spanDeg: number, px: number): number {
  if (!(spanDeg > 0)) return 99;
  return Math.log2((px * 360) / (512 * spanDeg));
}
