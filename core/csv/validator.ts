/**
 * The streaming CSV validator (contract §3, §5): bytes in, packages of validated rows out, and a
 * summary at the end. One implementation for the app (local check), the CLI and the emulator.
 * std.
 *
 * Memory stays bounded whatever the file size: only the current package is kept (nothing at all
 * when no `onPackage` is given), plus the map of external ids seen (needed to find duplicates).
 */
import {
  compileField,
  compileSchema,
  trimEndAt,
  trimStartAt,
  type CompiledField,
  type FieldFailure,
} from '../schema/field-rules/index.ts';
import type { ObjectSchema } from '../schema/object-schema.ts';
import { createFirstSeenIndex, type FirstSeenIndex } from '../util/first-seen-index.ts';
import { clipValue, detachString, plural, quoteForMessage } from '../util/text.ts';
import {
  controlCharacterAt,
  controlCharacterMessage,
  hasControlCharacter,
  showControlCharacters,
} from './control-characters.ts';
import { createUtf8Decoder } from './decode.ts';
import { mapHeader, type HeaderMap } from './header.ts';
import { createCsvSpanScanner, type ScanFailure } from './scanner.ts';
import type {
  CreateCsvValidator,
  CsvValidationSummary,
  CsvValidator,
  CsvValidatorOptions,
  FileProblem,
  RowProblem,
  ValidatedRow,
} from './types.ts';

/** Defaults of {@link CsvValidatorOptions}. */
export const csvDefaults = {
  packageSize: 10_000, // contract §5.3
  maxFieldBytes: 1024 * 1024,
  maxRowBytes: 4 * 1024 * 1024,
  maxReportedProblems: 1_000,
} as const;

/** A reserved column the schema does not list: any text, trimmed. */
function reservedField(name: string): CompiledField {
  return compileField({ name, type: 'text' });
}

/** Largest piece of a pushed chunk decoded at once. */
const sliceBytes = 64 * 1024;

function mib(bytes: number): string {
  return bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : `${bytes.toLocaleString('en-US')} bytes`;
}

function scanProblem(f: ScanFailure, maxFieldBytes: number, maxRowBytes: number): FileProblem {
  switch (f.code) {
    case 'field-too-large':
      return {
        code: 'field-too-large',
        message: `Row ${f.row} has a value larger than ${mib(maxFieldBytes)}, the most a single value may hold. Usually a quote (") opens a value and never closes; check row ${f.row}.`,
      };
    case 'row-too-large':
      return {
        code: 'row-too-large',
        message: `Row ${f.row} is larger than ${mib(maxRowBytes)}, the most a row may hold. The file may have no line breaks (is it a CSV?) or a quote (") that never closes; check row ${f.row}.`,
      };
    case 'unterminated-quote':
      return {
        code: 'unterminated-quote',
        message: `Row ${f.row} opens a quoted value (") that is never closed before the end of the file. Add the closing quote, or remove the stray one.`,
      };
  }
}

/**
 * What a row with more values than the header is told, after its counts. It speaks of commas:
 * a file converted from another separator says so in its own words (core/import/explain.ts).
 */
export const longRowAdvice =
  'A value probably contains a comma without double quotes around it; put such values in quotes ("Smith, John").';

/** Creates a validator for one file (contract §5). See core/csv/types.ts for the API. */
export const createCsvValidator: CreateCsvValidator = (
  schema: ObjectSchema,
  options: CsvValidatorOptions = {},
): CsvValidator => {
  const columnsOnly = options.mode === 'columns-only';
  const compiled = compileSchema(schema, !columnsOnly);
  const packageSize = Math.max(1, options.packageSize ?? csvDefaults.packageSize);
  const maxFieldBytes = options.maxFieldBytes ?? csvDefaults.maxFieldBytes;
  const maxRowBytes = options.maxRowBytes ?? csvDefaults.maxRowBytes;
  const maxReported = options.maxReportedProblems ?? csvDefaults.maxReportedProblems;
  const onColumnPackage = options.onColumnPackage;
  const onPackage = onColumnPackage === undefined ? options.onPackage : undefined;

  let header: string[] | undefined;
  let map: HeaderMap | undefined;
  let width = 0;
  let rowTemplate: Record<string, string> = {};
  /** The compiled field read from each header position (undefined: ignored column). */
  let fieldAt: (CompiledField | undefined)[] = [];
  /**
   * For an optional text column: the most characters a value may have, untrimmed, to be fine as
   * it is (trimming can only shorten it); -1 for every other column. Lets the check pass most
   * values without reading a character when nothing is kept and no control character was seen.
   */
  let fineUpTo = new Int32Array(0);
  let extCols: { index: number; name: string; seen: FirstSeenIndex }[] = [];
  // Rows are kept column-oriented whatever the caller asked for (row objects are made from
  // these at the package's end). Cell i = k * columns.length + c (row k, column c) is kept as a
  // span, not a string: `cellText[i]` indexes `pkgTexts` (the decoded chunks the package's rows
  // lie in, plus the few strings of their own: normal forms, fields gathered across chunks), and
  // [cellFrom[i], cellTo[i]) is the value's range there. 140,000 short strings a package, kept
  // until it is stored, cost the emulator ~30 MB of peak RSS and a third of its time in GC; a
  // span costs 12 bytes, and the string is made when the receiver reads it (and dies young).
  /** The schema's spelling of each column present, and the column each header position fills. */
  let columns: string[] = [];
  let colAt: number[] = [];
  const colRows: number[] = [];
  let cellText = new Int32Array(0);
  let cellFrom = new Int32Array(0);
  let cellTo = new Int32Array(0);
  const pkgTexts: string[] = [];
  /** The text `pkgTexts` ends with (the chunk being read, usually), and its index there. */
  let lastText: string | undefined;
  let lastTextAt = -1;
  const colProblems: (RowProblem[] | undefined)[] = [];
  let colCount = 0;
  /** Whether rows are kept at all: without a package callback, only problems and counts are. */
  const store = onColumnPackage !== undefined || onPackage !== undefined;

  let fileError: FileProblem | undefined;
  let rowsTotal = 0;
  let rowsInvalid = 0;
  let blankRows = 0;
  let problemCount = 0;
  const errors: RowProblem[] = [];
  let packagesDelivered = 0;
  let done: CsvValidationSummary | undefined;
  /**
   * Set once decoded text holds a control character (issue 14): from then on each value is
   * searched for one. Until then no value can hold one, so clean files pay one quick screen per
   * chunk (core/csv/control-characters.ts), set before the scanner sees that chunk's records.
   */
  let checkControls = false;

  /** One problem into the summary and, when rows are kept, into the current row's list. */
  function report(p: RowProblem): void {
    problemCount++;
    if (errors.length < maxReported) errors.push(p);
    if (store) {
      const list = colProblems[colCount];
      if (list === undefined) colProblems[colCount] = [p];
      else list.push(p);
    }
  }

  /** Keeps `s[a, b)` as cell `i` of the package. */
  function keepSpan(i: number, s: string, a: number, b: number): void {
    // the same chunk for hundreds of cells in a row: mostly the identity test answers
    if (s !== lastText) {
      lastText = s;
      lastTextAt = pkgTexts.push(s) - 1;
    }
    cellText[i] = lastTextAt;
    cellFrom[i] = a;
    cellTo[i] = b;
  }

  /** Room for `cells` cells (the arrays double; a package is usually 10,000 rows). */
  function growCells(cells: number): void {
    let n = Math.max(cellText.length, 1024);
    while (n < cells) n *= 2;
    if (n === cellText.length) return;
    for (const old of [cellText, cellFrom, cellTo]) {
      const bigger = new Int32Array(n);
      bigger.set(old);
      if (old === cellText) cellText = bigger;
      else if (old === cellFrom) cellFrom = bigger;
      else cellTo = bigger;
    }
  }

  /** Cell `i` of the current package as a string. */
  function cellValue(i: number): string {
    return pkgTexts[cellText[i]!]!.slice(cellFrom[i], cellTo[i]);
  }

  function problem(row: number, column: string, value: string, f: FieldFailure): RowProblem {
    return { row, column, value: clipValue(value), code: f.code, message: f.message };
  }

  function onHeader(fields: string[], count: number): void {
    header = fields.slice(0, count).map(detachString);
    const r = mapHeader(header, compiled, {
      externalIdColumn: options.externalIdColumn,
      columnsOnly,
      requiredColumnAnyOf: options.requiredColumnAnyOf,
    });
    if (!r.ok) {
      fileError = r.problem;
      return;
    }
    map = r.map;
    const names = map.names;
    width = count;
    fieldAt = names.map((name) =>
      name === null ? undefined : (compiled.byKey.get(name.toLowerCase()) ?? reservedField(name)),
    );
    fineUpTo = new Int32Array(width).fill(-1);
    fieldAt.forEach((f, j) => {
      if (f !== undefined && !f.required && f.plainTextUpTo >= 0) {
        fineUpTo[j] = Math.min(f.plainTextUpTo, 0x7fffffff);
      }
    });
    rowTemplate = {};
    for (const name of names) if (name !== null) rowTemplate[name] = '';
    columns = [];
    colAt = names.map((name) => (name === null ? -1 : columns.push(name) - 1));
    extCols = map.externalIdColumns.map((c) => ({ ...c, seen: createFirstSeenIndex() }));
  }

  /** Whether fields `first` to `count - 1` hold nothing but white space. */
  function isBlank(
    src: readonly string[],
    from: Int32Array,
    to: Int32Array,
    first: number,
    count: number,
  ): boolean {
    for (let j = first; j < count; j++) {
      const b = to[j]!;
      if (trimStartAt(src[j]!, from[j]!, b) < b) return false;
    }
    return true;
  }

  /** Keeps field `j` trimmed as cell `i`. */
  function keepTrimmed(
    i: number,
    src: readonly string[],
    from: Int32Array,
    to: Int32Array,
    j: number,
  ): void {
    const s = src[j]!;
    const a = trimStartAt(s, from[j]!, to[j]!);
    keepSpan(i, s, a, trimEndAt(s, a, to[j]!));
  }

  /**
   * One data record, its fields as spans of the decoded text (core/csv/scanner.ts): every field
   * is checked in place, and a string is made only for what is kept or reported.
   */
  // eslint-disable-next-line complexity -- the per-row hot path, kept in one function for speed
  function onRecord(
    src: readonly string[],
    from: Int32Array,
    to: Int32Array,
    count: number,
    row: number,
  ): void {
    if (fileError !== undefined) return;
    if (header === undefined) {
      const cells: string[] = [];
      for (let j = 0; j < count; j++) cells.push(src[j]!.slice(from[j], to[j]));
      onHeader(cells, count);
      return;
    }
    // A row with no values at all (a blank line, or only commas) is skipped, not imported.
    if (from[0] === to[0] || src[0]!.charCodeAt(from[0]!) <= 32) {
      if (isBlank(src, from, to, 0, count)) {
        blankRows++;
        return;
      }
    }
    rowsTotal++;
    const before = problemCount;
    const base = colCount * columns.length;
    if (store) {
      if (base + columns.length > cellText.length) growCells(base + columns.length);
      colRows[colCount] = row;
      colProblems[colCount] = undefined;
    }
    if (count !== width && (count < width || !isBlank(src, from, to, width, count))) {
      report({ row, column: '', value: '', code: 'ragged-row', message: raggedMessage(count) });
      if (store) {
        for (let j = 0; j < width; j++) {
          const c = colAt[j]!;
          if (c < 0) continue;
          if (j < count) keepTrimmed(base + c, src, from, to, j);
          else keepSpan(base + c, '', 0, 0);
        }
      }
    } else {
      const asIs = !store && !checkControls;
      for (let j = 0; j < width; j++) {
        if (asIs && to[j]! - from[j]! <= fineUpTo[j]!) continue;
        const field = fieldAt[j];
        if (field === undefined) continue;
        const s = src[j]!;
        let a = from[j]!;
        let b = to[j]!;
        // trimmed as String.prototype.trim does, without making a string (field-rules.ts)
        if (a < b) {
          let c = s.charCodeAt(a);
          if (c <= 32 || c >= 160) a = trimStartAt(s, a, b);
          if (a < b) {
            c = s.charCodeAt(b - 1);
            if (c <= 32 || c >= 160) b = trimEndAt(s, a, b);
          }
        }
        if (checkControls) {
          const at = controlCharacterAt(s, a, b);
          if (at >= 0) {
            report(controlProblem(row, field.name, s, from[j]!, to[j]!, at));
            if (store) keepSpan(base + colAt[j]!, s, a, b);
            continue;
          }
        }
        if (a === b) {
          if (store) keepSpan(base + colAt[j]!, s, a, a);
          if (field.required) {
            report(problem(row, field.name, s.slice(from[j], to[j]), field.requiredFailure));
          }
          continue;
        }
        // text within its length needs no call (the common case); anything else is checked
        if (b - a <= field.plainTextUpTo) {
          if (store) keepSpan(base + colAt[j]!, s, a, b);
          continue;
        }
        const r = field.checkSpan(s, a, b, store);
        if (r === undefined) {
          if (store) keepSpan(base + colAt[j]!, s, a, b);
        } else if (typeof r === 'string') {
          // a normal form of its own: kept without becoming the text later spans are tested on
          if (store) {
            cellText[base + colAt[j]!] = pkgTexts.push(r) - 1;
            cellFrom[base + colAt[j]!] = 0;
            cellTo[base + colAt[j]!] = r.length;
          }
        } else {
          report(problem(row, field.name, s.slice(from[j], to[j]), r));
          if (store) keepSpan(base + colAt[j]!, s, a, b);
        }
      }
      for (let e = 0; e < extCols.length; e++) {
        const c = extCols[e]!;
        const s = src[c.index]!;
        const a = trimStartAt(s, from[c.index]!, to[c.index]!);
        const b = trimEndAt(s, a, to[c.index]!);
        if (a === b) continue;
        const first = c.seen.firstRowOfSpan(s, a, b, row);
        if (first !== 0) report(duplicateProblem(row, c.name, s.slice(a, b), first));
      }
    }
    if (problemCount !== before) rowsInvalid++;
    if (store && ++colCount === packageSize) flushPackage();
  }

  function raggedMessage(count: number): string {
    return count < width
      ? `This row has ${plural(count, 'value')} but the header has ${plural(width, 'column')}. A comma may be missing, or a value with a line break is not in double quotes; fix the row so it has one value per column.`
      : `This row has ${plural(count, 'value')} but the header has ${plural(width, 'column')}. ${longRowAdvice}`;
  }

  function controlProblem(
    row: number,
    column: string,
    s: string,
    from: number,
    to: number,
    at: number,
  ): RowProblem {
    return {
      row,
      column,
      value: clipValue(showControlCharacters(s.slice(from, to))),
      code: 'control-character',
      message: controlCharacterMessage(column, s.charCodeAt(at), at - from + 1),
    };
  }

  function duplicateProblem(row: number, column: string, id: string, first: number): RowProblem {
    return {
      row,
      column,
      value: clipValue(id),
      code: 'duplicate-external-id',
      message: `${column} ${quoteForMessage(id)} is already used by row ${first}. Each row needs its own id: merge the two rows or give one of them another id.`,
    };
  }

  /** Hands the rows kept so far to the caller: column-oriented, or as one object per row. */
  function flushPackage(): void {
    if (colCount === 0) return;
    const count = colCount;
    colCount = 0;
    if (count < colRows.length) {
      // the last, shorter package: no stale rows past its end
      colRows.length = count;
      colProblems.length = count;
    }
    const ncols = columns.length;
    if (onColumnPackage !== undefined) {
      let values: string[] | undefined;
      onColumnPackage({
        index: packagesDelivered++,
        columns,
        count,
        rows: colRows,
        value: cellValue,
        get values(): readonly string[] {
          if (values === undefined) {
            values = [];
            for (let i = 0; i < count * ncols; i++) values.push(cellValue(i));
          }
          return values;
        },
        problems: colProblems,
      });
    } else if (onPackage !== undefined) {
      const rows: ValidatedRow[] = [];
      for (let k = 0; k < count; k++) {
        // cloning one template object gives every row the same shape (fast in V8)
        const values: Record<string, string> = { ...rowTemplate };
        for (let c = 0; c < ncols; c++) values[columns[c]!] = cellValue(k * ncols + c);
        rows.push({ row: colRows[k]!, values, problems: colProblems[k] ?? [] });
      }
      onPackage({ index: packagesDelivered++, rows });
    }
    // the package's chunks may go now (the one being read is pushed again by its next cell)
    pkgTexts.length = 0;
    lastText = undefined;
  }

  const scanner = createCsvSpanScanner(onRecord, { maxFieldBytes, maxRowBytes });
  const decoder = createUtf8Decoder(() => scanner.row, options.ascii);

  /** `asciiBytes`: the bytes `text` was made from, when the decoder says they are ASCII. */
  function feed(text: string, asciiBytes: Uint8Array | undefined): void {
    if (!checkControls && hasControlCharacter(text, asciiBytes)) checkControls = true;
    if (text.length > 0) scanner.write(text);
    if (scanner.failure !== undefined && fileError === undefined) {
      fileError = scanProblem(scanner.failure, maxFieldBytes, maxRowBytes);
    }
  }

  function summary(): CsvValidationSummary {
    const warnings = [...(map?.warnings ?? [])];
    if (blankRows > 0) {
      warnings.push(
        `${plural(blankRows, 'empty row')} (no values at all) ${blankRows === 1 ? 'was' : 'were'} skipped.`,
      );
    }
    if (fileError === undefined && header !== undefined && rowsTotal === 0) {
      warnings.push('The file has a header row but no data rows.');
    }
    const packages =
      fileError === undefined ? Math.ceil(rowsTotal / packageSize) : packagesDelivered;
    const result: CsvValidationSummary = {
      valid: fileError === undefined && rowsInvalid === 0,
      rowsTotal,
      rowsValid: rowsTotal - rowsInvalid,
      rowsInvalid,
      packages,
      errors,
      problemCount,
      warnings,
      header: header ?? [],
      unknownColumns: map?.unknownColumns ?? [],
    };
    if (fileError !== undefined) result.fileError = fileError;
    return result;
  }

  return {
    push(chunk: Uint8Array): void {
      // Decode in slices of at most 64 KiB: the strings then stay small enough for V8's young
      // generation and die young, instead of piling up as large objects until a full GC.
      for (
        let at = 0;
        at < chunk.length && fileError === undefined && done === undefined;
        at += sliceBytes
      ) {
        const text = decoder.push(
          at === 0 && chunk.length <= sliceBytes ? chunk : chunk.subarray(at, at + sliceBytes),
        );
        if (typeof text !== 'string') {
          fileError = { code: 'not-utf8', message: text.message };
          return;
        }
        feed(text, decoder.lastAsciiBytes);
      }
    },
    end(): CsvValidationSummary {
      if (done !== undefined) return done;
      if (fileError === undefined) {
        const text = decoder.end();
        if (typeof text !== 'string') fileError = { code: 'not-utf8', message: text.message };
        else {
          feed(text, undefined);
          if (fileError === undefined) {
            scanner.end();
            feed('', undefined);
          }
        }
      }
      if (fileError === undefined && header === undefined) {
        fileError = {
          code: 'empty-file',
          message: `The file is empty. It needs a header row with the ${schema.object} template's column names (${schema.fields.map((f) => f.name).join(', ')}) and then one row per record.`,
        };
      }
      if (fileError === undefined) flushPackage();
      done = summary();
      return done;
    },
    get failed(): boolean {
      return fileError !== undefined;
    },
    get rowsSoFar(): number {
      return rowsTotal;
    },
  };
};
