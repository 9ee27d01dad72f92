/**
 * Which rows hold which external id, kept current through the grid's edits (issue 12 §4), so
 * "already used by row N" (contract §5.5) stays right after any edit or removal. Rows are linked
 * in chains by the hash of their id — two typed arrays of a row each, no string kept — and each
 * chain is in row order, so the first row of an id is the first match. Ids are compared as
 * strings by the caller (a hash only narrows the search). std.
 */

export type IdChains = {
  /** Adds `row` with the id whose hash is `hash` (0: no id, nothing added). */
  link(row: number, hash: number): void;
  /** Takes `row` out (nothing when it holds no id). */
  unlink(row: number): void;
  /** The rows linked with `hash`, in row order. */
  rowsWith(hash: number): number[];
};

/** FNV-1a over the UTF-16 code units; never 0 (0 means "no id"). */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

/** Chains over `rows` rows, linked from `hashes` (0 = the row holds no id); takes `hashes`. */
export function createIdChains(hashes: Uint32Array): IdChains {
  const rows = hashes.length;
  let linked = 0;
  for (let r = 0; r < rows; r++) if (hashes[r] !== 0) linked++;
  let size = 16;
  while (size < linked * 2) size *= 2;
  const mask = size - 1;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(rows).fill(-1);
  // linked from the last row to the first, so each chain is in row order
  for (let r = rows - 1; r >= 0; r--) {
    const h = hashes[r]!;
    if (h === 0) continue;
    next[r] = head[h & mask]!;
    head[h & mask] = r;
  }

  return {
    link(row, hash) {
      if (hash === 0) return;
      hashes[row] = hash;
      const b = hash & mask;
      let p = head[b]!;
      if (p === -1 || p > row) {
        next[row] = p;
        head[b] = row;
        return;
      }
      while (next[p]! !== -1 && next[p]! < row) p = next[p]!;
      next[row] = next[p]!;
      next[p] = row;
    },
    unlink(row) {
      const hash = hashes[row]!;
      if (hash === 0) return;
      const b = hash & mask;
      if (head[b] === row) head[b] = next[row]!;
      else {
        let p = head[b]!;
        while (p !== -1 && next[p] !== row) p = next[p]!;
        if (p !== -1) next[p] = next[row]!;
      }
      hashes[row] = 0;
      next[row] = -1;
    },
    rowsWith(hash) {
      const out: number[] = [];
      for (let p = head[hash & mask]!; p !== -1; p = next[p]!) if (hashes[p] === hash) out.push(p);
      return out;
    },
  };
}
