/**
 * The header row of an import CSV mapped onto a template (contract §3, §5.2): which column feeds
 * which field, reserved columns, unknown columns (warnings), and the file errors a header can
 * cause (missing required column, duplicate column, no header). std.
 */
import {
  trimValue,
  type CompiledField,
  type CompiledSchema,
  type FieldChecker,
} from '../schema/field-rules/index.ts';
import { reservedColumns } from '../schema/object-schema.ts';
import { columnLetter, listInWords, quoteForMessage } from '../util/text.ts';
import type { CsvValidatorOptions, FileProblem } from './types.ts';

/** How each header position is read. `null` entries are ignored columns. */
export type HeaderMap = {
  /** Canonical field name per header position, or null when ignored. */
  names: (string | null)[];
  /** Checker per header position, or null when ignored. */
  checks: (FieldChecker | null)[];
  /** Header positions of the external-id columns whose values must be unique in the file. */
  externalIdColumns: { index: number; name: string }[];
  unknownColumns: string[];
  warnings: string[];
};

/** Reserved columns that apply to a mode (contract §3); all of them when the mode is unknown. */
export function reservedFor(externalIdColumn: CsvValidatorOptions['externalIdColumn']): string[] {
  if (externalIdColumn === 'ExternalLeadId') {
    return [reservedColumns.externalLeadId, reservedColumns.externalPinId];
  }
  if (externalIdColumn === 'ExternalDataObjectId') {
    return [
      reservedColumns.externalDataObjectId,
      reservedColumns.externalPinId,
      reservedColumns.relatedTo,
    ];
  }
  return Object.values(reservedColumns);
}

const externalIds: readonly string[] = [
  reservedColumns.externalLeadId,
  reservedColumns.externalDataObjectId,
];

type HeaderOptions = {
  externalIdColumn?: CsvValidatorOptions['externalIdColumn'];
  columnsOnly: boolean;
  requiredColumnAnyOf?: readonly string[];
};

type HeaderProblem = { ok: false; problem: FileProblem };

/** The header's columns, read left to right (before the checks on the whole header). */
type ReadColumns = {
  names: (string | null)[];
  checks: (FieldChecker | null)[];
  unknownColumns: string[];
  /** Letters of the columns without a name. */
  unnamed: string[];
  seenFields: Set<CompiledField>;
  externalIdColumns: { index: number; name: string }[];
};

/** Maps a header row onto a compiled schema, or says which file error it causes. */
export function mapHeader(
  cells: readonly string[],
  schema: CompiledSchema,
  options: HeaderOptions,
): { ok: true; map: HeaderMap } | HeaderProblem {
  const templateColumns = schema.fields.map((f) => f.name).join(', ');
  if (cells.every((c) => trimValue(c) === '')) {
    return {
      ok: false,
      problem: {
        code: 'no-header',
        message: `The first row is empty. It must be the header row with the column names of the ${schema.object} template: ${templateColumns}.`,
      },
    };
  }
  const columns = readColumns(cells, schema, options.externalIdColumn);
  if ('problem' in columns) return columns;
  const missing =
    missingRequiredProblem(schema, columns.seenFields, templateColumns) ??
    missingAnyOfProblem(cells, options.requiredColumnAnyOf);
  if (missing) return { ok: false, problem: missing };
  const { names, checks, externalIdColumns, unknownColumns } = columns;
  const warnings = headerWarnings(schema, columns, options.columnsOnly);
  return { ok: true, map: { names, checks, externalIdColumns, unknownColumns, warnings } };
}

/** Each header cell matched to a template field or reserved column; a duplicate column stops it. */
function readColumns(
  cells: readonly string[],
  schema: CompiledSchema,
  externalIdColumn: HeaderOptions['externalIdColumn'],
): ReadColumns | HeaderProblem {
  const reserved = new Map<string, string>();
  for (const r of reservedFor(externalIdColumn)) reserved.set(r.toLowerCase(), r);

  const read: ReadColumns = {
    names: [],
    checks: [],
    unknownColumns: [],
    unnamed: [],
    seenFields: new Set<CompiledField>(),
    externalIdColumns: [],
  };
  const seen = new Map<string, number>();

  for (let j = 0; j < cells.length; j++) {
    const label = trimValue(cells[j]!);
    const key = label.toLowerCase();
    const { field, name } = matchColumn(key, schema, reserved);
    if (label === '') {
      read.unnamed.push(columnLetter(j));
    } else if (name === undefined) {
      read.unknownColumns.push(label);
    } else {
      const earlier = seen.get(key);
      if (earlier !== undefined) return duplicateColumnProblem(name, earlier, j);
      seen.set(key, j);
    }
    if (name === undefined || label === '') {
      read.names.push(null);
      read.checks.push(null);
      continue;
    }
    read.names.push(name);
    read.checks.push(field?.check ?? trimValue);
    if (field) read.seenFields.add(field);
    if (isUniqueExternalId(name, externalIdColumn)) read.externalIdColumns.push({ index: j, name });
  }
  return read;
}

/** The template field a (lower-cased) header label names, else the reserved column it names. */
function matchColumn(
  key: string,
  schema: CompiledSchema,
  reserved: ReadonlyMap<string, string>,
): { field?: CompiledField; name?: string } {
  const field = schema.byKey.get(key);
  if (field) return { field, name: field.name };
  return { name: reserved.get(key) };
}

/** An external-id column whose values must be unique: any of them when the mode is unknown. */
function isUniqueExternalId(
  name: string,
  externalIdColumn: HeaderOptions['externalIdColumn'],
): boolean {
  return (
    externalIds.includes(name) && (externalIdColumn === undefined || externalIdColumn === name)
  );
}

function duplicateColumnProblem(name: string, earlier: number, later: number): HeaderProblem {
  return {
    ok: false,
    problem: {
      code: 'duplicate-column',
      message: `The column ${quoteForMessage(name)} appears twice (columns ${columnLetter(earlier)} and ${columnLetter(later)}). Remove or rename one of them so each column appears once.`,
    },
  };
}

/** The file error for required template columns the header lacks. */
function missingRequiredProblem(
  schema: CompiledSchema,
  seenFields: ReadonlySet<CompiledField>,
  templateColumns: string,
): FileProblem | undefined {
  const missingRequired = schema.fields
    .filter((f) => f.required && !seenFields.has(f))
    .map((f) => f.name);
  if (missingRequired.length === 0) return undefined;
  const what =
    missingRequired.length === 1
      ? `no ${quoteForMessage(missingRequired[0]!)} column, which`
      : `no ${listInWords(missingRequired.map((m) => quoteForMessage(m)))} columns, which`;
  return {
    code: 'missing-column',
    message: `The file has ${what} the ${schema.object} template requires. Add ${missingRequired.length === 1 ? 'it' : 'them'} to the header row (row 1). The template's columns are: ${templateColumns}.`,
  };
}

/** The file error when none of the columns of which one is required is present. */
function missingAnyOfProblem(
  cells: readonly string[],
  anyOf: readonly string[] | undefined,
): FileProblem | undefined {
  if (!anyOf || anyOf.length === 0) return undefined;
  const present = new Set(cells.map((c) => trimValue(c).toLowerCase()));
  if (anyOf.some((a) => present.has(a.toLowerCase()))) return undefined;
  return {
    code: 'missing-required-column-any-of',
    message: `The file needs a column named one of: ${anyOf.join(', ')}. Add one to the header row (row 1).`,
  };
}

/** Warnings: unknown and unnamed columns, and (columns-only checks) optional columns not in the file. */
function headerWarnings(
  schema: CompiledSchema,
  columns: ReadColumns,
  columnsOnly: boolean,
): string[] {
  const { unknownColumns, unnamed, seenFields } = columns;
  const warnings: string[] = [];
  if (unknownColumns.length === 1) {
    warnings.push(
      `The column ${quoteForMessage(unknownColumns[0]!)} is not in the ${schema.object} template and is ignored. Rename it to a template column if it should be imported.`,
    );
  } else if (unknownColumns.length > 1) {
    warnings.push(
      `These columns are not in the ${schema.object} template and are ignored: ${unknownColumns.join(', ')}. Rename them to template columns if they should be imported.`,
    );
  }
  if (unnamed.length > 0) {
    warnings.push(
      `${unnamed.length === 1 ? `Column ${unnamed[0]!} has` : `Columns ${listInWords(unnamed)} have`} no name in the header row; ${unnamed.length === 1 ? 'its' : 'their'} values are ignored.`,
    );
  }
  if (columnsOnly) {
    const missing = schema.fields
      .filter((f) => !f.required && !seenFields.has(f))
      .map((f) => f.name);
    if (missing.length > 0) {
      warnings.push(
        `The template has ${missing.length === 1 ? 'a column' : 'columns'} the file lacks: ${missing.join(', ')}. If the platform requires ${missing.length === 1 ? 'it' : 'any of them'}, the import will fail there.`,
      );
    }
  }
  return warnings;
}
