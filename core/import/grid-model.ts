/**
 * The import assistant's grid as data (issue 12 §4): a checked CSV file held compactly (its text
 * in chunks and an offset a record, grid-records.ts), a few typed arrays a row (flags, problem
 * counts, duplicate-id bits) and the order the grid shows ("rows with problems first"). The page
 * never holds the table: it asks for windows of rows. Edits are written into the text and the
 * row is re-checked by the validator itself (grid-check.ts); duplicate external ids, the one rule
 * spanning rows, are kept current for every row an edit or removal touches (grid-ids.ts), so the
 * counts are always those `validate` would give for `csvParts()`. std.
 */
import type { ProblemCode, RowProblem } from '../csv/types.ts';
import { createCsvValidator } from '../csv/validator.ts';
import { mapHeader } from '../csv/header.ts';
import { compileSchema, trimValue } from '../schema/field-rules/index.ts';
import { clipValue, quoteForMessage } from '../util/text.ts';
import { csvLine } from './convert.ts';
import {
  checkRecords,
  recordValues,
  terminated,
  validatorOptions,
  type GridRules,
  type RowVerdict,
} from './grid-check.ts';
import { createIdChains, idHash, type IdChains } from './grid-ids.ts';
import { createRecordIndexer, type RecordStore } from './grid-records.ts';

export type { GridRules } from './grid-check.ts';

/** What the file holds now. */
export type GridCounts = {
  /** Data rows that would be sent (not removed, not blank). */
  rows: number;
  rowsWithProblems: number;
  problems: number;
  /** Rows edited (by hand or by find and replace), and rows removed. */
  edited: number;
  removed: number;
};

/** A problem in a cell (`column`: header position) or the whole row (`column` -1). */
export type GridProblem = { column: number; code: ProblemCode; message: string };

/** One row of a window. */
export type GridRow = {
  /** Where the grid shows it (0 = first row under the header). */
  position: number;
  /** The row's id in the model (stable through edits and removals). */
  row: number;
  /** Its row number in the file as a spreadsheet shows it (header = 1). */
  line: number;
  /** Its values, one a header column (a short row's missing ones ''). */
  cells: string[];
  problems: GridProblem[];
  edited: boolean;
};

export type FindOptions = { matchCase?: boolean; wholeValue?: boolean };

/** The grid's data: read by window, changed a cell, a column or a row at a time. */
export type GridModel = {
  /** The header's names, as in the file. */
  readonly columns: readonly string[];
  /**
   * How many values past the header the longest row had when opened ("too many values", often a
   * comma outside quotes): the grid shows them in cells of no column so they can be moved or
   * emptied. Positions `columns.length` and on in `cells`, `edit` and `check`.
   */
  readonly extraColumns: number;
  /** Rows the grid shows (removed ones left out). */
  readonly rowCount: number;
  counts(): GridCounts;
  windowOf(start: number, count: number): GridRow[];
  /** The problems row `row` would have with `value` in `column` (nothing is changed). */
  check(row: number, column: number, value: string): GridProblem[];
  /** Writes `value` into a cell, re-checks the row (and rows sharing its ids). */
  edit(row: number, column: number, value: string): GridRow;
  /** Replaces `find` in one column of every row; the number of values changed. */
  findReplace(column: number, find: string, replace: string, options?: FindOptions): number;
  removeRow(row: number): void;
  /** Shows the rows with problems first again (edits do not move rows while one works). */
  reorder(): void;
  /** The file as it is now (CSV UTF-8 text in pieces): header, then every row not removed. */
  csvParts(): string[];
  /** Rows without problems apart from rows with problems, each part with the header. */
  split(): { valid: string[]; validRows: number; invalid: string[]; invalidRows: number };
};

export type GridBuild =
  | { ok: true; model: GridModel; summary: { rowsTotal: number; rowsInvalid: number } }
  | { ok: false; message: string };

const BLANK = 1;
const REMOVED = 2;
const EDITED = 4;
const RAGGED = 8;

/** Reads a CSV UTF-8 file pushed in byte chunks into a model, checking it on the way. */
export function createGridBuilder(rules: GridRules): {
  push(bytes: Uint8Array): void;
  end(): GridBuild;
} {
  const decode = createWholeCharDecoder();
  const indexer = createRecordIndexer();
  let header: Header | undefined;
  let cap = 1 << 12;
  let flags = new Uint8Array(cap).fill(BLANK);
  let cells = new Uint16Array(cap);
  let dups = new Uint8Array(cap);
  let hashes: Uint32Array[] = [];

  function grow(g: number): void {
    while (g >= cap) cap *= 2;
    const f = new Uint8Array(cap).fill(BLANK);
    f.set(flags);
    flags = f;
    const c = new Uint16Array(cap);
    c.set(cells);
    cells = c;
    const d = new Uint8Array(cap);
    d.set(dups);
    dups = d;
    hashes = hashes.map((h) => {
      const bigger = new Uint32Array(cap);
      bigger.set(h);
      return bigger;
    });
  }

  const validator = createCsvValidator(rules.schema, {
    ...validatorOptions(rules),
    maxReportedProblems: 0,
    onColumnPackage: (pkg) => {
      header ??= readHeader(rules, indexer.header());
      if (hashes.length === 0) hashes = header.ids.map(() => new Uint32Array(cap));
      const ncols = pkg.columns.length;
      const at = header.ids.map((e) => pkg.columns.indexOf(e.name));
      for (let k = 0; k < pkg.count; k++) {
        const g = pkg.rows[k]! - 2;
        if (g >= cap) grow(g);
        const problems = pkg.problems[k] ?? [];
        let n = 0;
        let bits = 0;
        let ragged = false;
        for (const p of problems) {
          const e = header.ids.findIndex((c) => c.name === p.column);
          if (p.code === 'duplicate-external-id' && e >= 0) bits |= 1 << e;
          else n++;
          if (p.code === 'ragged-row') ragged = true;
        }
        flags[g] = ragged ? RAGGED : 0;
        cells[g] = n;
        dups[g] = bits;
        // the validator looks for duplicates in rows of the header's width only
        if (!ragged) {
          at.forEach((c, e) => {
            const id = c < 0 ? '' : pkg.value(k * ncols + c);
            if (id !== '') hashes[e]![g] = idHash(id);
          });
        }
      }
    },
  });

  return {
    push(bytes) {
      indexer.push(decode(bytes));
      validator.push(bytes);
    },
    end() {
      indexer.push(decode(null));
      const summary = validator.end();
      if (summary.fileError) return { ok: false, message: summary.fileError.message };
      const store = indexer.end();
      if (!store || store.count === 0) return { ok: false, message: 'The file has no rows.' };
      header ??= readHeader(rules, store.text(0));
      const n = store.count - 1;
      if (n > cap) grow(n);
      if (hashes.length === 0) hashes = header.ids.map(() => new Uint32Array(cap));
      const model = openModel(rules, header, store, {
        flags: flags.slice(0, n),
        cells: cells.slice(0, n),
        dups: dups.slice(0, n),
        hashes: hashes.map((h) => h.slice(0, n)),
      });
      return {
        ok: true,
        model,
        summary: { rowsTotal: summary.rowsTotal, rowsInvalid: summary.rowsInvalid },
      };
    },
  };
}

/**
 * UTF-8 bytes to text in pieces, each decoded whole up to its last complete character (the rest
 * carried over). Not `decode(…, {stream: true})`: Node's streaming path gives two-byte strings,
 * which would double the text the model holds. The BOM is dropped once, at the start only.
 */
function createWholeCharDecoder(): (bytes: Uint8Array | null) => string {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry: Uint8Array | null = null;
  let first = true;
  return (bytes) => {
    let b = bytes ?? new Uint8Array(0);
    if (carry) {
      const joined = new Uint8Array(carry.length + b.length);
      joined.set(carry);
      joined.set(b, carry.length);
      b = joined;
      carry = null;
    }
    let cut = b.length;
    if (bytes !== null) {
      // a lead byte among the last three whose sequence is not complete starts the carry
      for (let i = b.length - 1; i >= 0 && i >= b.length - 3; i--) {
        const c = b[i]!;
        if ((c & 0xc0) === 0x80) continue;
        const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (b.length - i < need) cut = i;
        break;
      }
      if (cut < b.length) carry = b.slice(cut);
    }
    let text = decoder.decode(b.subarray(0, cut));
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  };
}

/** The header as the grid needs it. */
type Header = {
  text: string;
  names: string[];
  /** The external-id columns whose values must be unique: name and header position. */
  ids: { name: string; index: number }[];
  /** A problem's column (the schema's spelling, lower-cased) → header position. */
  columnOf: Map<string, number>;
};

function readHeader(rules: GridRules, text: string): Header {
  const names = recordValues([text])[0] ?? [];
  const columnsOnly = rules.mode === 'columns-only';
  const r = mapHeader(names, compileSchema(rules.schema, !columnsOnly), {
    externalIdColumn: rules.externalIdColumn,
    columnsOnly,
    requiredColumnAnyOf: rules.requiredColumnAnyOf,
  });
  const columnOf = new Map<string, number>();
  const ids = r.ok ? r.map.externalIdColumns : [];
  if (r.ok) r.map.names.forEach((name, j) => name !== null && columnOf.set(name.toLowerCase(), j));
  return { text, names, ids, columnOf };
}

type RowState = { flags: Uint8Array; cells: Uint16Array; dups: Uint8Array; hashes: Uint32Array[] };

/** The words the validator uses for a duplicate id (core/csv/validator.ts; a test keeps them equal). */
function duplicateMessage(column: string, id: string, first: number): string {
  return `${column} ${quoteForMessage(id)} is already used by row ${first}. Each row needs its own id: merge the two rows or give one of them another id.`;
}

function bitCount(b: number): number {
  let n = 0;
  for (; b !== 0; b &= b - 1) n++;
  return n;
}

function openModel(rules: GridRules, header: Header, store: RecordStore, s: RowState): GridModel {
  const { flags, cells, dups } = s;
  const n = flags.length;
  const width = header.names.length;
  const chains: IdChains[] = header.ids.map((_, e) => createIdChains(s.hashes[e]!));
  const totals: GridCounts = { rows: 0, rowsWithProblems: 0, problems: 0, edited: 0, removed: 0 };
  let order = new Int32Array(0);

  const problemsOf = (g: number) => cells[g]! + bitCount(dups[g]!);
  const counted = (g: number) => (flags[g]! & (BLANK | REMOVED)) === 0;
  /** Adds (+1) or takes away (-1) row g's share of the totals. */
  function tally(g: number, sign: 1 | -1): void {
    if (!counted(g)) return;
    const p = problemsOf(g);
    totals.rows += sign;
    totals.problems += sign * p;
    if (p > 0) totals.rowsWithProblems += sign;
  }
  for (let g = 0; g < n; g++) tally(g, 1);
  reorder();

  function reorder(): void {
    const shown: number[] = [];
    const rest: number[] = [];
    for (let g = 0; g < n; g++) {
      const f = flags[g]!;
      if (f & REMOVED || (f & BLANK && !(f & EDITED))) continue;
      (problemsOf(g) > 0 ? shown : rest).push(g);
    }
    order = Int32Array.from(shown.concat(rest));
  }

  const valuesOf = (rows: readonly number[]) => recordValues(rows.map((g) => store.text(g + 1)));
  const idIn = (values: readonly string[], e: number) =>
    trimValue(values[header.ids[e]!.index] ?? '');

  /** The rows holding `id` in id column e now, in row order. */
  function holders(e: number, id: string): number[] {
    const candidates = chains[e]!.rowsWith(idHash(id));
    if (candidates.length === 0) return [];
    const values = valuesOf(candidates);
    return candidates.filter((_, i) => idIn(values[i]!, e) === id);
  }

  /** Sets each holder's duplicate bit for column e: the first row keeps the id. */
  function settle(e: number, id: string): void {
    holders(e, id).forEach((g, i) => setDup(g, e, i > 0));
  }
  function setDup(g: number, e: number, on: boolean): void {
    const bits = on ? dups[g]! | (1 << e) : dups[g]! & ~(1 << e);
    if (bits === dups[g]) return;
    tally(g, -1);
    dups[g] = bits;
    tally(g, 1);
  }

  /** After rows' values changed: their verdicts, flags and ids; then every id they touched. */
  function recheck(rows: readonly number[], after: string[][], before: string[][]): RowVerdict[] {
    const verdicts = checkRecords(
      rules,
      header.text,
      after.map((v) => csvLine(v)),
    );
    const touched = header.ids.map(() => new Set<string>());
    rows.forEach((g, i) => {
      const v = verdicts[i]!;
      tally(g, -1);
      const ragged = v.problems.some((p) => p.code === 'ragged-row');
      flags[g] = (flags[g]! & (REMOVED | EDITED)) | (v.blank ? BLANK : 0) | (ragged ? RAGGED : 0);
      cells[g] = v.problems.length;
      tally(g, 1);
      header.ids.forEach((_, e) => {
        const old = s.hashes[e]![g] !== 0 ? idIn(before[i]!, e) : '';
        const now = v.blank || ragged ? '' : idIn(after[i]!, e);
        if (old === now) return; // the same id (or none): no other row is concerned
        if (old !== '') touched[e]!.add(old);
        chains[e]!.unlink(g);
        setDup(g, e, false);
        if (now !== '') {
          chains[e]!.link(g, idHash(now));
          touched[e]!.add(now);
        }
      });
    });
    touched.forEach((ids, e) => ids.forEach((id) => settle(e, id)));
    return verdicts;
  }

  function markEdited(g: number): void {
    if (flags[g]! & EDITED) return;
    flags[g] = flags[g]! | EDITED;
    totals.edited++;
  }

  const padded = (values: readonly string[]) => {
    const out = values.slice();
    while (out.length < width) out.push('');
    return out;
  };
  /** `values` with `value` in `col`; values past the header dropped from the end once blank. */
  const withValue = (values: readonly string[], col: number, value: string) => {
    const out = padded(values);
    while (out.length <= col) out.push('');
    out[col] = value;
    while (out.length > width && out[out.length - 1]!.trim() === '') out.pop();
    return out;
  };
  /** The most values past the header any row has (rows are ragged only when flagged). */
  let extraColumns = 0;
  for (let g = 0; g < n; g++) {
    if (!(flags[g]! & RAGGED)) continue;
    const count = valuesOf([g])[0]!.length;
    if (count > width + extraColumns) extraColumns = count - width;
  }

  /** Problems of rows in the grid's words: cell problems, then duplicate ids. */
  function problemsFor(rows: readonly number[], values: string[][]): GridProblem[][] {
    const need = rows.map((g) => problemsOf(g) > 0);
    const checked = checkRecords(
      rules,
      header.text,
      rows.filter((_, i) => need[i]).map((g) => store.text(g + 1)),
    );
    let k = 0;
    return rows.map((g, i) => {
      if (!need[i]) return [];
      return withDuplicates(g, values[i]!, checked[k++]!.problems.map(gridProblem));
    });
  }

  /** `found` and the row's duplicate ids, in the validator's order. */
  function withDuplicates(g: number, values: string[], found: GridProblem[]): GridProblem[] {
    header.ids.forEach((col, e) => {
      if (!(dups[g]! & (1 << e))) return;
      const id = idIn(values, e);
      found.push(duplicate(col, id, holders(e, id)[0] ?? g));
    });
    return found;
  }

  const gridProblem = (p: RowProblem): GridProblem => ({
    column: p.column === '' ? -1 : (header.columnOf.get(p.column.toLowerCase()) ?? -1),
    code: p.code,
    message: p.message,
  });
  const duplicate = (col: { name: string; index: number }, id: string, first: number) => ({
    column: col.index,
    code: 'duplicate-external-id' as const,
    message: duplicateMessage(col.name, clipValue(id), first + 2),
  });

  function rowAt(position: number, g: number, values: string[], problems: GridProblem[]): GridRow {
    return {
      position,
      row: g,
      line: g + 2,
      cells: padded(values),
      problems,
      edited: (flags[g]! & EDITED) !== 0,
    };
  }

  function removeFromOrder(g: number): void {
    const at = order.indexOf(g);
    if (at < 0) return;
    order.copyWithin(at, at + 1);
    order = order.subarray(0, order.length - 1);
  }

  function findReplace(col: number, find: string, replace: string, o: FindOptions = {}): number {
    if (find === '' || col < 0 || col >= width) return 0;
    const fold = (t: string) => (o.matchCase ? t : t.toLowerCase());
    const needle = fold(find);
    const pattern = new RegExp(
      find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      o.matchCase ? 'g' : 'gi',
    );
    const swap = (v: string) =>
      o.wholeValue ? (fold(v) === needle ? replace : v) : v.replace(pattern, () => replace);
    let changed = 0;
    store.forEachChunk((text, first, count) => {
      // a quote is doubled in the text, so only look for other needles in it first
      if (!find.includes('"') && !fold(text).includes(needle)) return;
      const all = recordValues([text]);
      const rows: number[] = [];
      const after: string[][] = [];
      const before: string[][] = [];
      const texts = new Map<number, string>();
      for (let k = 0; k < count; k++) {
        const r = first + k;
        const g = r - 1;
        if (r === 0 || flags[g]! & (REMOVED | BLANK)) continue;
        const values = all[k]!;
        const old = values[col] ?? '';
        const now = swap(old);
        if (now === old) continue;
        const next = padded(values);
        next[col] = now;
        texts.set(r, csvLine(next));
        rows.push(g);
        after.push(next);
        before.push(values);
      }
      if (rows.length === 0) return;
      store.setMany(texts);
      rows.forEach(markEdited);
      recheck(rows, after, before);
      changed += rows.length;
    });
    return changed;
  }

  return {
    columns: header.names,
    extraColumns,
    get rowCount() {
      return order.length;
    },
    counts: () => ({ ...totals }),
    windowOf(start, count) {
      const from = Math.max(0, Math.min(start, order.length));
      const rows = Array.from(order.subarray(from, Math.min(order.length, from + count)));
      const values = valuesOf(rows);
      const problems = problemsFor(rows, values);
      return rows.map((g, i) => rowAt(from + i, g, values[i]!, problems[i]!));
    },
    check(g, col, value) {
      const values = withValue(valuesOf([g])[0]!, col, value);
      const v = checkRecords(rules, header.text, [csvLine(values)])[0]!;
      const found = v.problems.map(gridProblem);
      if (v.blank || v.problems.some((p) => p.code === 'ragged-row')) return found;
      header.ids.forEach((c, e) => {
        const id = idIn(values, e);
        const first = id === '' ? undefined : holders(e, id).find((h) => h !== g);
        if (first !== undefined && first < g) found.push(duplicate(c, id, first));
      });
      return found;
    },
    edit(g, col, value) {
      const before = valuesOf([g])[0]!;
      const after = withValue(before, col, value);
      store.set(g + 1, csvLine(after));
      markEdited(g);
      const [v] = recheck([g], [after], [before]);
      const problems = withDuplicates(g, after, v!.problems.map(gridProblem));
      return rowAt(order.indexOf(g), g, after, problems);
    },
    findReplace,
    removeRow(g) {
      if (g < 0 || g >= n || flags[g]! & REMOVED) return;
      const values = valuesOf([g])[0]!;
      tally(g, -1);
      flags[g] = flags[g]! | REMOVED;
      totals.removed++;
      removeFromOrder(g);
      header.ids.forEach((_, e) => {
        if (s.hashes[e]![g] === 0) return;
        chains[e]!.unlink(g);
        dups[g] = dups[g]! & ~(1 << e);
        settle(e, idIn(values, e));
      });
    },
    reorder,
    csvParts() {
      const parts = [terminated(header.text)];
      store.forEachChunk((text, first, count) => {
        const from = Math.max(first, 1);
        let whole = first + count < store.count || terminated(text) === text;
        for (let r = from; r < first + count && whole; r++) {
          if (flags[r - 1]! & REMOVED) whole = false;
        }
        if (whole) parts.push(first === 0 ? text.slice(header.text.length) : text);
        else {
          for (let r = from; r < first + count; r++) {
            if (!(flags[r - 1]! & REMOVED)) parts.push(terminated(store.text(r)));
          }
        }
      });
      return parts;
    },
    split() {
      const valid = [terminated(header.text)];
      const invalid = [terminated(header.text)];
      let validRows = 0;
      let invalidRows = 0;
      for (let g = 0; g < n; g++) {
        if (!counted(g)) continue;
        const text = terminated(store.text(g + 1));
        if (problemsOf(g) > 0) {
          invalid.push(text);
          invalidRows++;
        } else {
          valid.push(text);
          validRows++;
        }
      }
      return { valid, validRows, invalid, invalidRows };
    },
  };
}
