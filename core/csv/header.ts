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

/** Maps a header row onto a compiled schema, or says which file error it causes. */
// eslint-disable-next-line complexity -- one pass over the header with its file errors
export function mapHeader(
  cells: readonly string[],
  schema: CompiledSchema,
  options: {
    externalIdColumn?: CsvValidatorOptions['externalIdColumn'];
    columnsOnly: boolean;
    requiredColumnAnyOf?: readonly string[];
  },
): { ok: true; map: HeaderMap } | { ok: false; problem: FileProblem } {
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
  const reserved = new Map<string, string>();
  for (const r of reservedFor(options.externalIdColumn)) reserved.set(r.toLowerCase(), r);

  const names: (string | null)[] = [];
  const checks: (FieldChecker | null)[] = [];
  const seen = new Map<string, number>();
  const unknownColumns: string[] = [];
  const unnamed: string[] = [];
  const seenFields = new Set<CompiledField>();
  const externalIdColumns: { index: number; name: string }[] = [];

  for (let j = 0; j < cells.length; j++) {
    const label = trimValue(cells[j]!);
    const key = label.toLowerCase();
    const field = schema.byKey.get(key);
    const reservedName = field === undefined ? reserved.get(key) : undefined;
    const name = field?.name ?? reservedName;
    if (label === '') {
      unnamed.push(columnLetter(j));
    } else if (name === undefined) {
      unknownColumns.push(label);
    } else {
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        return {
          ok: false,
          problem: {
            code: 'duplicate-column',
            message: `The column ${quoteForMessage(name)} appears twice (columns ${columnLetter(earlier)} and ${columnLetter(j)}). Remove or rename one of them so each column appears once.`,
          },
        };
      }
      seen.set(key, j);
    }
    if (name === undefined || label === '') {
      names.push(null);
      checks.push(null);
      continue;
    }
    names.push(name);
    checks.push(field?.check ?? trimValue);
    if (field) seenFields.add(field);
    if (
      externalIds.includes(name) &&
      (options.externalIdColumn === undefined || options.externalIdColumn === name)
    ) {
      externalIdColumns.push({ index: j, name });
    }
  }

  const missingRequired = schema.fields
    .filter((f) => f.required && !seenFields.has(f))
    .map((f) => f.name);
  if (missingRequired.length > 0) {
    const what =
      missingRequired.length === 1
        ? `no ${quoteForMessage(missingRequired[0]!)} column, which`
        : `no ${listInWords(missingRequired.map((m) => quoteForMessage(m)))} columns, which`;
    return {
      ok: false,
      problem: {
        code: 'missing-column',
        message: `The file has ${what} the ${schema.object} template requires. Add ${missingRequired.length === 1 ? 'it' : 'them'} to the header row (row 1). The template's columns are: ${templateColumns}.`,
      },
    };
  }
  const anyOf = options.requiredColumnAnyOf;
  if (anyOf && anyOf.length > 0) {
    const present = new Set(cells.map((c) => trimValue(c).toLowerCase()));
    if (!anyOf.some((a) => present.has(a.toLowerCase()))) {
      return {
        ok: false,
        problem: {
          code: 'missing-required-column-any-of',
          message: `The file needs a column named one of: ${anyOf.join(', ')}. Add one to the header row (row 1).`,
        },
      };
    }
  }

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
  if (options.columnsOnly) {
    const missing = schema.fields
      .filter((f) => !f.required && !seenFields.has(f))
      .map((f) => f.name);
    if (missing.length > 0) {
      warnings.push(
        `The template has ${missing.length === 1 ? 'a column' : 'columns'} the file lacks: ${missing.join(', ')}. If the platform requires ${missing.length === 1 ? 'it' : 'any of them'}, the import will fail there.`,
      );
    }
  }
  return { ok: true, map: { names, checks, externalIdColumns, unknownColumns, warnings } };
}
