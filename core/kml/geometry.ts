/**
 * Planar geometry on lon/lat rings for territories (contract §6): bounding box, area centroid,
 * point in ring, and a self-intersection test that runs in O(n log n) (a Shamos–Hoey sweep line),
 * so a 1,000,000-position ring checks in about a second. Pure. std.
 *
 * Rings come either as `Position[]` (the public helpers) or as a flat `Float64Array`
 * `[lon0, lat0, lon1, lat1, ...]` (the reader's hot path). A ring may be given closed (the last
 * position repeats the first) or open; both mean the same ring.
 */
import type { BBox, Position } from './types.ts';

/** Where a ring crosses or touches itself; positions are 0-based indexes into the ring given. */
export type SelfIntersection = {
  /** The first edge runs from position `edgeA` to the next one. */
  edgeA: number;
  /** The second edge runs from position `edgeB` to the next one. */
  edgeB: number;
  /** A point the two edges share. */
  at: Position;
};

/** Flattens `Position[]` into `[lon0, lat0, lon1, lat1, ...]`. */
export function flattenRing(ring: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(ring.length * 2);
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  }
  return out;
}

/** The ring's bounding box `[west, south, east, north]` (no antimeridian handling). */
export function ringBBox(ring: readonly (readonly [number, number])[]): BBox {
  return flatBBox(flattenRing(ring), ring.length);
}

/** `ringBBox` over the first `n` positions of a flat ring. */
export function flatBBox(c: Float64Array, n: number): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let north = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = c[2 * i]!;
    const y = c[2 * i + 1]!;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > north) north = y;
  }
  return [w, s, e, north];
}

/**
 * For a closed flat ring of `n` positions (the last equals the first): its positions as
 * `Position[]`, its bounding box (`flatBBox(c, n)`) and its area centroid (`flatCentroid(c, n - 1)`).
 */
export function closedRingFigures(
  c: Float64Array,
  n: number,
): { positions: Position[]; bbox: BBox; centroid: Position } {
  const positions = new Array<Position>(n);
  for (let i = 0; i < n; i++) positions[i] = [c[2 * i]!, c[2 * i + 1]!];
  return {
    positions,
    bbox: flatBBox(c, n),
    centroid: n <= 1 ? [NaN, NaN] : flatCentroid(c, n - 1),
  };
}

/**
 * The ring's area centroid (the shoelace formula, in lon/lat as a plane). A ring with no area
 * (all positions on one line) gets the mean of its positions instead.
 */
export function ringCentroid(ring: readonly (readonly [number, number])[]): Position {
  return flatCentroid(flattenRing(ring), ring.length);
}

/** `ringCentroid` over the first `n` positions of a flat ring. */
export function flatCentroid(c: Float64Array, n: number): Position {
  if (n === 0) return [NaN, NaN];
  // Shift to the first position so large coordinates do not swamp small areas.
  const ox = c[0]!;
  const oy = c[1]!;
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const x0 = c[2 * i]! - ox;
    const y0 = c[2 * i + 1]! - oy;
    const x1 = c[2 * j]! - ox;
    const y1 = c[2 * j + 1]! - oy;
    const cross = x0 * y1 - x1 * y0;
    a2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
    mx += x0;
    my += y0;
  }
  if (a2 === 0) return [ox + mx / n, oy + my / n];
  return [ox + cx / (3 * a2), oy + cy / (3 * a2)];
}

/** Whether `pt` lies inside the ring (even–odd rule; a point on an edge may go either way). */
export function pointInRing(
  pt: readonly [number, number],
  ring: readonly (readonly [number, number])[],
): boolean {
  const [x, y] = pt;
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the ring crosses or touches itself anywhere other than where neighbouring edges meet. */
export function hasSelfIntersection(ring: readonly (readonly [number, number])[]): boolean {
  return findSelfIntersection(ring) !== null;
}

/** Like `hasSelfIntersection`, and says where. Consecutive repeated positions are tolerated. */
export function findSelfIntersection(
  ring: readonly (readonly [number, number])[],
): SelfIntersection | null {
  return findSelfIntersectionFlat(flattenRing(ring), ring.length);
}

/** Up to this many edges an interval scan (sort by west end, compare overlaps) beats the sweep. */
const SCAN_MAX = 256;

function makeScratch(size: number): {
  xs: Float64Array;
  ys: Float64Array;
  orig: Int32Array;
  lo: Int32Array;
  ord: Int32Array;
  count: Int32Array;
} {
  return {
    xs: new Float64Array(size),
    ys: new Float64Array(size),
    orig: new Int32Array(size),
    lo: new Int32Array(Math.min(size, SCAN_MAX)),
    ord: new Int32Array(Math.min(size, SCAN_MAX)),
    count: new Int32Array(Math.min(size, SCAN_MAX) + 1),
  };
}

/** Reused between calls (the reader checks one ring after another); grown as needed. */
let scratch = makeScratch(SCAN_MAX);

/**
 * `findSelfIntersection` over the first `n` positions of a flat ring. A ring with fewer than
 * three distinct positions is reported as touching itself at its first position.
 */
export function findSelfIntersectionFlat(c: Float64Array, n: number): SelfIntersection | null {
  // Drop the closing position and consecutive repeats; keep each kept vertex's original index.
  if (scratch.xs.length < n) scratch = makeScratch(Math.max(n, 2 * scratch.xs.length));
  const { xs, ys, orig } = scratch;
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const x = c[2 * i]!;
    const y = c[2 * i + 1]!;
    if (m > 0 && xs[m - 1] === x && ys[m - 1] === y) continue;
    xs[m] = x;
    ys[m] = y;
    orig[m] = i;
    sx += x;
    sy += y;
    m++;
  }
  while (m > 1 && xs[m - 1] === xs[0] && ys[m - 1] === ys[0]) {
    m--;
    sx -= xs[m]!;
    sy -= ys[m]!;
  }
  if (m < 3) return { edgeA: 0, edgeB: 0, at: [c[0] ?? NaN, c[1] ?? NaN] };
  // Most territory rings are star-shaped around their mean corner: proven simple in one pass.
  if (isStarAround(xs, ys, m, sx / m, sy / m)) return null;
  const ring: Ring = { xs, ys, orig, m };
  return findSpike(ring) ?? (m <= SCAN_MAX ? intervalScan(ring) : sweep(ring));
}

type Ring = { xs: Float64Array; ys: Float64Array; orig: Int32Array; m: number };

/**
 * Shewchuk's bound on the rounding error of a 2D orientation computed in doubles: beyond it the
 * computed sign is the exact sign ("Adaptive Precision Floating-Point Arithmetic and Fast Robust
 * Geometric Predicates", 1997, ccwerrboundA).
 */
const ORIENT_ERROR = (3 + 8 * Number.EPSILON) * (Number.EPSILON / 2);

/**
 * A one-pass proof that a ring is simple, for the common case: true when, seen from (px, py),
 * every edge turns strictly the same way (each sign checked against `ORIENT_ERROR`, so it is
 * exact) and the ring goes round exactly once. Each edge then covers its own angular sector of
 * less than 180 degrees, the sectors tile the full turn without overlapping, and two edges that
 * are not neighbours lie in disjoint sectors, so they cannot meet (the ring is star-shaped with
 * P in its kernel). False proves nothing: the caller runs the general test.
 */
export function isStarAround(
  xs: Float64Array,
  ys: Float64Array,
  m: number,
  px: number,
  py: number,
): boolean {
  let sign = 0;
  let turns = 0;
  let ax = xs[m - 1]! - px;
  let ay = ys[m - 1]! - py;
  for (let j = 0; j < m; j++) {
    const bx = xs[j]! - px;
    const by = ys[j]! - py;
    const l = ax * by;
    const r = ay * bx;
    const det = l - r;
    const bound = ORIENT_ERROR * (Math.abs(l) + Math.abs(r));
    if (det > bound) {
      if (sign < 0) return false;
      sign = 1;
    } else if (det < -bound) {
      if (sign > 0) return false;
      sign = -1;
    } else {
      return false;
    }
    // Signs of differences of doubles are exact. With every step under 180 degrees, the ring
    // leaves the half-plane below P exactly once per turn round it.
    if (ay < 0 && by >= 0) turns++;
    ax = bx;
    ay = by;
  }
  return turns === 1;
}

function hit(r: Ring, a: number, b: number, x: number, y: number): SelfIntersection {
  const ea = r.orig[a]!;
  const eb = r.orig[b]!;
  return { edgeA: Math.min(ea, eb), edgeB: Math.max(ea, eb), at: [x, y] };
}

/** An edge that runs straight back over its neighbour (a zero-width spike). */
function findSpike(r: Ring): SelfIntersection | null {
  const { xs, ys, m } = r;
  for (let v = 0; v < m; v++) {
    const p = v === 0 ? m - 1 : v - 1;
    const q = v + 1 === m ? 0 : v + 1;
    const ax = xs[p]! - xs[v]!;
    const ay = ys[p]! - ys[v]!;
    const bx = xs[q]! - xs[v]!;
    const by = ys[q]! - ys[v]!;
    if (ax * by - ay * bx === 0 && ax * bx + ay * by > 0) return hit(r, p, v, xs[v]!, ys[v]!);
  }
  return null;
}

function orient(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

function adjacent(m: number, i: number, j: number): boolean {
  return i === j || (i + 1 === m ? 0 : i + 1) === j || (j + 1 === m ? 0 : j + 1) === i;
}

/** Whether edges i and j (not neighbours) share a point; returns one such point or null. */
// eslint-disable-next-line complexity -- a hot geometric test, kept flat for speed
function edgesMeet(r: Ring, i: number, j: number): Position | null {
  const { xs, ys, m } = r;
  const i2 = i + 1 === m ? 0 : i + 1;
  const j2 = j + 1 === m ? 0 : j + 1;
  const ax = xs[i]!;
  const ay = ys[i]!;
  const bx = xs[i2]!;
  const by = ys[i2]!;
  const cx = xs[j]!;
  const cy = ys[j]!;
  const dx = xs[j2]!;
  const dy = ys[j2]!;
  if (
    Math.max(ax, bx) < Math.min(cx, dx) ||
    Math.max(cx, dx) < Math.min(ax, bx) ||
    Math.max(ay, by) < Math.min(cy, dy) ||
    Math.max(cy, dy) < Math.min(ay, by)
  ) {
    return null;
  }
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  // Touching or collinear: the bounding boxes overlap, so an endpoint on the other line is on it.
  if (d1 === 0 && onBox(cx, cy, dx, dy, ax, ay)) return [ax, ay];
  if (d2 === 0 && onBox(cx, cy, dx, dy, bx, by)) return [bx, by];
  if (d3 === 0 && onBox(ax, ay, bx, by, cx, cy)) return [cx, cy];
  if (d4 === 0 && onBox(ax, ay, bx, by, dx, dy)) return [dx, dy];
  return null;
}

function onBox(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return (
    px >= Math.min(ax, bx) &&
    px <= Math.max(ax, bx) &&
    py >= Math.min(ay, by) &&
    py <= Math.max(ay, by)
  );
}

/**
 * For small rings: edges bucketed by their west end (a counting sort over `m` x-buckets), each
 * compared only with the edges whose west end falls in a bucket no further east than its own
 * east end. Linear for ordinary shapes; O(n^2) at worst, which is why larger rings take the sweep.
 */
// eslint-disable-next-line complexity -- a hot geometric test, kept flat for speed
function intervalScan(r: Ring): SelfIntersection | null {
  const { xs, ys, m } = r;
  const { lo, ord, count } = scratch;
  let west = Infinity;
  let east = -Infinity;
  for (let i = 0; i < m; i++) {
    const x = xs[i]!;
    if (x < west) west = x;
    if (x > east) east = x;
  }
  const scale = east > west ? (m - 1) / (east - west) : 0;
  count.fill(0, 0, m + 1);
  for (let i = 0; i < m; i++) {
    const k = i + 1 === m ? 0 : i + 1;
    const w = xs[i]! < xs[k]! ? xs[i]! : xs[k]!;
    const b = ((w - west) * scale) | 0;
    lo[i] = b;
    count[b + 1]!++;
  }
  for (let b = 0; b < m; b++) count[b + 1]! += count[b]!;
  for (let i = 0; i < m; i++) ord[count[lo[i]!]!++] = i;
  for (let a = 0; a < m; a++) {
    const i = ord[a]!;
    const i2 = i + 1 === m ? 0 : i + 1;
    const x0 = xs[i]! < xs[i2]! ? xs[i]! : xs[i2]!;
    const x1 = xs[i]! > xs[i2]! ? xs[i]! : xs[i2]!;
    const y0 = ys[i]! < ys[i2]! ? ys[i]! : ys[i2]!;
    const y1 = ys[i]! > ys[i2]! ? ys[i]! : ys[i2]!;
    const lastBucket = ((x1 - west) * scale) | 0;
    for (let b = a + 1; b < m; b++) {
      const j = ord[b]!;
      if (lo[j]! > lastBucket) break;
      const j2 = j + 1 === m ? 0 : j + 1;
      if (j === i2 || j2 === i) continue;
      const cx = xs[j]!;
      const dx = xs[j2]!;
      const cy = ys[j]!;
      const dy = ys[j2]!;
      if ((cx < x0 && dx < x0) || (cx > x1 && dx > x1)) continue;
      if ((cy < y0 && dy < y0) || (cy > y1 && dy > y1)) continue;
      const at = edgesMeet(r, i, j);
      if (at) return hit(r, i, j, at[0], at[1]);
    }
  }
  return null;
}

/**
 * Shamos–Hoey: sweep a vertical line over the vertices in (lon, lat) order, keeping the edges it
 * crosses ordered bottom to top in a treap; only edges that become neighbours in that order are
 * tested. Any crossing is found before the sweep passes it, so the first one found ends the
 * search. O(n log n).
 */
// eslint-disable-next-line complexity -- a hot geometric test, kept flat for speed
function sweep(r: Ring): SelfIntersection | null {
  const { xs, ys, m } = r;
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => xs[a]! - xs[b]! || ys[a]! - ys[b]!);
  const rank = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const v = order[k]!;
    rank[v] = k;
    if (k > 0) {
      const u = order[k - 1]!;
      if (xs[u] === xs[v] && ys[u] === ys[v]) return hit(r, u, v, xs[v]!, ys[v]!);
    }
  }
  const t = new Treap(m);
  for (let k = 0; k < m; k++) {
    const v = order[k]!;
    const ePrev = v === 0 ? m - 1 : v - 1; // edge from v-1 to v
    const eNext = v; // edge from v to v+1
    const vPrev = ePrev;
    const vNext = v + 1 === m ? 0 : v + 1;
    // Edges ending here leave first, then edges starting here enter.
    if (rank[vPrev]! < k) {
      const found = leave(r, t, ePrev);
      if (found) return found;
    }
    if (rank[vNext]! < k) {
      const found = leave(r, t, eNext);
      if (found) return found;
    }
    if (rank[vPrev]! > k) {
      const found = enter(r, t, ePrev, v, vPrev);
      if (found) return found;
    }
    if (rank[vNext]! > k) {
      const found = enter(r, t, eNext, v, vNext);
      if (found) return found;
    }
  }
  return null;
}

function test(r: Ring, a: number, b: number): SelfIntersection | null {
  if (a < 0 || b < 0 || adjacent(r.m, a, b)) return null;
  const at = edgesMeet(r, a, b);
  return at ? hit(r, a, b, at[0], at[1]) : null;
}

function leave(r: Ring, t: Treap, e: number): SelfIntersection | null {
  const below = t.prev(e);
  const above = t.next(e);
  t.remove(e);
  return test(r, below, above);
}

/** What the insertion comparator needs; module state so no closure is made per insertion. */
const cmp = {
  r: null as unknown as Ring,
  e: 0,
  p: 0,
  q: 0,
  found: null as SelfIntersection | null,
};

/** Is the edge being inserted (cmp.e, left end cmp.p) above edge f, which spans p's x? */
function insertedIsAbove(f: number): boolean {
  const { r, p, q } = cmp;
  const { xs, ys, m } = r;
  const f2 = f + 1 === m ? 0 : f + 1;
  const swap = xs[f]! > xs[f2]! || (xs[f] === xs[f2] && ys[f]! > ys[f2]!);
  const a = swap ? f2 : f;
  const b = swap ? f : f2;
  const ax = xs[a]!;
  const ay = ys[a]!;
  const bx = xs[b]!;
  const by = ys[b]!;
  let o = orient(ax, ay, bx, by, xs[p]!, ys[p]!);
  if (o === 0) {
    if (a !== p && b !== p) {
      // p lies on f: the rings touch there.
      cmp.found ??= hit(r, cmp.e, f, xs[p]!, ys[p]!);
      return true;
    }
    o = orient(ax, ay, bx, by, xs[q]!, ys[q]!);
    if (o === 0) cmp.found ??= hit(r, cmp.e, f, xs[p]!, ys[p]!);
  }
  return o > 0;
}

/** Inserts edge `e` (left end `p`, right end `q`); a tie that is already a crossing is reported. */
function enter(r: Ring, t: Treap, e: number, p: number, q: number): SelfIntersection | null {
  cmp.r = r;
  cmp.e = e;
  cmp.p = p;
  cmp.q = q;
  cmp.found = null;
  t.insert(e, insertedIsAbove);
  const found = cmp.found as SelfIntersection | null;
  cmp.found = null;
  if (found) return found;
  return test(r, e, t.prev(e)) ?? test(r, e, t.next(e));
}

/** A treap keyed by position in the sweep order; node ids are edge ids. */
class Treap {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly parent: Int32Array;
  private readonly prio: Uint32Array;
  private root = -1;
  private seed = 0x9e3779b9;

  constructor(size: number) {
    this.left = new Int32Array(size).fill(-1);
    this.right = new Int32Array(size).fill(-1);
    this.parent = new Int32Array(size).fill(-1);
    this.prio = new Uint32Array(size);
  }

  private random(): number {
    // xorshift32: deterministic, good enough for balancing.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }

  insert(e: number, isAbove: (f: number) => boolean): void {
    const { left, right, parent, prio } = this;
    left[e] = -1;
    right[e] = -1;
    prio[e] = this.random();
    if (this.root < 0) {
      this.root = e;
      parent[e] = -1;
      return;
    }
    let n = this.root;
    for (;;) {
      if (isAbove(n)) {
        if (right[n]! < 0) {
          right[n] = e;
          break;
        }
        n = right[n]!;
      } else {
        if (left[n]! < 0) {
          left[n] = e;
          break;
        }
        n = left[n]!;
      }
    }
    parent[e] = n;
    while (parent[e] >= 0 && prio[parent[e]]! < prio[e]) this.rotateUp(e);
  }

  remove(e: number): void {
    const { left, right, parent, prio } = this;
    while (left[e]! >= 0 || right[e]! >= 0) {
      const l = left[e]!;
      const r = right[e]!;
      const child = l < 0 ? r : r < 0 ? l : prio[l]! > prio[r]! ? l : r;
      this.rotateUp(child);
    }
    const p = parent[e]!;
    if (p < 0) this.root = -1;
    else if (left[p] === e) left[p] = -1;
    else right[p] = -1;
    parent[e] = -1;
  }

  /** The edge just below `e`, or -1. */
  prev(e: number): number {
    return this.neighbour(e, this.left, this.right);
  }

  /** The edge just above `e`, or -1. */
  next(e: number): number {
    return this.neighbour(e, this.right, this.left);
  }

  /**
   * The in-order neighbour of `e` on the `near` side (left: below, right: above), or -1: the
   * `far`-most node of its `near` subtree, else the first ancestor it is not `near` of.
   */
  private neighbour(e: number, near: Int32Array, far: Int32Array): number {
    if (near[e]! >= 0) {
      let n = near[e]!;
      while (far[n]! >= 0) n = far[n]!;
      return n;
    }
    const { parent } = this;
    let n = e;
    let p = parent[n]!;
    while (p >= 0 && near[p] === n) {
      n = p;
      p = parent[n]!;
    }
    return p;
  }

  /** Rotates `n` above its parent. */
  private rotateUp(n: number): void {
    const { left, right, parent } = this;
    const p = parent[n]!;
    const g = parent[p]!;
    if (left[p] === n) {
      const b = right[n]!;
      left[p] = b;
      if (b >= 0) parent[b] = p;
      right[n] = p;
    } else {
      const b = left[n]!;
      right[p] = b;
      if (b >= 0) parent[b] = p;
      left[n] = p;
    }
    parent[p] = n;
    parent[n] = g;
    if (g < 0) this.root = n;
    else if (left[g] === p) left[g] = n;
    else right[g] = n;
  }
}
