/**
 * Remembers the first row each id was seen on, for finding duplicate external ids in a file
 * (contract §5.5). A million ids in a JS `Map<string, number>` cost ~50 MB of GC-managed heap and
 * most of a validation's time in garbage collection; this open-addressing table keeps the ids'
 * characters, offsets and rows in typed arrays instead (~20 bytes per short id, invisible to the
 * GC). Exact: ids are compared character by character, never only by hash. std.
 */

export type FirstSeenIndex = {
  /**
   * Records `id` as seen on `row` if it is new and returns 0; when it was seen before, returns
   * the row it was first seen on (and records nothing).
   */
  firstRowOf(id: string, row: number): number;
  /** {@link firstRowOf} for the id `s.slice(from, to)`, without making that string. */
  firstRowOfSpan(s: string, from: number, to: number, row: number): number;
  /** How many distinct ids are recorded. */
  readonly size: number;
};

/**
 * Creates an empty index. `startEntryBits`: how many low bits of a slot hold the entry number at
 * first (21: two million ids before the tags shrink); tests pass fewer, to get there quickly.
 */
export function createFirstSeenIndex(startEntryBits = 21): FirstSeenIndex {
  // Slot i holds entry number + 1 in its low `entryBits` bits (0 = empty), and the top bits of
  // the entry's hash above them: a probe passes an occupied slot whose tag differs without
  // reading anything else (a new id, most ids in a file, then costs one random memory access,
  // not two or three). An id's characters are compared only when its whole 32-bit hash matches.
  let slots = new Int32Array(1 << 12);
  let mask = slots.length - 1;
  let entryBits = startEntryBits;
  let entryMask = (1 << entryBits) - 1;
  // Characters of all ids, one byte each while every id is Latin-1, two bytes from the first id
  // that is not.
  let chars: Uint8Array | Uint16Array = new Uint8Array(1 << 14);
  let wide = false;
  let charsUsed = 0;
  let starts = new Int32Array(1 << 11); // entry → offset in chars; entry n+1's start ends entry n
  let rows = new Int32Array(1 << 11);
  let hashes = new Uint32Array(1 << 11); // kept so growing the slot table needs no rehashing
  let count = 0;

  function endOf(entry: number): number {
    return entry + 1 < count ? starts[entry + 1]! : charsUsed;
  }

  function sameAs(entry: number, id: string, a: number, b: number): boolean {
    const from = starts[entry]!;
    if (endOf(entry) - from !== b - a) return false;
    for (let k = a; k < b; k++) if (chars[from + k - a] !== id.charCodeAt(k)) return false;
    return true;
  }

  function growEntries(): void {
    const s = new Int32Array(starts.length * 2);
    s.set(starts);
    starts = s;
    const r = new Int32Array(rows.length * 2);
    r.set(rows);
    rows = r;
    const h = new Uint32Array(hashes.length * 2);
    h.set(hashes);
    hashes = h;
  }

  /** Builds the slot table anew with `size` slots (the tags change when `entryBits` does). */
  function rebuildSlots(size: number): void {
    slots = new Int32Array(size);
    mask = size - 1;
    for (let e = 0; e < count; e++) {
      const h = hashes[e]!;
      let p = h & mask;
      while (slots[p] !== 0) p = (p + 1) & mask;
      slots[p] = (h & ~entryMask) | (e + 1);
    }
  }

  function firstRowOfSpan(id: string, a: number, b: number, row: number): number {
    const len = b - a;
    if (charsUsed + len > chars.length) growChars(charsUsed + len);
    // One pass over the id: its hash, and its characters copied to where a new id is kept
    // (past the ids kept, so nothing is lost when it turns out to be known).
    const at = charsUsed - a;
    let h = 0x811c9dc5;
    let all = 0;
    for (let k = a; k < b; k++) {
      const c = id.charCodeAt(k);
      h = Math.imul(h ^ c, 0x01000193);
      all |= c;
      chars[at + k] = c;
    }
    h >>>= 0;
    const tag = h & ~entryMask;
    let p = h & mask;
    for (;;) {
      const v = slots[p]!;
      if (v === 0) break;
      if ((v & ~entryMask) === tag) {
        const e = (v & entryMask) - 1;
        if (hashes[e] === h && sameAs(e, id, a, b)) return rows[e]!;
      }
      p = (p + 1) & mask;
    }
    // a new id: keep it (two bytes a character from the first id that needs them)
    if (all > 0xff && !wide) {
      wide = true;
      chars = Uint16Array.from(chars);
      for (let k = a; k < b; k++) chars[at + k] = id.charCodeAt(k);
    }
    if (count === starts.length) growEntries();
    starts[count] = charsUsed;
    charsUsed += len;
    rows[count] = row;
    hashes[count] = h;
    slots[p] = tag | (count + 1);
    count++;
    resizeSlots();
    return 0;
  }

  /** After an id is kept: room for the next one in the slots, and in a slot's entry bits. */
  function resizeSlots(): void {
    const size = count * 2 > slots.length ? slots.length * 2 : slots.length;
    if (count + 1 > entryMask) {
      // the next entry number would not fit: one more bit for entries, one fewer for the tag
      entryBits++;
      entryMask = entryBits >= 31 ? 0x7fffffff : (1 << entryBits) - 1;
      rebuildSlots(size);
    } else if (size !== slots.length) rebuildSlots(size);
  }

  /** Room for at least `need` characters (doubling). */
  function growChars(need: number): void {
    let n = chars.length * 2;
    while (n < need) n *= 2;
    const bigger: Uint8Array | Uint16Array = wide ? new Uint16Array(n) : new Uint8Array(n);
    bigger.set(chars);
    chars = bigger;
  }

  return {
    firstRowOf(id: string, row: number): number {
      return firstRowOfSpan(id, 0, id.length, row);
    },
    firstRowOfSpan,
    get size() {
      return count;
    },
  };
}
