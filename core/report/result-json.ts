/**
 * The `<file>.result.json` every processed file gets (contract §5.7, §5.8): a pure builder, a
 * ZIP's result listing each entry, and a zod parser for the app, which fetches and shows it. std.
 */
import { z } from 'zod';
import type { FileProblem, RowProblem } from '../csv/types.ts';

/** Errors kept in a result (contract §5.7: the first 1,000). */
export const maxResultErrors = 1_000;

export const ResultError = z.object({
  row: z.number().int().nonnegative(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
  /** For a ZIP's top-level list: which entry the row is in. */
  entry: z.string().optional(),
});
export type ResultError = z.infer<typeof ResultError>;

/** Territories listed in a result (the counts stay exact beyond it). */
export const maxResultTerritories = 10_000;

/**
 * One imported territory (an extra of this emulator, optional for other platforms): whether its
 * Placemark created a territory or updated the one of the same name (contract §6).
 */
export const TerritoryChange = z.object({
  name: z.string(),
  level: z.number().int().positive(),
  action: z.enum(['created', 'updated']),
  /** For a ZIP's top-level list: which entry the territory is in. */
  entry: z.string().optional(),
});
export type TerritoryChange = z.infer<typeof TerritoryChange>;

const resultShape = {
  status: z.enum(['success', 'failed']),
  file: z.string(),
  object: z.string(),
  rowsTotal: z.number().int().nonnegative(),
  rowsImported: z.number().int().nonnegative(),
  rowsFailed: z.number().int().nonnegative(),
  packages: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  errors: z.array(ResultError),
  startedAt: z.string(),
  finishedAt: z.string(),
  fileError: z.object({ code: z.string(), message: z.string() }).optional(),
  // Extras beyond contract §5.7 (territory files of this emulator): optional, so results of
  // other platforms parse unchanged.
  /** Territories created / updated by the file (exact counts). */
  territoriesCreated: z.number().int().nonnegative().optional(),
  territoriesUpdated: z.number().int().nonnegative().optional(),
  /** Each imported territory in file order, the first {@link maxResultTerritories}. */
  territories: z.array(TerritoryChange).optional(),
};

/** One entry of a ZIP (no nested entries). */
export const EntryResult = z.object(resultShape);
export type EntryResult = z.infer<typeof EntryResult>;

/** `<file>.result.json`. */
export const ImportResult = z.object({ ...resultShape, entries: z.array(EntryResult).optional() });
export type ImportResult = z.infer<typeof ImportResult>;

/** What the processor knows when a file is done. */
export type ResultInput = {
  file: string;
  object: string;
  rowsTotal: number;
  /** Rows stored; the rest failed. */
  rowsImported: number;
  packages: number;
  warnings?: readonly string[];
  /** Every row problem in file order (only the first 1,000 are kept). */
  problems?: Iterable<RowProblem | ResultError>;
  fileError?: FileProblem | { code: string; message: string };
  /** Territory files: what each imported Placemark did (only the first 10,000 are listed). */
  territories?: Iterable<TerritoryChange>;
  startedAt: Date | string;
  finishedAt: Date | string;
};

const iso = (t: Date | string): string => (typeof t === 'string' ? t : t.toISOString());

function firstErrors(problems: Iterable<RowProblem | ResultError> | undefined): ResultError[] {
  const out: ResultError[] = [];
  if (!problems) return out;
  for (const p of problems) {
    if (out.length >= maxResultErrors) break;
    const e: ResultError = { row: p.row, column: p.column, value: p.value, message: p.message };
    if ('entry' in p && typeof p.entry === 'string') e.entry = p.entry;
    out.push(e);
  }
  return out;
}

/** Exact counts and the first listed territories. */
function territoryFields(
  changes: Iterable<TerritoryChange>,
): Pick<ImportResult, 'territoriesCreated' | 'territoriesUpdated' | 'territories'> {
  const listed: TerritoryChange[] = [];
  let created = 0;
  let updated = 0;
  for (const c of changes) {
    if (c.action === 'created') created++;
    else updated++;
    if (listed.length < maxResultTerritories) listed.push({ ...c });
  }
  return { territoriesCreated: created, territoriesUpdated: updated, territories: listed };
}

/**
 * Builds a file's result. `failed` when a file-level error happened or any row failed (contract
 * §5.7: then the file goes to `Failed/`).
 */
export function buildImportResult(input: ResultInput): ImportResult {
  const rowsFailed = Math.max(0, input.rowsTotal - input.rowsImported);
  const result: ImportResult = {
    status: input.fileError !== undefined || rowsFailed > 0 ? 'failed' : 'success',
    file: input.file,
    object: input.object,
    rowsTotal: input.rowsTotal,
    rowsImported: input.rowsImported,
    rowsFailed,
    packages: input.packages,
    warnings: [...(input.warnings ?? [])],
    errors: firstErrors(input.problems),
    startedAt: iso(input.startedAt),
    finishedAt: iso(input.finishedAt),
  };
  if (input.fileError !== undefined) {
    result.fileError = { code: input.fileError.code, message: input.fileError.message };
  }
  if (input.territories !== undefined) Object.assign(result, territoryFields(input.territories));
  return result;
}

/**
 * A ZIP's result (contract §5.8): totals over its entries, each entry's own result in `entries`,
 * warnings prefixed with the entry's name, and the first 1,000 errors over all entries (each with
 * its `entry`). `failed` when any entry failed or the ZIP itself could not be read (`fileError`).
 */
export function buildZipResult(input: {
  file: string;
  entries: readonly ImportResult[];
  startedAt: Date | string;
  finishedAt: Date | string;
  fileError?: { code: string; message: string };
  warnings?: readonly string[];
}): ImportResult {
  const entries: EntryResult[] = input.entries.map(({ entries: _nested, ...e }) => e);
  const sum = (k: 'rowsTotal' | 'rowsImported' | 'packages'): number =>
    entries.reduce((n, e) => n + e[k], 0);
  const objects = [...new Set(entries.map((e) => e.object).filter((o) => o !== ''))];
  const rowsTotal = sum('rowsTotal');
  const rowsImported = sum('rowsImported');
  const result: ImportResult = {
    status:
      input.fileError !== undefined ||
      entries.some((e) => e.status === 'failed') ||
      rowsImported < rowsTotal
        ? 'failed'
        : 'success',
    file: input.file,
    object: objects.join(', '),
    rowsTotal,
    rowsImported,
    rowsFailed: rowsTotal - rowsImported,
    packages: sum('packages'),
    warnings: [
      ...(input.warnings ?? []),
      ...entries.flatMap((e) => e.warnings.map((w) => `${e.file}: ${w}`)),
    ],
    errors: firstErrors(entries.flatMap((e) => e.errors.map((x) => ({ ...x, entry: e.file })))),
    startedAt: iso(input.startedAt),
    finishedAt: iso(input.finishedAt),
    entries,
  };
  if (input.fileError !== undefined) result.fileError = { ...input.fileError };
  const kml = entries.filter((e) => e.territories !== undefined);
  if (kml.length > 0) {
    const fields = territoryFields(
      kml.flatMap((e) => (e.territories ?? []).map((t) => ({ ...t, entry: e.file }))),
    );
    // The counts stay exact when an entry's own list was cut.
    fields.territoriesCreated = kml.reduce((n, e) => n + (e.territoriesCreated ?? 0), 0);
    fields.territoriesUpdated = kml.reduce((n, e) => n + (e.territoriesUpdated ?? 0), 0);
    Object.assign(result, fields);
  }
  return result;
}

/** The file's text: pretty JSON with a final newline. */
export function formatImportResult(result: ImportResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

/** Reads a fetched `result.json`, or says what is wrong with it. */
export function parseImportResult(
  text: string,
): { ok: true; value: ImportResult } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The result file is not valid JSON.' };
  }
  const parsed = ImportResult.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  return {
    ok: false,
    message: `The result file is not in the expected shape${first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''}: ${first?.message ?? 'unknown problem'}.`,
  };
}
