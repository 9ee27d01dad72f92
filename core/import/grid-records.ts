/**
 * The grid's text (issue 12 §4): a CSV file's records kept as the decoded text itself, in chunks
 * of about 256 KiB cut at record boundaries, with one offset per record in a typed array. A
 * 1,000,000-row file (93 MB) costs its text plus 4 bytes a record — no string or array per row —
 * and a record is read back by slicing its chunk. An edited record is written into its chunk
 * (only that chunk is rebuilt), so there is no overlay to grow with the edits. Record 0 is the
 * header. std.
 *
 * Record boundaries follow core/csv/scanner.ts exactly: CRLF, LF and a lone CR end a record
 * outside quotes; a `"` opens a quoted field only at a field's start; `""` inside is a quote.
 * The grid model checks its record count against the validator's.
 */

const QUOTE = 34;
const LF = 10;
const COMMA = 44;

export type RecordStore = {
  /** Records, the header included. */
  readonly count: number;
  /** Record `r`'s text with its line break (the last record of a file may have none). */
  text(r: number): string;
  /** Replaces record `r`'s text (one CSV record, with its line break). */
  set(r: number, text: string): void;
  /** Replaces many records at once (each chunk rebuilt once). */
  setMany(texts: ReadonlyMap<number, string>): void;
  /** Each chunk's text with the records it holds (`first` to `first + count - 1`). */
  forEachChunk(fn: (text: string, first: number, count: number) => void): void;
};

/** Builds a {@link RecordStore} from text pushed in pieces. */
export type RecordIndexer = {
  push(text: string): void;
  /** The first record's text once it is complete (the header), else what there is of it. */
  header(): string;
  /** The store, or `null` when the text ends inside a quoted field. */
  end(): RecordStore | null;
};

export function createRecordIndexer(chunkChars = 1 << 18): RecordIndexer {
  let pending = '';
  let pos = 0;
  let recStart = 0;
  let quoted = false;
  // cached positions of the next quote, LF and CR at or after `pos` (-1: look again)
  let nq = -1;
  let nl = -1;
  let nc = -1;
  const chunks: string[] = [];
  const chunkFirst: number[] = [];
  let starts = new Uint32Array(1 << 12);
  let count = 0;
  let chunkFirstRecord = 0;
  let headerText: string | undefined;

  function addRecord(at: number): void {
    if (count === starts.length) {
      const bigger = new Uint32Array(starts.length * 2);
      bigger.set(starts);
      starts = bigger;
    }
    if (count === 1) headerText = pending.slice(0, at);
    starts[count++] = at;
  }

  function cut(): void {
    chunks.push(pending.slice(0, recStart));
    chunkFirst.push(chunkFirstRecord);
    chunkFirstRecord = count;
    pending = pending.slice(recStart);
    pos -= recStart;
    nq = nl = nc = -1;
    recStart = 0;
  }

  // eslint-disable-next-line complexity -- one scanning loop, as in core/csv/scanner.ts
  function scan(): void {
    let n = pending.length;
    while (pos < n) {
      if (quoted) {
        const q = pending.indexOf('"', pos);
        if (q === -1) {
          pos = n;
          break;
        }
        if (q + 1 === n) {
          pos = q; // a closing quote or the first of "": the next piece tells
          break;
        }
        if (pending.charCodeAt(q + 1) === QUOTE) pos = q + 2;
        else {
          quoted = false;
          pos = q + 1;
        }
        continue;
      }
      if (nq < pos) nq = indexOr(pending, '"', pos, n);
      if (nl < pos) nl = indexOr(pending, '\n', pos, n);
      if (nc < pos) nc = indexOr(pending, '\r', pos, n);
      const brk = nl < nc ? nl : nc;
      if (nq < brk) {
        if (nq === recStart || pending.charCodeAt(nq - 1) === COMMA) quoted = true;
        pos = nq + 1;
        continue;
      }
      if (brk === n) {
        pos = n;
        break;
      }
      let next = brk + 1;
      if (brk === nc) {
        if (next === n) {
          pos = brk; // a CR at the end of the piece: an LF may follow
          break;
        }
        if (pending.charCodeAt(next) === LF) next++;
      }
      addRecord(recStart);
      recStart = pos = next;
      if (recStart >= chunkChars) {
        cut();
        n = pending.length;
      }
    }
  }

  return {
    push(text: string): void {
      if (text === '') return;
      pending += text;
      nq = nl = nc = -1;
      scan();
    },
    header(): string {
      return headerText ?? pending;
    },
    end(): RecordStore | null {
      if (quoted) {
        // the last character may be the closing quote still waiting for what follows it
        if (pos === pending.length - 1 && pending.charCodeAt(pos) === QUOTE) quoted = false;
        else return null;
      }
      if (recStart < pending.length) addRecord(recStart);
      recStart = pending.length;
      if (count > chunkFirstRecord) cut();
      return makeStore(chunks, chunkFirst, starts.slice(0, count));
    },
  };
}

function indexOr(s: string, c: string, from: number, n: number): number {
  const i = s.indexOf(c, from);
  return i === -1 ? n : i;
}

function makeStore(chunks: string[], chunkFirst: number[], starts: Uint32Array): RecordStore {
  const count = starts.length;

  function chunkOf(r: number): number {
    let lo = 0;
    let hi = chunkFirst.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunkFirst[mid]! <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  const lastOf = (c: number) => (c + 1 < chunkFirst.length ? chunkFirst[c + 1]! : count) - 1;
  const endOf = (c: number, r: number) => (r < lastOf(c) ? starts[r + 1]! : chunks[c]!.length);

  function rebuild(c: number, texts: ReadonlyMap<number, string>): void {
    const s = chunks[c]!;
    const parts: string[] = [];
    let at = 0;
    for (let r = chunkFirst[c]!, last = lastOf(c); r <= last; r++) {
      const t = texts.get(r) ?? s.slice(starts[r], endOf(c, r));
      starts[r] = at;
      at += t.length;
      parts.push(t);
    }
    chunks[c] = parts.join('');
  }

  return {
    count,
    text(r) {
      const c = chunkOf(r);
      return chunks[c]!.slice(starts[r], endOf(c, r));
    },
    set(r, text) {
      const c = chunkOf(r);
      const s = chunks[c]!;
      const a = starts[r]!;
      const b = endOf(c, r);
      chunks[c] = s.slice(0, a) + text + s.slice(b);
      const delta = text.length - (b - a);
      if (delta !== 0) {
        for (let k = r + 1, last = lastOf(c); k <= last; k++) starts[k] = starts[k]! + delta;
      }
    },
    setMany(texts) {
      const touched = new Set<number>();
      for (const r of texts.keys()) touched.add(chunkOf(r));
      for (const c of touched) rebuild(c, texts);
    },
    forEachChunk(fn) {
      chunks.forEach((text, c) => fn(text, chunkFirst[c]!, lastOf(c) - chunkFirst[c]! + 1));
    },
  };
}
