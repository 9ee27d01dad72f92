/**
 * `sftp-import validate FILE.csv --schema FILE.schema.json [--json]` (contract §8): checks a CSV
 * against a template with the same rules the platform applies, streaming the file from disk in
 * 1 MiB chunks. `--schema` may also be a header-only `.csv` template (then columns are checked,
 * not types, contract §3). Exit 0 valid, 1 invalid or a file error, 2 usage. node.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createCsvScanner } from '../core/csv/scanner.ts';
import type { CsvValidationSummary, ValidationMode } from '../core/csv/types.ts';
import { createCsvValidator } from '../core/csv/validator.ts';
import {
  parseObjectSchema,
  schemaFromHeader,
  type ObjectSchema,
} from '../core/schema/object-schema.ts';
import { plural, quoteForMessage } from '../core/util/text.ts';
import { describeSeparatorProblem } from '../core/import/explain.ts';
import { inspectHead, type Inspection } from '../core/import/inspect.ts';
import {
  columnSuggestions,
  matchColumns,
  templateColumns,
  type ColumnMatch,
} from '../core/import/match-columns.ts';
import { nodeAsciiDecoding } from '../engine/ascii-decoding.ts';
import { type CliIo, commandInput } from './cli-io.ts';

const usage = `Usage: sftp-import validate FILE.csv --schema FILE.schema.json [--json]

Checks FILE.csv against a template before you upload it, with the platform's own rules.
  --schema PATH   the template: <Object>.schema.json (all checks), or the header-only
                  <Object>.csv template from the platform's web page (columns only)
  --json          print {valid, rowsTotal, rowsValid, rowsInvalid, packages, errors, warnings,
                  detected, columnSuggestions}
Exit codes: 0 valid, 1 the file has problems, 2 usage error.`;

type Args = { file: string; schema: string; json: boolean } | { help: true } | { error: string };

/** Parses the command's arguments (after `validate`). */
export function parseValidateArgs(args: readonly string[]): Args {
  let file: string | undefined;
  let schema: string | undefined;
  let json = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--json') json = true;
    else if (a === '--schema' || a.startsWith('--schema=')) {
      const v = schemaFlag(args, k);
      if ('error' in v) return v;
      if (schema !== undefined) return { error: '--schema is given twice; give one template.' };
      schema = v.value;
      k += v.used - 1;
    } else if (a.startsWith('-') && a !== '-') return { error: `Unknown option "${a}".` };
    else if (file !== undefined) {
      return { error: `Give one CSV file to check (got "${file}" and "${a}").` };
    } else file = a;
  }
  if (file === undefined) return { error: 'No CSV file given.' };
  if (schema === undefined) {
    return { error: 'No template given: add --schema FILE.schema.json (or the template .csv).' };
  }
  return { file, schema, json };
}

/** The path of `--schema PATH` or `--schema=PATH` at `args[k]`, and how many arguments it took. */
function schemaFlag(
  args: readonly string[],
  k: number,
): { value: string; used: number } | { error: string } {
  const separate = args[k] === '--schema';
  const v = separate ? args[k + 1] : args[k]!.slice('--schema='.length);
  if (v === undefined || v === '' || (separate && v.startsWith('--'))) {
    return { error: '--schema needs a path: --schema Contact.schema.json' };
  }
  return { value: v, used: separate ? 2 : 1 };
}

/** Reads the first record of a header-only template CSV (at most 1 MiB). */
async function readTemplateHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const buf = new Uint8Array(1024 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, bytesRead));
    let header: string[] = [];
    const scanner = createCsvScanner(
      (fields, count, row) => {
        if (row === 1) header = fields.slice(0, count);
      },
      { maxFieldBytes: 1024 * 1024, maxRowBytes: 1024 * 1024 },
    );
    scanner.write(text);
    scanner.end();
    return header;
  } finally {
    await handle.close();
  }
}

/** Loads `--schema`: a `.schema.json`, or a header-only `.csv` template (columns-only). */
export async function loadSchema(
  path: string,
): Promise<
  { ok: true; schema: ObjectSchema; mode: ValidationMode } | { ok: false; message: string }
> {
  const shown = quoteForMessage(path, 200);
  try {
    const st = await stat(path);
    if (!st.isFile()) return { ok: false, message: `The template ${shown} is not a file.` };
  } catch {
    return { ok: false, message: `No template at ${shown}. Check the path given to --schema.` };
  }
  if (path.toLowerCase().endsWith('.csv')) {
    let header: string[];
    try {
      header = await readTemplateHeader(path);
    } catch {
      return {
        ok: false,
        message: `The template ${shown} is not a UTF-8 CSV file. Use the template downloaded from the platform.`,
      };
    }
    const object =
      basename(path)
        .replace(/\.csv$/i, '')
        .replace(/[^A-Za-z0-9]/g, '')
        .replace(/^[^A-Za-z]+/, '') || 'Template';
    const schema = schemaFromHeader(object, header);
    if (schema.fields.length === 0) {
      return { ok: false, message: `The template ${shown} has no column names in its first row.` };
    }
    const checked = parseObjectSchema(schema);
    if (!checked.ok) {
      return { ok: false, message: `The template ${shown} cannot be used: ${checked.message}` };
    }
    return { ok: true, schema: checked.value, mode: 'columns-only' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    const why = e instanceof SyntaxError ? 'it is not valid JSON' : 'it cannot be read';
    return {
      ok: false,
      message: `The template ${shown} cannot be used: ${why}. Use the <Object>.schema.json from /Templates.`,
    };
  }
  const parsed = parseObjectSchema(raw);
  if (!parsed.ok) return { ok: false, message: `${parsed.message} (${shown})` };
  return { ok: true, schema: parsed.value, mode: 'full' };
}

/**
 * Reads a file from disk in chunks of `chunkBytes` into one reused buffer, calling `onChunk` with
 * each (valid until the next call); stops early when `onChunk` returns false. Unlike
 * `fs.createReadStream`, which allocates a new Buffer per chunk that lingers until a GC, this
 * keeps one chunk in memory whatever the file size.
 */
export async function readFileChunks(
  path: string,
  onChunk: (chunk: Uint8Array) => boolean | void,
  chunkBytes = 1024 * 1024,
): Promise<void> {
  const handle = await open(path, 'r');
  // Two buffers: the next chunk is read (in libuv's thread pool) while this one is handled, as a
  // read stream reads ahead, so reading the disk and checking rows overlap.
  const bufs = [new Uint8Array(chunkBytes), new Uint8Array(chunkBytes)] as const;
  let k = 0;
  let pending: Promise<{ bytesRead: number }> | undefined = handle.read(
    bufs[0],
    0,
    chunkBytes,
    null,
  );
  try {
    for (;;) {
      const { bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) return;
      const buf = bufs[k]!;
      k ^= 1;
      pending = handle.read(bufs[k]!, 0, chunkBytes, null);
      if (onChunk(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead)) === false) return;
    }
  } finally {
    await pending?.catch(() => undefined);
    await handle.close();
  }
}

/**
 * What validate reports: the validator's summary, where the file's reading (issue 12) may put a
 * separator, encoding or format problem in place of the platform's first complaint.
 */
export type CheckedSummary = Omit<CsvValidationSummary, 'fileError'> & {
  fileError?: { code: string; message: string };
};

/** `detected` of `validate --json` (contract §8): what the first chunk says the file is. */
export type DetectedReading = {
  format: string;
  encoding: string | null;
  delimiter: string | null;
};

/**
 * Streams the file through the validator in 1 MiB chunks, never holding the whole file. The
 * first chunk is also inspected (encoding, separator, header; nothing more is read for it).
 */
async function validateFile(
  path: string,
  schema: ObjectSchema,
  mode: ValidationMode,
  size: number,
): Promise<{ summary: CsvValidationSummary; inspection: Inspection | undefined }> {
  const validator = createCsvValidator(schema, { mode, ascii: nodeAsciiDecoding });
  let inspection: Inspection | undefined;
  await readFileChunks(path, (chunk) => {
    inspection ??= inspectHead(chunk, { whole: chunk.length >= size });
    validator.push(chunk);
    return !validator.failed;
  });
  return { summary: validator.end(), inspection };
}

const prepareHint = '`sftp-import prepare` converts it';

/** `detected` from the first chunk's inspection. */
function detectedOf(inspection: Inspection | undefined): DetectedReading {
  if (inspection === undefined) return { format: 'csv', encoding: null, delimiter: null };
  if (!inspection.ok) return { format: inspection.format, encoding: null, delimiter: null };
  const v = inspection.value;
  if (v.format === 'xlsx') return { format: 'xlsx', encoding: null, delimiter: null };
  return { format: 'csv', encoding: v.encoding, delimiter: v.delimiter };
}

/**
 * The summary as reported: a wrong separator or a workbook under a .csv name is said as such
 * (not as missing columns or bad bytes), and header names the platform would ignore but that
 * look like template columns are named (contract §8 `validate --json`).
 */
export function explainSummary(
  summary: CsvValidationSummary,
  inspection: Inspection | undefined,
  schema: ObjectSchema,
): {
  summary: CheckedSummary;
  detected: DetectedReading;
  columnSuggestions: { from: string; to: string }[];
} {
  const { problem, seen, detected } = headerReading(summary, inspection, templateColumns(schema));
  const suggestions = seen === undefined ? [] : columnSuggestions(seen);
  const out: CheckedSummary = { ...summary, warnings: [...summary.warnings] };
  if (problem !== undefined && problem.code !== 'not-utf8') {
    // The platform would import nothing as meant: rows are counted as it would count them (none
    // when, as usual, the header already fails it), and none of them as importable.
    out.fileError = problem;
    out.valid = false;
    out.errors = [];
    out.problemCount = 0;
    out.rowsValid = 0;
    out.rowsInvalid = out.rowsTotal;
  } else if (problem !== undefined && summary.fileError?.code === 'not-utf8') {
    out.fileError = {
      code: 'not-utf8',
      message: `${summary.fileError.message} Or convert it with \`sftp-import prepare\`.`,
    };
  } else if (suggestions.length > 0 && out.fileError === undefined) {
    out.warnings.push(suggestionWarning(suggestions));
  }
  return { summary: out, detected, columnSuggestions: suggestions };
}

/**
 * How the header was read: the separator or format problem (if any), the header's pairing with
 * the template and what was detected. A "wrong separator" whose header pairs as well when read
 * with commas is no problem: the data's separators are inside values, and the platform's reading
 * stands.
 */
function headerReading(
  summary: CsvValidationSummary,
  inspection: Inspection | undefined,
  template: ReturnType<typeof templateColumns>,
): {
  problem: ReturnType<typeof describeSeparatorProblem> | undefined;
  seen: ColumnMatch | undefined;
  detected: DetectedReading;
} {
  const detected = detectedOf(inspection);
  const pairing = (header: readonly string[]): ColumnMatch | undefined => {
    const m = matchColumns(header, template);
    return m.ok ? m.value : undefined;
  };
  const seen =
    inspection?.ok && inspection.value.format === 'csv'
      ? pairing(inspection.value.header)
      : undefined;
  const problem =
    inspection === undefined ? undefined : describeSeparatorProblem(inspection, prepareHint);
  if (problem?.code === 'wrong-separator') {
    const asCommas = pairing(summary.header);
    if (asCommas !== undefined && asCommas.pairs.length >= (seen?.pairs.length ?? 0)) {
      return { problem: undefined, seen: asCommas, detected: { ...detected, delimiter: ',' } };
    }
  }
  return { problem, seen, detected };
}

/** The warning naming header columns that look like template columns. */
function suggestionWarning(suggestions: readonly { from: string; to: string }[]): string {
  return `${suggestions.length === 1 ? 'A column name differs' : 'Column names differ'} from the template's: ${suggestions.map((x) => `${quoteForMessage(x.from)} looks like ${quoteForMessage(x.to)}`).join(', ')}. The platform would ignore ${suggestions.length === 1 ? 'that column' : 'those columns'}: rename ${suggestions.length === 1 ? 'it' : 'them'} in the file, or ${prepareHint.replace('converts it', 'renames them')}.`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The human-readable report. */
export function formatHuman(
  file: string,
  s: CheckedSummary,
  mode: ValidationMode,
  shown = 20,
  suggested = 0,
  /** Set when `prepare` can read the file as it is: the template to name in its command. */
  prepareWith?: { schema: string },
): string {
  const lines: string[] = [...verdictLines(basename(file), s, mode, suggested)];
  if (!s.fileError || s.rowsTotal > 0) {
    lines.push(
      '',
      `Rows: ${s.rowsTotal.toLocaleString('en-US')} total, ${s.rowsValid.toLocaleString('en-US')} valid, ${s.rowsInvalid.toLocaleString('en-US')} with problems; ${plural(s.packages, 'package')} of up to 10,000 rows.`,
    );
  }
  if (s.errors.length > 0) lines.push(...problemTable(s, shown));
  if (s.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of s.warnings) lines.push(`  - ${w}`);
  }
  lines.push('', whatToDo(s, suggested, file, prepareWith));
  return lines.join('\n') + '\n';
}

/** The report's first line(s): cannot be imported, ready, or how many rows have problems. */
function verdictLines(
  name: string,
  s: CheckedSummary,
  mode: ValidationMode,
  suggested: number,
): string[] {
  if (s.fileError) return [`FAILED: ${name} cannot be imported.`, '', s.fileError.message];
  if (s.valid) {
    return [
      `OK: ${name} is ready to import${mode === 'columns-only' ? ' (columns checked; values were not, because the template has no field types)' : ''}${suggested > 0 ? `, but ${plural(suggested, 'column')} that ${suggested === 1 ? 'looks' : 'look'} like template columns would not be imported (see the warnings)` : ''}.`,
    ];
  }
  return [
    `FAILED: ${plural(s.rowsInvalid, 'row')} of ${s.rowsTotal.toLocaleString('en-US')} in ${name} ${s.rowsInvalid === 1 ? 'has' : 'have'} problems (${plural(s.problemCount, 'problem')}). ${s.rowsInvalid === 1 ? 'It' : 'They'} would not be imported.`,
  ];
}

/** The first `shown` problems as a Row / Column / Value / Problem table, then how many more. */
function problemTable(s: CheckedSummary, shown: number): string[] {
  const rows = s.errors
    .slice(0, shown)
    .map((e) => [
      String(e.row),
      e.column === '' ? '(row)' : e.column,
      e.column === '' ? '' : quoteForMessage(e.value, 30),
      e.message,
    ]);
  const head = ['Row', 'Column', 'Value', 'Problem'];
  const widths = [0, 1, 2].map((k) => Math.max(head[k]!.length, ...rows.map((r) => r[k]!.length)));
  const fmt = (r: string[]): string =>
    [0, 1, 2].map((k) => pad(r[k]!, widths[k]!)).join('  ') + '  ' + r[3]!;
  const lines = ['', fmt(head), fmt(widths.map((w) => '-'.repeat(w)).concat('-------'))];
  for (const r of rows) lines.push(fmt(r));
  if (s.problemCount > rows.length) {
    lines.push(
      `… and ${plural(s.problemCount - rows.length, 'more problem')}${s.problemCount > s.errors.length ? ` (--json lists the first ${s.errors.length.toLocaleString('en-US')})` : ' (--json lists them all)'}.`,
    );
  }
  return lines;
}

/**
 * Whether the file's problem is one `prepare` converts away: another separator or encoding, or a
 * workbook under a .csv name (not an archive or an old .xls, which it cannot read either).
 */
function convertible(s: CheckedSummary, detected: DetectedReading): boolean {
  const code = s.fileError?.code;
  return (
    code === 'wrong-separator' ||
    code === 'not-utf8' ||
    (code === 'not-csv' && detected.format === 'xlsx')
  );
}

/** A path as typed in a shell: quoted when it holds anything but plain characters. */
function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/** What `prepare` would write for `file`: beside it, "-converted.csv" in place of its extension. */
function convertedPath(file: string): string {
  const dot = file.lastIndexOf('.');
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return `${dot > slash + 1 ? file.slice(0, dot) : file}-converted.csv`;
}

/** The report's last line: what to do next. */
function whatToDo(
  s: CheckedSummary,
  suggested: number,
  file: string,
  prepareWith: { schema: string } | undefined,
): string {
  if (s.fileError && prepareWith) {
    const out = shellWord(convertedPath(file));
    return `What to do: convert it with \`sftp-import prepare ${shellWord(file)} --schema ${shellWord(prepareWith.schema)} --out ${out}\`, then run validate on ${out}.`;
  }
  if (s.fileError) {
    return 'What to do: fix the problem above, save the file, and run validate again.';
  }
  if (!s.valid) {
    return 'What to do: correct the rows listed above in your spreadsheet (row numbers are as your spreadsheet shows them; the header is row 1), save as CSV UTF-8, and run validate again.';
  }
  if (suggested > 0) {
    return 'What to do: rename those columns as the template does (or run `sftp-import prepare`), then run validate again; or upload it as it is.';
  }
  return 'What to do: upload it.';
}

/**
 * The start `validate` and `prepare` share: commandInput, then the `--schema` template loaded
 * (a template that cannot be used is said, exit 2). Either the arguments, the input file's
 * absolute path and the template, or the exit code already reported.
 */
export async function templateCommandInput<A extends { file: string; schema: string }>(
  parsed: A | { help: true } | { error: string },
  usage: string,
  io: CliIo,
  kind: string,
): Promise<
  | { ok: true; args: A; path: string; schema: ObjectSchema; mode: ValidationMode }
  | { ok: false; exitCode: number }
> {
  const start = await commandInput(parsed, usage, io, kind);
  if (!start.ok) return start;
  const loaded = await loadSchema(resolve(io.cwd, start.args.schema));
  if (!loaded.ok) {
    io.stderr(loaded.message + '\n');
    return { ok: false, exitCode: 2 };
  }
  return { ...start, schema: loaded.schema, mode: loaded.mode };
}

/** Runs `sftp-import validate …`; resolves to the exit code. */
export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const start = await templateCommandInput(parseValidateArgs(args), usage, io, 'CSV');
  if (!start.ok) return start.exitCode;
  const { args: parsed, path: file, schema, mode } = start;
  let checked: Awaited<ReturnType<typeof validateFile>>;
  try {
    checked = await validateFile(file, schema, mode, (await stat(file)).size);
  } catch {
    io.stderr(
      `${quoteForMessage(parsed.file, 200)} cannot be read. Check that it exists and that you may read it.\n`,
    );
    return 2;
  }
  const explained = explainSummary(checked.summary, checked.inspection, schema);
  const summary = explained.summary;
  if (parsed.json) {
    const out = {
      valid: summary.valid,
      rowsTotal: summary.rowsTotal,
      rowsValid: summary.rowsValid,
      rowsInvalid: summary.rowsInvalid,
      packages: summary.packages,
      errors: summary.errors.map((e) => ({
        row: e.row,
        column: e.column,
        value: e.value,
        message: e.message,
      })),
      warnings: summary.warnings,
      problemCount: summary.problemCount,
      mode: mode,
      ...(summary.fileError ? { fileError: summary.fileError } : {}),
      detected: explained.detected,
      columnSuggestions: explained.columnSuggestions,
    };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
  } else {
    io.stdout(
      formatHuman(
        parsed.file,
        summary,
        mode,
        20,
        explained.columnSuggestions.length,
        convertible(summary, explained.detected) ? { schema: parsed.schema } : undefined,
      ),
    );
  }
  return summary.valid ? 0 : 1;
}
