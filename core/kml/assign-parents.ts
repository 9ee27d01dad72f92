/**
 * Territory hierarchy (contract §6): a level-N territory (N > 1) gets as parent the level N-1
 * territory that contains its centroid. Levels come from file-name prefixes (`1_`, `2_`, §4).
 * A uniform grid over the parents' bounding boxes keeps this near-linear for 10,000s of
 * territories. Pure. std.
 */
import { pointInRing, ringBBox, ringCentroid } from './geometry.ts';
import type { BBox, Position } from './types.ts';

/** A territory as the hierarchy needs it; `centroid` and `bbox` are computed when absent. */
export type LeveledTerritory = {
  name: string;
  outer: readonly Position[];
  centroid?: Position;
  bbox?: BBox;
};

/** One territory's place in the hierarchy. */
export type ParentAssignment = {
  level: number;
  name: string;
  /** The containing level N-1 territory's name; null at level 1 or when none contains it. */
  parent: string | null;
};

type Indexed = { t: LeveledTerritory; bbox: BBox };

/**
 * Assigns parents level by level. When several level N-1 territories contain the centroid
 * (they overlap), the first in the order given wins. A level with no level N-1 (a gap) gets no
 * parents. Output: by ascending level, each level in the order given.
 */
export function assignParents(
  levels:
    | ReadonlyMap<number, readonly LeveledTerritory[]>
    | Readonly<Record<number, readonly LeveledTerritory[]>>,
): ParentAssignment[] {
  const byLevel = new Map<number, readonly LeveledTerritory[]>(
    levels instanceof Map
      ? [...(levels as ReadonlyMap<number, readonly LeveledTerritory[]>)]
      : Object.entries(levels).map(([k, v]) => [Number(k), v as readonly LeveledTerritory[]]),
  );
  const out: ParentAssignment[] = [];
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const parents = byLevel.get(level - 1);
    const index = parents && parents.length > 0 ? buildGrid(parents) : null;
    for (const t of byLevel.get(level)!) {
      const c = t.centroid ?? ringCentroid(t.outer);
      out.push({ level, name: t.name, parent: index ? findContaining(index, c) : null });
    }
  }
  return out;
}

type Grid = {
  items: Indexed[];
  w: number;
  s: number;
  cellW: number;
  cellH: number;
  cols: number;
  rows: number;
  cells: number[][];
};

function buildGrid(parents: readonly LeveledTerritory[]): Grid {
  const items = parents.map((t) => ({ t, bbox: t.bbox ?? ringBBox(t.outer) }));
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const { bbox } of items) {
    w = Math.min(w, bbox[0]);
    s = Math.min(s, bbox[1]);
    e = Math.max(e, bbox[2]);
    n = Math.max(n, bbox[3]);
  }
  const side = Math.max(1, Math.min(512, Math.ceil(Math.sqrt(items.length))));
  const cols = side;
  const rows = side;
  const cellW = (e - w) / cols || 1;
  const cellH = (n - s) / rows || 1;
  const cells: number[][] = Array.from({ length: cols * rows }, () => []);
  const grid: Grid = { items, w, s, cellW, cellH, cols, rows, cells };
  items.forEach(({ bbox }, i) => {
    const [c0, r0] = cellOf(grid, bbox[0], bbox[1]);
    const [c1, r1] = cellOf(grid, bbox[2], bbox[3]);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cells[r * cols + c]!.push(i);
  });
  return grid;
}

function cellOf(g: Grid, x: number, y: number): [number, number] {
  const c = Math.min(g.cols - 1, Math.max(0, Math.floor((x - g.w) / g.cellW)));
  const r = Math.min(g.rows - 1, Math.max(0, Math.floor((y - g.s) / g.cellH)));
  return [c, r];
}

function findContaining(g: Grid, p: Position): string | null {
  const [x, y] = p;
  const [c, r] = cellOf(g, x, y);
  for (const i of g.cells[r * g.cols + c]!) {
    const { t, bbox } = g.items[i]!;
    if (x < bbox[0] || x > bbox[2] || y < bbox[1] || y > bbox[3]) continue;
    if (pointInRing(p, t.outer)) return t.name;
  }
  return null;
}
