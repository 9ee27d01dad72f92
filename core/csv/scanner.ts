/**
 * A streaming RFC 4180 record scanner over decoded text (contract §5). Text arrives in chunks of
 * any size (a CRLF or a quoted field may straddle two chunks); each complete record is handed to
 * `onRecord` with its fields in a reused array, and its spreadsheet row number. std.
 *
 * Rules: `,` separates fields; CRLF, LF and a lone CR end a record; a field that starts with `"`
 * is quoted (it may hold `,`, line breaks and `""` for a quote); characters after a closing quote
 * are kept as part of the field (as spreadsheets do). Row numbers count records, not lines: a
 * record whose quoted field holds a line break is one row. Memory stays bounded: a field longer
 * than `maxFieldBytes`, a record longer than `maxRowBytes`, or a quote still open at the end
 * fails the scan with the row number.
 *
 * Written as `indexOf` jumps from separator to separator: no per-character string building and
 * no regular expressions on the hot path. The scanner hands out each field as a *span* — a string
 * and the range of it the field covers — rather than a substring: most fields are then read in
 * place in the decoded chunk, and the validator checks them without allocating anything
 * (docs/csv-validator.md, "Spans"). {@link createCsvScanner} gives plain strings for the callers
 * that want them.
 */
import { exceedsUtf8Bytes, utf8ByteLength } from '../util/text.ts';

export type ScanFailure = {
  code: 'field-too-large' | 'row-too-large' | 'unterminated-quote';
  /** The spreadsheet row where the problem is (for an open quote: where it opened). */
  row: number;
};

/**
 * Receives each record. `fields` is reused by the scanner: copy what you keep. `row` is the
 * record's spreadsheet row (1 for the first record).
 */
export type RecordSink = (fields: string[], count: number, row: number) => void;

/**
 * Receives each record as spans: field k is `src[k].slice(from[k], to[k])` (quotes removed, `""`
 * unescaped). The arrays are reused by the scanner and only valid during the call. `row` is the
 * record's spreadsheet row (1 for the first record).
 */
export type SpanSink = (
  src: readonly string[],
  from: Int32Array,
  to: Int32Array,
  count: number,
  row: number,
) => void;

export type CsvScanner = {
  /** Scans the next piece of text. */
  write(text: string): void;
  /** Ends the input: flushes a last record without a line break, or fails on an open quote. */
  end(): void;
  /** Set once the scan has failed; later writes are ignored. */
  readonly failure: ScanFailure | undefined;
  /** The row of the record currently being read (1-based). */
  readonly row: number;
};

const QUOTE = 34;
const LF = 10;
const CR = 13;
const COMMA = 44;

/** Where the scanner is inside the current field between two chunks. */
const enum Mode {
  /** Outside quotes (or after a closing quote). */
  Plain = 0,
  /** Inside a quoted field. */
  Quoted = 1,
  /** Inside a quoted field, and the chunk ended right after a `"` (closing or escaping?). */
  QuotePending = 2,
}

type ScanLimits = { maxFieldBytes: number; maxRowBytes: number };

/** Creates a scanner that calls `onRecord` with each complete record's fields as strings. */
export function createCsvScanner(onRecord: RecordSink, limits: ScanLimits): CsvScanner {
  const fields: string[] = [];
  return createCsvSpanScanner((src, from, to, count, row) => {
    for (let k = 0; k < count; k++) fields[k] = src[k]!.slice(from[k], to[k]);
    onRecord(fields, count, row);
  }, limits);
}

/** Creates a scanner that calls `onRecord` with each complete record's fields as spans. */
export function createCsvSpanScanner(onRecord: SpanSink, limits: ScanLimits): CsvScanner {
  const { maxFieldBytes, maxRowBytes } = limits;
  // Below these character counts a field/row cannot exceed the byte limits (UTF-8 ≤ 3 bytes per
  // UTF-16 unit), so the exact byte count is only computed for suspiciously large ones.
  const fieldFast = Math.floor(maxFieldBytes / 3);
  const rowFast = Math.floor(maxRowBytes / 3);

  const src: string[] = [];
  let from = new Int32Array(64);
  let to = new Int32Array(64);
  let count = 0;
  let row = 1;
  let mode: Mode = Mode.Plain;
  /** Text of the current field gathered so far (from earlier chunks or quoted pieces). */
  let acc = '';
  let hasAcc = false;
  /** The previous chunk ended with CR: skip an LF at the start of the next one. */
  let pendingCR = false;
  /** Characters of the current record in earlier chunks. */
  let rowCarry = 0;
  let failure: ScanFailure | undefined;

  function failWith(code: ScanFailure['code']): void {
    failure = { code, row };
    src.length = 0;
    acc = '';
  }

  /** Room for field `k` (rows wider than any before are rare: the arrays double). */
  function grow(k: number): void {
    let n = from.length;
    while (n <= k) n *= 2;
    const f = new Int32Array(n);
    f.set(from);
    from = f;
    const t = new Int32Array(n);
    t.set(to);
    to = t;
  }

  /** Sets field `k` to the span `str[a, b)`. */
  function put(k: number, str: string, a: number, b: number): void {
    if (k >= from.length) grow(k);
    src[k] = str;
    from[k] = a;
    to[k] = b;
  }

  function fieldTooLarge(value: string): boolean {
    return value.length > fieldFast && exceedsUtf8Bytes(value, maxFieldBytes);
  }

  function emitRecord(): void {
    const r = row;
    row++;
    rowCarry = 0;
    const n = count;
    count = 0;
    onRecord(src, from, to, n, r);
  }

  /** Whether the current record (`chars` UTF-16 units so far) is over the row limit. */
  function rowTooLarge(chars: number): boolean {
    if (chars <= rowFast) return false;
    if (chars > maxRowBytes) return true;
    let bytes = count;
    for (let k = 0; k < count; k++) bytes += utf8ByteLength(src[k]!.slice(from[k], to[k]));
    if (hasAcc) bytes += utf8ByteLength(acc);
    return bytes > maxRowBytes;
  }

  // eslint-disable-next-line complexity -- the hot loop, kept in one function for speed
  function write(s: string): void {
    if (failure !== undefined) return;
    const n = s.length;
    if (n === 0) return;
    let i = 0;
    if (pendingCR) {
      pendingCR = false;
      if (s.charCodeAt(0) === LF) i = 1;
    }
    let rowStart = i;
    let start = i;

    // Resume a quoted field that straddles the chunk boundary.
    if (mode === Mode.QuotePending) {
      if (s.charCodeAt(i) === QUOTE) {
        acc += '"';
        i++;
        mode = Mode.Quoted;
      } else {
        mode = Mode.Plain;
        start = i;
      }
    }
    if (mode === Mode.Quoted) {
      const r = scanQuoted(s, i, rowStart);
      if (r < 0) return;
      i = start = r;
    }

    // Jump from separator to separator with indexOf (a fast native search) instead of looking
    // at every character. Each comma and line break is found once: the next positions are kept.
    let comma = -1;
    let lf = -1;
    let cr = -1;
    /** The span of a quoted field read in place (see below), -1 when there is none. */
    let quotedFrom = -1;
    let quotedTo = -1;
    let cnt = count;
    while (i < n) {
      if (i === start && !hasAcc && s.charCodeAt(i) === QUOTE) {
        // A quoted field with no "" inside, closed in this chunk and followed by a separator
        // (the common case) is a span of the chunk: no string is made for it.
        const qi = s.indexOf('"', i + 1);
        const next = qi !== -1 && qi + 1 < n ? s.charCodeAt(qi + 1) : -1;
        if (next === COMMA || next === LF || next === CR) {
          quotedFrom = i + 1;
          quotedTo = qi;
          i = start = qi + 1;
        } else {
          count = cnt;
          const r = scanQuoted(s, i + 1, rowStart);
          if (r < 0) return;
          i = start = r;
          if (i === n) break;
        }
      }
      if (comma < i) {
        comma = s.indexOf(',', i);
        if (comma === -1) comma = n;
      }
      if (lf < i) {
        lf = s.indexOf('\n', i);
        if (lf === -1) lf = n;
      }
      if (cr < i) {
        cr = s.indexOf('\r', i);
        if (cr === -1) cr = n;
      }
      const nl = lf < cr ? lf : cr;
      const end = comma < nl ? comma : nl;
      if (end === n) break;
      // The field is the span [fa, fb) of fs: in place in this chunk, or (quoted with "", or
      // begun in an earlier chunk) the text gathered in acc.
      let fs = s;
      let fa = start;
      let fb = end;
      if (quotedFrom >= 0) {
        fa = quotedFrom;
        fb = quotedTo;
        quotedFrom = -1;
      } else if (hasAcc) {
        fs = start === end ? acc : acc + s.slice(start, end);
        fa = 0;
        fb = fs.length;
        hasAcc = false;
        acc = '';
      }
      if (fb - fa > fieldFast && fieldTooLarge(fs.slice(fa, fb))) {
        return failWith('field-too-large');
      }
      if (cnt >= from.length) grow(cnt);
      // Mostly the same chunk as the last record's field here: the store (a write barrier, old
      // array to young string) is skipped when nothing changes (~3% of a validation).
      if (src[cnt] !== fs) src[cnt] = fs;
      from[cnt] = fa;
      to[cnt++] = fb;
      if (end === comma) {
        i = start = end + 1;
        continue;
      }
      // end of record
      if (rowCarry + (end - rowStart) > rowFast) {
        count = cnt;
        if (rowTooLarge(rowCarry + (end - rowStart))) return failWith('row-too-large');
      }
      count = cnt;
      emitRecord();
      cnt = 0;
      i = end + 1;
      if (end === cr) {
        if (i < n) {
          if (s.charCodeAt(i) === LF) i++;
        } else pendingCR = true;
      }
      start = rowStart = i;
    }
    count = cnt;
    // The chunk ended inside a record: keep the partial field and check the bounds.
    if (start < n) {
      acc = hasAcc ? acc + s.slice(start) : s.slice(start);
      hasAcc = true;
      if (fieldTooLarge(acc)) return failWith('field-too-large');
    }
    rowCarry += n - rowStart;
    if (rowTooLarge(rowCarry)) failWith('row-too-large');
  }

  /**
   * Scans a quoted field's content of `str` from `from` (just after the opening quote, or at the
   * start of a chunk). Returns the index just after the closing quote (the field's text is then
   * in `acc`, `hasAcc` set, mode Plain), or -1 when the chunk ended inside the field (or failed).
   * `rowStart` is where the current record began in `str`. Not nested in `write`, so optimised
   * code keeps one call target.
   */
  function scanQuoted(str: string, from: number, rowStart: number): number {
    const n = str.length;
    let p = from;
    if (mode !== Mode.Quoted) {
      acc = '';
      mode = Mode.Quoted;
    }
    for (;;) {
      const qi = str.indexOf('"', p);
      if (qi === -1 || qi + 1 === n) {
        // the chunk ends inside the field, or right after a quote we cannot classify yet
        if (qi === -1) acc += str.slice(p);
        else {
          acc += str.slice(p, qi);
          mode = Mode.QuotePending;
        }
        hasAcc = true;
        if (fieldTooLarge(acc)) failWith('field-too-large');
        else {
          rowCarry += n - rowStart;
          if (rowTooLarge(rowCarry)) failWith('row-too-large');
        }
        return -1;
      }
      if (str.charCodeAt(qi + 1) === QUOTE) {
        acc += str.slice(p, qi + 1);
        p = qi + 2;
        continue;
      }
      acc += str.slice(p, qi);
      hasAcc = true;
      mode = Mode.Plain;
      if (fieldTooLarge(acc)) {
        failWith('field-too-large');
        return -1;
      }
      return qi + 1;
    }
  }

  function end(): void {
    if (failure !== undefined) return;
    if (mode === Mode.Quoted) {
      failWith('unterminated-quote');
      return;
    }
    mode = Mode.Plain;
    if (count > 0 || hasAcc) {
      const last = hasAcc ? acc : '';
      put(count++, last, 0, last.length);
      acc = '';
      hasAcc = false;
      emitRecord();
    }
  }

  return {
    write,
    end,
    get failure() {
      return failure;
    },
    get row() {
      return row;
    },
  };
}
