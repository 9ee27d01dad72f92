/**
 * A streaming scanner for delimited text with any one-character separator (`,` `;` tab `|`),
 * RFC 4180 quoting (a field that starts with `"` may hold the separator, line breaks and `""`),
 * CRLF, LF or a lone CR ending a record. Text arrives in chunks of any size; each record is
 * handed out with its fields as strings in a reused array. The platform's own scanner
 * (core/csv/scanner.ts) reads commas only, as the platform does; this one is the assistant's,
 * which reads what people have (issue 12). std.
 */

export type DelimitedFailure = {
  code: 'row-too-large' | 'unterminated-quote';
  /** The record (1-based, header = 1) where the problem is. */
  row: number;
};

export type DelimitedScanner = {
  write(text: string): void;
  end(): void;
  readonly failure: DelimitedFailure | undefined;
  /** Records handed out so far. */
  readonly rows: number;
};

/** Receives each record; `fields` is reused: copy what you keep. `row` is 1 for the header. */
export type FieldsSink = (fields: string[], count: number, row: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Creates a scanner. `maxRowChars` bounds a record (default 4 Mi characters). */

export function createDelimitedScanner(
  delimiter: string,
  onRecord: FieldsSink,
  maxRowChars = 4 * 1024 * 1024,
): DelimitedScanner {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(`A separator is one character other than a quote or a line break.`);
  }
  const fields: string[] = [];
  let carry = '';
  let row = 0;
  let failure: DelimitedFailure | undefined;

  /**
   * Scans `s` from record start to record start; returns where the unfinished record starts
   * (s.length when none is left).
   */
  // eslint-disable-next-line complexity -- the hot loop, kept in one function for speed
  function scan(s: string, final: boolean): number {
    const n = s.length;
    let i = 0;
    let recStart = 0;
    let count = 0;
    let nd = -1;
    let nl = -1;
    let nc = -1;
    while (i <= n) {
      if (i === n) {
        // The text ends where a field would start: after a separator, or at a record start.
        if (count === 0 || !final) return recStart;
        fields[count++] = '';
        emit(count);
        return n;
      }
      let value: string;
      if (s.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        value = '';
        for (;;) {
          const q = s.indexOf('"', j);
          if (q === -1 || (q + 1 === n && !final)) {
            if (final) {
              failure = { code: 'unterminated-quote', row: row + 1 };
              return n;
            }
            return recStart;
          }
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          value += s.slice(j, q);
          i = q + 1;
          break;
        }
        // anything between the closing quote and the separator is kept, as spreadsheets do
        if (i < n) {
          const c = s.charCodeAt(i);
          if (c !== LF && c !== CR && s[i] !== delimiter) {
            if (nd < i) nd = indexOrEnd(s, delimiter, i);
            if (nl < i) nl = indexOrEnd(s, '\n', i);
            if (nc < i) nc = indexOrEnd(s, '\r', i);
            const e = Math.min(nd, nl, nc);
            if (e === n && !final) return recStart;
            value += s.slice(i, e);
            i = e;
          }
        }
      } else {
        if (nd < i) nd = indexOrEnd(s, delimiter, i);
        if (nl < i) nl = indexOrEnd(s, '\n', i);
        if (nc < i) nc = indexOrEnd(s, '\r', i);
        const e = nd < nl ? (nd < nc ? nd : nc) : nl < nc ? nl : nc;
        if (e === n && !final) return recStart;
        value = s.slice(i, e);
        i = e;
      }
      fields[count++] = value;
      if (i === n) {
        emit(count);
        return n;
      }
      const c = s.charCodeAt(i);
      if (c === LF || c === CR) {
        if (c === CR) {
          if (i + 1 === n && !final) return recStart;
          if (s.charCodeAt(i + 1) === LF) i++;
        }
        i++;
        emit(count);
        count = 0;
        recStart = i;
        if (i === n) return n;
      } else i++; // the separator
    }
    return recStart;
  }

  function emit(count: number): void {
    row++;
    onRecord(fields, count, row);
  }

  return {
    write(text) {
      if (failure !== undefined || text.length === 0) return;
      const s = carry.length === 0 ? text : carry + text;
      const at = scan(s, false);
      carry = at >= s.length ? '' : s.slice(at);
      if (carry.length > maxRowChars) failure = { code: 'row-too-large', row: row + 1 };
    },
    end() {
      if (failure !== undefined) return;
      const s = carry;
      carry = '';
      if (s.length > 0) scan(s, true);
    },
    get failure() {
      return failure;
    },
    get rows() {
      return row;
    },
  };
}

function indexOrEnd(s: string, ch: string, from: number): number {
  const k = s.indexOf(ch, from);
  return k === -1 ? s.length : k;
}
