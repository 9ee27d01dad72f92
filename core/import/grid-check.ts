/**
 * Re-checking rows of the grid (issue 12 §4) with the validator itself: the header and the rows
 * go through `createCsvValidator` as a small file, so every rule (types, required, lengths,
 * control characters, ragged rows) is the one `validate`, the check before upload and the
 * platform apply — nothing is copied. Duplicate ids span rows and are the model's (grid-ids.ts):
 * they are left out here. Also: a record's text back into its values. std.
 */
import { createCsvScanner } from '../csv/scanner.ts';
import type { RowProblem } from '../csv/types.ts';
import { createCsvValidator, csvDefaults } from '../csv/validator.ts';
import type { ObjectSchema } from '../schema/object-schema.ts';

/** The rules a file was checked with (as the wizard's check: core/csv/types.ts options). */
export type GridRules = {
  schema: ObjectSchema;
  mode?: 'full' | 'columns-only';
  externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
  requiredColumnAnyOf?: readonly string[];
};

/** A row's problems, or `blank` when it holds no value at all (the platform skips it). */
export type RowVerdict = { blank: boolean; problems: RowProblem[] };

const encoder = new TextEncoder();

/** A record's text with a line break at its end. */
export function terminated(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last === 10 || last === 13 ? text : text + '\r\n';
}

/** The validator's options for `rules` (shared with the first check of the whole file). */
export function validatorOptions(rules: GridRules) {
  return {
    mode: rules.mode ?? 'full',
    ...(rules.externalIdColumn ? { externalIdColumn: rules.externalIdColumn } : {}),
    ...(rules.requiredColumnAnyOf ? { requiredColumnAnyOf: rules.requiredColumnAnyOf } : {}),
  };
}

/**
 * Checks `records` (each one CSV record's text) under `header` (the file's header record).
 * Problems carry the row number each record has in the file when `lines` gives it.
 */
export function checkRecords(
  rules: GridRules,
  header: string,
  records: readonly string[],
  lines?: readonly number[],
): RowVerdict[] {
  const out: RowVerdict[] = records.map(() => ({ blank: true, problems: [] }));
  const validator = createCsvValidator(rules.schema, {
    ...validatorOptions(rules),
    maxReportedProblems: 0,
    onColumnPackage: (pkg) => {
      for (let k = 0; k < pkg.count; k++) {
        const i = pkg.rows[k]! - 2;
        const line = lines?.[i];
        const found = (pkg.problems[k] ?? []).filter((p) => p.code !== 'duplicate-external-id');
        out[i] = {
          blank: false,
          problems: line === undefined ? found : found.map((p) => ({ ...p, row: line })),
        };
      }
    },
  });
  // a few MiB at a time: find-and-replace may re-check a million rows
  let text = terminated(header);
  const flush = () => {
    validator.push(encoder.encode(text));
    text = '';
  };
  for (const r of records) {
    text += terminated(r);
    if (text.length >= 4 * csvDefaults.maxFieldBytes) flush();
  }
  flush();
  const summary = validator.end();
  if (summary.fileError) {
    // The header passed the file's first check, so only a record can cause this (a value over
    // the size limit): say so on every row rather than pass them.
    const p: RowProblem = {
      row: 0,
      column: '',
      value: '',
      code: 'field-too-large',
      message: summary.fileError.message,
    };
    return records.map((_, i) => ({ blank: false, problems: [{ ...p, row: lines?.[i] ?? 0 }] }));
  }
  return out;
}

/** The values of each record (quotes removed, `""` as `"`), as the validator reads them. */
export function recordValues(records: readonly string[]): string[][] {
  const out: string[][] = [];
  const scanner = createCsvScanner((fields, count) => void out.push(fields.slice(0, count)), {
    maxFieldBytes: Number.MAX_SAFE_INTEGER,
    maxRowBytes: Number.MAX_SAFE_INTEGER,
  });
  for (const r of records) scanner.write(terminated(r));
  scanner.end();
  return out;
}
