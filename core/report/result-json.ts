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
