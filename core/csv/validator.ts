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
  trimValue,
  type CompiledField,
  type FieldFailure,
} from '../schema/field-rules.ts';
import type { ObjectSchema } from '../schema/object-schema.ts';
import { createFirstSeenIndex, type FirstSeenIndex } from '../util/first-seen-index.ts';
import { clipValue, detachString, plural, quoteForMessage } from '../util/text.ts';
import { createUtf8Decoder } from './decode.ts';
import { mapHeader, type HeaderMap } from './header.ts';
import { createCsvScanner, type ScanFailure } from './scanner.ts';
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
  let names: (string | null)[] = [];
  let width = 0;
  let rowTemplate: Record<string, string> = {};
  /** The compiled field read from each header position (undefined: ignored column). */
  let fieldAt: (CompiledField | undefined)[] = [];
  let extCols: { index: number; name: string; seen: FirstSeenIndex }[] = [];
  /** Column-oriented packages: the column each header position fills (-1: ignored). */
  let columns: string[] = [];
  let colAt: number[] = [];
  const colRows: number[] = [];
  const colValues: string[] = [];
  const colProblems: (RowProblem[] | undefined)[] = [];
  let colCount = 0;

  let fileError: FileProblem | undefined;
  let rowsTotal = 0;
  let rowsInvalid = 0;
  let blankRows = 0;
  let problemCount = 0;
  const errors: RowProblem[] = [];
  let packageRows: ValidatedRow[] = [];
  let packagesDelivered = 0;
  let done: CsvValidationSummary | undefined;

  function report(p: RowProblem, rowProblems: RowProblem[] | undefined): void {
    problemCount++;
    if (errors.length < maxReported) errors.push(p);
    if (rowProblems) rowProblems.push(p);
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
    names = map.names;
    width = count;
    fieldAt = names.map((name) =>
      name === null ? undefined : (compiled.byKey.get(name.toLowerCase()) ?? reservedField(name)),
    );
    rowTemplate = {};
    for (const name of names) if (name !== null) rowTemplate[name] = '';
    columns = [];
    colAt = names.map((name) => (name === null ? -1 : columns.push(name) - 1));
    extCols = map.externalIdColumns.map((c) => ({ ...c, seen: createFirstSeenIndex() }));
  }

  function isBlank(fields: string[], count: number): boolean {
    for (let j = 0; j < count; j++) {
      const v = fields[j]!;
      if (v.length > 0 && v.trim().length > 0) return false;
    }
    return true;
  }

  // eslint-disable-next-line complexity -- the per-row hot path, kept in one function for speed
  function onRecord(fields: string[], count: number, row: number): void {
    if (fileError !== undefined) return;
    if (header === undefined) {
      onHeader(fields, count);
      return;
    }
    // A row with no values at all (a blank line, or only commas) is skipped, not imported.
    const f0 = fields[0]!;
    if (f0.length === 0 || f0.charCodeAt(0) <= 32) {
      if (isBlank(fields, count)) {
        blankRows++;
        return;
      }
    }
    rowsTotal++;
    if (onColumnPackage !== undefined) {
      onColumnRecord(fields, count, row);
      return;
    }
    const build = onPackage !== undefined;
    // Cloning one template object gives every row the same shape (fast in V8).
    const values: Record<string, string> | undefined = build ? { ...rowTemplate } : undefined;
    const rowProblems: RowProblem[] | undefined = build ? [] : undefined;
    const before = problemCount;

    if (count !== width && (count < width || !isBlank(fields.slice(width, count), count - width))) {
      const msg = raggedMessage(count);
      report({ row, column: '', value: '', code: 'ragged-row', message: msg }, rowProblems);
      if (values) {
        const n = Math.min(count, width);
        for (let j = 0; j < n; j++) {
          const name = names[j];
          if (name != null) values[name] = fields[j]!.trim();
        }
      }
    } else {
      for (let j = 0; j < width; j++) {
        const field = fieldAt[j];
        if (field === undefined) continue;
        const raw = fields[j]!;
        const v = trimValue(raw);
        const name = field.name;
        if (v.length === 0) {
          if (field.required) report(problem(row, name, raw, field.requiredFailure), rowProblems);
          else if (values) values[name] = v;
          continue;
        }
        // text within its length needs no call (the common case); anything else is checked
        if (v.length <= field.plainTextUpTo) {
          if (values) values[name] = v;
          continue;
        }
        const r = field.checkPresent(v);
        if (typeof r === 'string') {
          if (values) values[name] = r;
        } else {
          report(problem(row, name, raw, r), rowProblems);
          if (values) values[name] = v;
        }
      }
      for (let k = 0; k < extCols.length; k++) {
        const c = extCols[k]!;
        const id = fields[c.index]!.trim();
        if (id.length === 0) continue;
        const first = c.seen.firstRowOf(id, row);
        if (first !== 0) {
          report(duplicateProblem(row, c.name, id, first), rowProblems);
        }
      }
    }
    if (problemCount !== before) rowsInvalid++;
    if (build) {
      packageRows.push({ row, values: values!, problems: rowProblems! });
      if (packageRows.length === packageSize) flushPackage();
    }
  }

  function raggedMessage(count: number): string {
    return count < width
      ? `This row has ${plural(count, 'value')} but the header has ${plural(width, 'column')}. A comma may be missing, or a value with a line break is not in double quotes; fix the row so it has one value per column.`
      : `This row has ${plural(count, 'value')} but the header has ${plural(width, 'column')}. A value probably contains a comma without double quotes around it; put such values in quotes ("Smith, John").`;
  }

  /** One problem of row `row` into the summary and the row's own list (created on the first). */
  function reportCol(p: RowProblem, k: number): void {
    problemCount++;
    if (errors.length < maxReported) errors.push(p);
    const list = colProblems[k];
    if (list === undefined) colProblems[k] = [p];
    else list.push(p);
  }

  /** The row loop for column-oriented packages: values go straight into the shared array. */
  // eslint-disable-next-line complexity -- the per-row hot path, kept in one function for speed
  function onColumnRecord(fields: string[], count: number, row: number): void {
    const k = colCount++;
    const ncols = columns.length;
    const base = k * ncols;
    const vals = colValues;
    colRows[k] = row;
    colProblems[k] = undefined;
    if (count !== width && (count < width || !isBlank(fields.slice(width, count), count - width))) {
      reportCol(
        { row, column: '', value: '', code: 'ragged-row', message: raggedMessage(count) },
        k,
      );
      for (let j = 0; j < width; j++) {
        const c = colAt[j]!;
        if (c >= 0) vals[base + c] = j < count ? fields[j]!.trim() : '';
      }
    } else {
      for (let j = 0; j < width; j++) {
        const field = fieldAt[j];
        if (field === undefined) continue;
        const at = base + colAt[j]!;
        const raw = fields[j]!;
        const v = trimValue(raw);
        if (v.length === 0) {
          vals[at] = '';
          if (field.required) reportCol(problem(row, field.name, raw, field.requiredFailure), k);
          continue;
        }
        if (v.length <= field.plainTextUpTo) {
          vals[at] = v;
          continue;
        }
        const r = field.checkPresent(v);
        if (typeof r === 'string') vals[at] = r;
        else {
          reportCol(problem(row, field.name, raw, r), k);
          vals[at] = v;
        }
      }
      for (let e = 0; e < extCols.length; e++) {
        const c = extCols[e]!;
        const id = fields[c.index]!.trim();
        if (id.length === 0) continue;
        const first = c.seen.firstRowOf(id, row);
        if (first !== 0) reportCol(duplicateProblem(row, c.name, id, first), k);
      }
    }
    if (colProblems[k] !== undefined) rowsInvalid++;
    if (colCount === packageSize) flushColumnPackage();
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

  function flushColumnPackage(): void {
    if (colCount === 0 || onColumnPackage === undefined) return;
    const count = colCount;
    colCount = 0;
    if (count < colRows.length) {
      // the last, shorter package: no stale rows past its end
      colRows.length = count;
      colProblems.length = count;
      colValues.length = count * columns.length;
    }
    onColumnPackage({
      index: packagesDelivered++,
      columns,
      count,
      rows: colRows,
      values: colValues,
      problems: colProblems,
    });
  }

  function flushPackage(): void {
    if (onColumnPackage !== undefined) return flushColumnPackage();
    if (packageRows.length === 0 || onPackage === undefined) return;
    const rows = packageRows;
    packageRows = [];
    onPackage({ index: packagesDelivered++, rows });
  }

  const scanner = createCsvScanner(onRecord, { maxFieldBytes, maxRowBytes });
  const decoder = createUtf8Decoder(() => scanner.row);

  function feed(text: string): void {
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
        feed(text);
      }
    },
    end(): CsvValidationSummary {
      if (done !== undefined) return done;
      if (fileError === undefined) {
        const text = decoder.end();
        if (typeof text !== 'string') fileError = { code: 'not-utf8', message: text.message };
        else {
          feed(text);
          if (fileError === undefined) {
            scanner.end();
            feed('');
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
  };
};
