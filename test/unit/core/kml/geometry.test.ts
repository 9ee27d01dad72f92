import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  closedRingFigures,
  findSelfIntersection,
  flatBBox,
  flatCentroid,
  flattenRing,
  hasSelfIntersection,
  isStarAround,
  pointInRing,
  ringBBox,
  ringCentroid,
} from '../../../../core/kml/geometry.ts';
import type { Position } from '../../../../core/kml/types.ts';

const square: Position[] = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
  [0, 0],
];

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** An independent O(n^2) reference: any two non-neighbouring edges that share a point, or a fold. */
function bruteForce(ring: Position[]): boolean {
  const m = ring.length;
  const o = (a: Position, b: Position, c: Position): number =>
    Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const on = (a: Position, b: Position, c: Position): boolean =>
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1]);
  const meet = (a: Position, b: Position, c: Position, d: Position): boolean => {
    const [d1, d2, d3, d4] = [o(c, d, a), o(c, d, b), o(a, b, c), o(a, b, d)];
    if (d1 * d2 < 0 && d3 * d4 < 0) return true;
    return (
      (d1 === 0 && on(c, d, a)) ||
      (d2 === 0 && on(c, d, b)) ||
      (d3 === 0 && on(a, b, c)) ||
      (d4 === 0 && on(a, b, d))
    );
  };
  for (let i = 0; i < m; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % m]!;
    const c = ring[(i + 2) % m]!;
    // a fold: the next edge runs back over this one
    if (o(a, b, c) === 0 && (a[0] - b[0]) * (c[0] - b[0]) + (a[1] - b[1]) * (c[1] - b[1]) > 0) {
      return true;
    }
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue;
      if (meet(a, b, ring[j]!, ring[(j + 1) % m]!)) return true;
    }
  }
  return false;
}

/** A random walk on a small grid (lots of collinear and touching cases), no consecutive repeats. */
function randomRing(random: () => number, n: number, grid: number): Position[] {
  const ring: Position[] = [];
  while (ring.length < n) {
    const p: Position = [Math.floor(random() * grid), Math.floor(random() * grid)];
    const last = ring[ring.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    ring.push(p);
  }
  if (ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) ring.pop();
  return ring;
}

/** A simple star-shaped ring with `n` corners (sorted angles, random radii). */
function starRing(random: () => number, n: number): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = 1 + random();
    ring.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  return ring;
}

describe('ring geometry helpers', () => {
  it('gives the bounding box as west, south, east, north', () => {
    assert.deepEqual(
      ringBBox([
        [-3, 5],
        [4, -1],
        [0, 9],
        [-3, 5],
      ]),
      [-3, -1, 4, 9],
    );
  });

  it('puts the centroid of a square at its middle, closed or open', () => {
    assert.deepEqual(ringCentroid(square), [1, 1]);
    assert.deepEqual(ringCentroid(square.slice(0, 4)), [1, 1]);
  });

  it('puts the area centroid of an L shape where its area balances, not at the mean of its corners', () => {
    const l: Position[] = [
      [0, 0],
      [4, 0],
      [4, 1],
      [1, 1],
      [1, 4],
      [0, 4],
      [0, 0],
    ];
    const [x, y] = ringCentroid(l);
    // Two rectangles: 4 x 1 centred at (2, 0.5) and 1 x 3 centred at (0.5, 2.5).
    assert.ok(Math.abs(x - 9.5 / 7) < 1e-12 && Math.abs(y - 9.5 / 7) < 1e-12, `${x},${y}`);
  });

  it('tells points inside a ring from points outside it', () => {
    assert.equal(pointInRing([1, 1], square), true);
    assert.equal(pointInRing([3, 1], square), false);
    assert.equal(pointInRing([1, -0.5], square), false);
  });

  it('finds the crossing of a bow-tie and where it is', () => {
    const bow: Position[] = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const found = findSelfIntersection(bow);
    assert.ok(found);
    assert.deepEqual(found.at, [0.5, 0.5]);
    assert.equal(hasSelfIntersection(square), false);
  });

  it('counts a ring that touches itself at a corner as crossing itself', () => {
    const figure8: Position[] = [
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 1],
      [0, 0],
    ];
    assert.equal(hasSelfIntersection(figure8), true);
  });

  it('counts a spike that folds back over its own edge as crossing itself', () => {
    assert.equal(
      hasSelfIntersection([
        [0, 0],
        [4, 0],
        [2, 0],
        [2, 3],
        [0, 0],
      ]),
      true,
    );
  });

  it('tolerates a position repeated twice in a row', () => {
    assert.equal(
      hasSelfIntersection([
        [0, 0],
        [2, 0],
        [2, 0],
        [2, 2],
        [0, 2],
        [0, 0],
      ]),
      false,
    );
  });

  it('agrees with a brute-force check on thousands of random small rings (pairwise range)', () => {
    const random = rng(7);
    let crossing = 0;
    for (let k = 0; k < 3000; k++) {
      const ring = randomRing(random, 4 + Math.floor(random() * 20), 6);
      const expected = bruteForce(ring);
      if (expected) crossing++;
      assert.equal(hasSelfIntersection(ring), expected, JSON.stringify(ring));
    }
    for (let k = 0; k < 300; k++) {
      const ring = starRing(random, 3 + Math.floor(random() * 200));
      assert.equal(hasSelfIntersection(ring), false);
    }
    assert.ok(crossing > 100, 'the sample must contain crossing rings');
  });

  it('agrees with a brute-force check on large rings, which take the sweep line', () => {
    const random = rng(11);
    for (let k = 0; k < 40; k++) {
      const star = starRing(random, 300 + Math.floor(random() * 500));
      assert.equal(hasSelfIntersection(star), false);
      // Perturb one corner so the ring may cross itself somewhere.
      const i = Math.floor(random() * star.length);
      star[i] = [(random() - 0.5) * 5, (random() - 0.5) * 5];
      assert.equal(hasSelfIntersection(star), bruteForce(star), `ring ${k}`);
    }
    for (let k = 0; k < 40; k++) {
      const ring = randomRing(random, 300 + Math.floor(random() * 200), 40 + k * 50);
      assert.equal(hasSelfIntersection(ring), bruteForce(ring), `walk ${k}`);
    }
  });

  it('finds a swapped pair of corners in a large ring on a grid of collinear points', () => {
    // A 600-corner staircase-free rectangle with many collinear corners along its sides.
    const ring: Position[] = [];
    for (let x = 0; x < 150; x++) ring.push([x, 0]);
    for (let y = 0; y < 150; y++) ring.push([150, y]);
    for (let x = 150; x > 0; x--) ring.push([x, 150]);
    for (let y = 150; y > 0; y--) ring.push([0, y]);
    assert.equal(hasSelfIntersection(ring), false);
    const a = ring[200]!;
    ring[200] = ring[400]!;
    ring[400] = a;
    assert.equal(hasSelfIntersection(ring), true);
  });

  it('does not take a pentagram, which turns one way round its centre but twice, as star-shaped', () => {
    const pentagram: Position[] = [];
    for (let i = 0; i < 5; i++) {
      const a = (4 * Math.PI * i) / 5;
      pentagram.push([Math.cos(a), Math.sin(a)]);
    }
    const f = flattenRing(pentagram);
    const xs = f.filter((_, k) => k % 2 === 0);
    const ys = f.filter((_, k) => k % 2 === 1);
    assert.equal(isStarAround(xs, ys, 5, 0, 0), false);
    assert.equal(hasSelfIntersection(pentagram), true);
    // A ring that goes round twice without any sharp point: a 12-gon traced two times over.
    const twice: Position[] = [];
    for (let i = 0; i < 24; i++) {
      const a = (2 * Math.PI * i) / 12;
      twice.push([(1 + (i % 12 === 3 ? 0.1 : 0) + i * 0.01) * Math.cos(a), Math.sin(a)]);
    }
    assert.equal(hasSelfIntersection(twice), bruteForce(twice));
    assert.equal(hasSelfIntersection(twice), true);
  });

  it('proves a star-shaped ring simple only when it is, checked against brute force on random stars', () => {
    // Star-shaped rings on a small grid around a centre, with random dents that may break the
    // star shape, collinear runs, touching corners and positions repeated in a row.
    const random = rng(23);
    let certified = 0;
    let crossing = 0;
    for (let k = 0; k < 4000; k++) {
      const n = 3 + Math.floor(random() * 30);
      const grid = 4 + Math.floor(random() * 12);
      const ring: Position[] = [];
      for (let i = 0; i < n; i++) {
        const a = (2 * Math.PI * (i + (random() < 0.2 ? random() * 3 - 1.5 : 0))) / n;
        const r = grid * (random() < 0.15 ? 0.1 : 0.3 + 0.7 * random());
        const p: Position = [
          Math.round(grid + r * Math.cos(a)),
          Math.round(grid + r * Math.sin(a)),
        ];
        ring.push(p);
        if (random() < 0.1) ring.push([p[0], p[1]]);
      }
      const dedup = ring.filter(
        (p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1],
      );
      while (
        dedup.length > 1 &&
        dedup[0]![0] === dedup[dedup.length - 1]![0] &&
        dedup[0]![1] === dedup[dedup.length - 1]![1]
      ) {
        dedup.pop();
      }
      if (dedup.length < 3) continue;
      const expected = bruteForce(dedup);
      if (expected) crossing++;
      const f = flattenRing(dedup);
      const xs = f.filter((_, j) => j % 2 === 0);
      const ys = f.filter((_, j) => j % 2 === 1);
      if (isStarAround(xs, ys, dedup.length, grid + 0.25, grid - 0.5)) {
        certified++;
        assert.equal(expected, false, `certified a crossing ring: ${JSON.stringify(dedup)}`);
      }
      assert.equal(hasSelfIntersection([...ring, ring[0]!]), expected, JSON.stringify(ring));
    }
    assert.ok(certified > 300, `the sample must contain star-shaped rings (${certified})`);
    assert.ok(crossing > 300, `the sample must contain crossing rings (${crossing})`);
  });

  it('gives the same positions, box and centroid as the separate helpers', () => {
    const random = rng(5);
    for (let k = 0; k < 500; k++) {
      const ring = starRing(random, 3 + Math.floor(random() * 60)).map(([x, y]): Position => [
        x * 37.1 + 12.5,
        y * 11.3 - 40,
      ]);
      if (k % 5 === 0) ring.forEach((p) => (p[1] = 3)); // no area: the mean of the corners
      ring.push([ring[0]![0], ring[0]![1]]);
      const f = flattenRing(ring);
      const got = closedRingFigures(f, ring.length);
      assert.deepEqual(got.positions, ring);
      assert.deepEqual(got.bbox, flatBBox(f, ring.length));
      assert.deepEqual(got.centroid, flatCentroid(f, ring.length - 1));
    }
  });
});
