/**
 * `sftp-import prepare FILE --schema S.json --out OUT.csv [--map 'From=To']... [--sheet NAME]
 * [--delimiter X] [--json]` (contract §8; issue 12): reads what people have (CSV in UTF-8 with or
 * without BOM, UTF-16 or Windows-1252, separated by commas, semicolons, tabs or pipes, or an
 * Excel .xlsx sheet), pairs its columns with the template's, and writes OUT.csv as the platform
 * wants it: UTF-8, commas, the template's column names. FILE is only read. Streams a text file in
 * 1 MiB chunks; a workbook is read whole. Exit 0 written, 1 the file cannot be prepared (a
 * required column without a match, an unreadable file), 2 usage. node.
 */
import {
  closeSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createDelimitedConverter,
  createRecordWriter,
  type ConversionCounts,
} from '../core/import/convert.ts';
import { delimiterInWords } from '../core/import/detect-delimiter.ts';
import { encodingInWords, type TextEncodingName } from '../core/import/detect-format.ts';
import { inspectHead, type TextInspection } from '../core/import/inspect.ts';
import type { ColumnChoice, ColumnMatch, MatchReason } from '../core/import/match-columns.ts';
import { preparePlan, type PreparePlanFailure } from '../core/import/prepare-plan.ts';
import { openWorkbook } from '../core/import/xlsx.ts';
import type { ObjectSchema } from '../core/schema/object-schema.ts';
import { plural, quoteForMessage } from '../core/util/text.ts';
import type { CliIo } from './cli-io.ts';
import { readFileChunks, templateCommandInput } from './validate-command.ts';

const usage = `Usage: sftp-import prepare FILE --schema FILE.schema.json --out OUT.csv [--map 'From=To']... [--sheet NAME] [--delimiter X] [--json]

Converts FILE (CSV in UTF-8, UTF-16 or Windows-1252, separated by commas, semicolons, tabs or
pipes, or an Excel .xlsx sheet) into OUT.csv as the platform wants it: UTF-8, commas, the
template's column names. FILE is never changed.
  --schema PATH     the template: <Object>.schema.json, or the header-only <Object>.csv
  --out PATH        the file to write (not FILE itself)
  --map 'From=To'   file column From goes to template column To ('From=' leaves it out);
                    repeat for more. Other columns are paired when the match is clear.
  --sheet NAME      the workbook's sheet to read (needed when it has several)
  --delimiter X     the separator: , ; tab | (default: detected from the data)
  --json            print {out, detected, mapping, ignoredColumns, rows, warnings}
Exit codes: 0 written, 1 the file cannot be prepared, 2 usage error.`;

export type PrepareArgs = {
  file: string;
  schema: string;
  out: string;
  map: ColumnChoice[];
  sheet?: string;
  delimiter?: string;
  json: boolean;
};

const delimiterNames: Record<string, string> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\t': '\t',
  '\\t': '\t',
  '|': '|',
  pipe: '|',
};

/** Parses the command's arguments (after `prepare`). */
export function parsePrepareArgs(
  args: readonly string[],
): PrepareArgs | { help: true } | { error: string } {
  const options = {
    schema: { type: 'string' },
    out: { type: 'string' },
    map: { type: 'string', multiple: true },
    sheet: { type: 'string' },
    delimiter: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let got;
  try {
    got = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    return { error: parseArgsError(e) };
  }
  const { values, positionals } = got;
  if (values.help) return { help: true };
  if (positionals.length === 0) {
    return { error: 'No file given: sftp-import prepare FILE --schema … --out OUT.csv' };
  }
  if (positionals.length > 1) {
    return {
      error: `Give one file to prepare (got ${positionals.map((p) => `"${p}"`).join(' and ')}).`,
    };
  }
  if (values.schema === undefined || values.schema === '') {
    return { error: 'No template given: add --schema FILE.schema.json (or the template .csv).' };
  }
  if (values.out === undefined || values.out === '') {
    return { error: 'No output given: add --out OUT.csv (a new file; FILE is not changed).' };
  }
  const map = mapFlags(values.map ?? []);
  if ('error' in map) return map;
  const delimiter = delimiterFlag(values.delimiter);
  if (typeof delimiter === 'object') return delimiter;
  return {
    file: positionals[0]!,
    schema: values.schema,
    out: values.out,
    map: map.choices,
    json: values.json === true,
    ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
    ...(delimiter !== undefined ? { delimiter } : {}),
  };
}

/** node:util parseArgs' complaint in the CLI's words. */
function parseArgsError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `Unknown option "${unknown[1]}".`;
  const missing = /Option '(--[a-z]+)[^']*' argument missing/.exec(msg);
  if (missing) return `${missing[1]} needs a value.`;
  return msg;
}

/** The `--map 'From=To'` pairings, or why one is not a pairing. */
function mapFlags(maps: readonly string[]): { choices: ColumnChoice[] } | { error: string } {
  const choices: ColumnChoice[] = [];
  for (const m of maps) {
    const eq = m.indexOf('=');
    if (eq <= 0) {
      return {
        error: `--map takes 'From=To' (a file column, "=", a template column), not "${m}".`,
      };
    }
    choices.push({ from: m.slice(0, eq), to: m.slice(eq + 1) });
  }
  return { choices };
}

/** The separator `--delimiter` names (undefined without the flag), or why it names none. */
function delimiterFlag(given: string | undefined): string | undefined | { error: string } {
  if (given === undefined) return undefined;
  return (
    delimiterNames[given.toLowerCase()] ?? {
      error: `--delimiter is one of , ; tab | (got "${given}").`,
    }
  );
}

/** The `--json` output (contract §8). */
export type PrepareReport = {
  out: string;
  detected: {
    format: 'csv' | 'xlsx';
    encoding: TextEncodingName | null;
    delimiter: string | null;
    sheet?: string;
  };
  mapping: { from: string; to: string }[];
  ignoredColumns: string[];
  rows: number;
  warnings: string[];
};

const reasonWords: Record<MatchReason, string> = {
  exact: 'same name',
  'same-letters': 'same name but for case, spaces or punctuation',
  synonym: 'a known other name',
  spelling: 'closest spelling: check it',
  chosen: 'your --map',
};

const chunkBytes = 1024 * 1024;

/** Reads the first chunk of a file. */
async function readHead(path: string): Promise<{ head: Uint8Array; whole: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buf = new Uint8Array(chunkBytes);
    const { bytesRead } = await handle.read(buf, 0, chunkBytes, 0);
    const size = (await handle.stat()).size;
    return { head: buf.subarray(0, bytesRead), whole: bytesRead >= size };
  } finally {
    await handle.close();
  }
}

/** preparePlan's refusal with the CLI's way to choose (`--map`), and its exit code. */
function planFailure(e: PreparePlanFailure): { message: string; code: number } {
  if (e.code === 'bad-choice') return { message: e.message, code: 2 };
  if (e.code === 'nothing-matches') {
    return { message: `${e.message} Pair them with --map 'From=To'.`, code: 1 };
  }
  const example = e.match.missingRequired.find((m) => m.candidates.length > 0);
  return {
    message: `${e.message}\nName the pairing with --map 'From=To'${example ? ` (e.g. --map '${example.candidates[0]}=${example.to}')` : ''} and run prepare again.`,
    code: 1,
  };
}

/** Runs `sftp-import prepare …`; resolves to the exit code. */
export async function prepareCommand(args: readonly string[], io: CliIo): Promise<number> {
  const start = await templateCommandInput(parsePrepareArgs(args), usage, io, 'CSV or .xlsx');
  if (!start.ok) return start.exitCode;
  const { args: parsed, path: file, schema } = start;
  const out = resolve(io.cwd, parsed.out);
  const inspected = (await outPathRefusal(parsed, file, out)) ?? (await inspectInput(parsed, file));
  if ('message' in inspected) {
    io.stderr(`${inspected.message}\n`);
    return inspected.code;
  }
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.part`);
  const target = { file, tmp, schema };
  const converted =
    inspected.inspection.format === 'xlsx'
      ? convertWorkbook(parsed, target)
      : await convertText(parsed, target, inspected.inspection);
  if ('message' in converted) return refuse(io, tmp, converted);
  const warnings = [...converted.warnings, ...rowWarnings(converted.counts)];
  try {
    renameSync(tmp, out);
  } catch {
    return refuse(io, tmp, {
      message: `${quoteForMessage(parsed.out, 200)} cannot be written. Check the path and that you may write there.`,
      code: 1,
    });
  }
  io.stdout(
    parsed.json
      ? JSON.stringify(jsonReport(out, converted, warnings), null, 2) + '\n'
      : humanReport(parsed, schema.object, converted, warnings),
  );
  return 0;
}

type Refusal = { message: string; code: number };

type Converted = {
  match: ColumnMatch;
  counts: ConversionCounts;
  detected: PrepareReport['detected'];
  warnings: string[];
};

/** Where a conversion reads and writes: the input, the temporary output, the template. */
type ConversionTarget = { file: string; tmp: string; schema: ObjectSchema };

/** Removes the partial output and says why prepare stopped. */
function refuse(io: CliIo, tmp: string, r: Refusal): number {
  rmSync(tmp, { force: true });
  io.stderr(r.message.endsWith('\n') ? r.message : r.message + '\n');
  return r.code;
}

/** Why `--out` cannot be used: it is the input itself, or its folder does not exist. */
async function outPathRefusal(
  parsed: PrepareArgs,
  file: string,
  out: string,
): Promise<Refusal | undefined> {
  try {
    if (realpathSync(out) === realpathSync(file)) {
      return {
        message: `--out names the input file itself. prepare never changes ${quoteForMessage(parsed.file, 200)}: give another path.`,
        code: 2,
      };
    }
  } catch {
    // OUT does not exist yet: fine
  }
  try {
    if (!(await stat(dirname(out))).isDirectory()) throw new Error('not a folder');
  } catch {
    return {
      message: `The folder for --out ${quoteForMessage(parsed.out, 200)} does not exist. Create it or give another path.`,
      code: 2,
    };
  }
  return undefined;
}

/** Reads the file's first chunk and tells a text file (its encoding, separator) from a workbook. */
async function inspectInput(
  parsed: PrepareArgs,
  file: string,
): Promise<{ inspection: TextInspection | { format: 'xlsx' } } | Refusal> {
  let head: { head: Uint8Array; whole: boolean };
  try {
    head = await readHead(file);
  } catch {
    return {
      message: `${quoteForMessage(parsed.file, 200)} cannot be read. Check that you may read it.`,
      code: 2,
    };
  }
  if (head.head.length === 0) {
    return {
      message: `${quoteForMessage(parsed.file, 200)} is empty. It needs a header row and one row per record.`,
      code: 1,
    };
  }
  const inspection = inspectHead(head.head, {
    whole: head.whole,
    ...(parsed.delimiter !== undefined ? { delimiter: parsed.delimiter } : {}),
  });
  return inspection.ok
    ? { inspection: inspection.value }
    : { message: inspection.message, code: 1 };
}

/** The sheet to convert: `--sheet`, else the only one; refused when there are none or several. */
function chosenSheet(parsed: PrepareArgs, sheets: readonly string[]): string | Refusal {
  const sheet = parsed.sheet ?? (sheets.length === 1 ? sheets[0] : undefined);
  if (sheet !== undefined) return sheet;
  return sheets.length === 0
    ? { message: 'The workbook has no sheets.', code: 1 }
    : {
        message: `The workbook has ${sheets.length} sheets: ${sheets.map((s) => quoteForMessage(s)).join(', ')}. Choose one with --sheet NAME.`,
        code: 2,
      };
}

/** Converts one sheet of an .xlsx workbook into the temporary output. */
function convertWorkbook(
  parsed: PrepareArgs,
  { file, tmp, schema }: ConversionTarget,
): Converted | Refusal {
  const book = openWorkbook(readFileSync(file));
  if (!book.ok) return { message: book.message, code: 1 };
  const sheet = chosenSheet(parsed, book.value.sheets);
  if (typeof sheet !== 'string') return sheet;
  const read = book.value.readSheet(sheet);
  if (!read.ok) return { message: read.message, code: parsed.sheet !== undefined ? 2 : 1 };
  const rows = read.value;
  if (rows.length === 0) {
    return {
      message: `The sheet ${quoteForMessage(sheet)} is empty. Pick the sheet with the data (--sheet NAME).`,
      code: 1,
    };
  }
  const p = preparePlan(rows[0]!, schema, parsed.map, basename(parsed.file));
  if (!p.ok) return planFailure(p.error);
  const writer = createRecordWriter(p.value.plan);
  const fd = openSync(tmp, 'w');
  try {
    let buf = '';
    for (let r = 0; r < rows.length; r++) {
      buf += writer.write(rows[r]!, rows[r]!.length, r + 1);
      if (buf.length > chunkBytes) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  return {
    match: p.value.match,
    counts: writer.counts,
    detected: { format: 'xlsx', encoding: null, delimiter: null, sheet },
    warnings: [],
  };
}

/** Converts a delimited text file, chunk by chunk, into the temporary output. */
async function convertText(
  parsed: PrepareArgs,
  { file, tmp, schema }: ConversionTarget,
  text: TextInspection,
): Promise<Converted | Refusal> {
  const p = preparePlan(text.header, schema, parsed.map, basename(parsed.file));
  if (!p.ok) return planFailure(p.error);
  const converter = createDelimitedConverter({
    encoding: text.encoding,
    delimiter: text.delimiter,
    plan: p.value.plan,
  });
  const fd = openSync(tmp, 'w');
  try {
    await readFileChunks(file, (chunk) => {
      const s = converter.push(chunk);
      if (s.length > 0) writeSync(fd, s);
      return converter.failure === undefined;
    });
    const rest = converter.end();
    if (rest.length > 0) writeSync(fd, rest);
  } catch {
    closeSync(fd);
    return {
      message: `${quoteForMessage(parsed.file, 200)} cannot be read to the end, or ${quoteForMessage(parsed.out, 200)} cannot be written. Check the disk and try again.`,
      code: 1,
    };
  }
  closeSync(fd);
  const f = converter.failure;
  if (f !== undefined) {
    return {
      message: `${basename(parsed.file)} cannot be converted: ${conversionFailureWords(f, converter.encoding)}. Nothing was written.`,
      code: 1,
    };
  }
  const warnings: string[] = [];
  if (converter.encoding !== text.encoding) {
    warnings.push(
      `The file starts as plain ASCII but is not UTF-8 further on; it was read as ${encodingInWords(converter.encoding)}. Check accented letters in ${basename(parsed.out)}.`,
    );
  }
  return {
    match: p.value.match,
    counts: converter.counts,
    detected: { format: 'csv', encoding: converter.encoding, delimiter: text.delimiter },
    warnings,
  };
}

/** Why the converter stopped, and what to do. */
function conversionFailureWords(
  f: NonNullable<ReturnType<typeof createDelimitedConverter>['failure']>,
  encoding: TextEncodingName,
): string {
  if (f.code === 'unterminated-quote') {
    return `row ${f.row} opens a quoted value (") that is never closed. Add the closing quote, or remove the stray one`;
  }
  if (f.code === 'row-too-large') {
    return `row ${f.row} is larger than 4 MiB (a quote that never closes?)`;
  }
  return `from about row ${f.row} its bytes are not ${encodingInWords(encoding)}. Save it as "CSV UTF-8" in your spreadsheet`;
}

/**
 * Warnings about empty rows (kept as empty lines, so row numbers stay the file's) and rows with
 * more or fewer values than the header (nothing dropped: validate reports the long ones).
 */
function rowWarnings(counts: ConversionCounts): string[] {
  const { blankRows, shortRows, longRows, firstRaggedRow } = counts;
  const first = `(first: row ${firstRaggedRow})`;
  const one = (n: number, single: string, many: string) => (n === 1 ? single : many);
  const warnings: string[] = [];
  if (blankRows > 0) {
    warnings.push(
      `${plural(blankRows, 'empty row')} (no values at all) ${one(blankRows, 'is kept as an empty line', 'are kept as empty lines')}, so row numbers stay as in your file; the platform skips ${one(blankRows, 'it', 'them')}.`,
    );
  }
  if (longRows > 0) {
    const it = one(longRows, 'it', 'them');
    warnings.push(
      `${plural(longRows, 'row')} ${one(longRows, 'has', 'have')} more values than the header${shortRows === 0 ? ` ${first}` : ''}. Nothing was dropped: the values past the last column are kept at the end of ${one(longRows, 'the row', 'each row')}, so validate reports ${it} as having too many values and the platform would not import ${it}. Check the separator (--delimiter) and quotes, or fix ${one(longRows, 'that row', 'those rows')} in your file.`,
    );
  }
  if (shortRows > 0) {
    warnings.push(
      `${plural(shortRows, 'row')} ${one(shortRows, 'has', 'have')} fewer values than the header${longRows === 0 ? ` ${first}` : ''}; the missing values were left empty. Check ${one(shortRows, 'that row', 'those rows')}.`,
    );
  }
  return warnings;
}

/** The file's columns the output does not carry (blank header names aside). */
function ignoredColumns(match: ColumnMatch): string[] {
  return match.notImported.map((c) => c.from).filter((c) => c.trim() !== '');
}

/** The `--json` report (contract §8 `prepare --json`). */
function jsonReport(out: string, c: Converted, warnings: string[]): PrepareReport {
  return {
    out,
    detected: c.detected,
    mapping: c.match.pairs.map((p) => ({ from: p.from, to: p.to })),
    ignoredColumns: ignoredColumns(c.match),
    rows: c.counts.rows,
    warnings,
  };
}

/** The human-readable report: how the file was read, the columns, what was written, next step. */
function humanReport(
  parsed: PrepareArgs,
  object: string,
  { detected, match, counts }: Converted,
  warnings: readonly string[],
): string {
  const ignored = ignoredColumns(match);
  const read =
    detected.format === 'xlsx'
      ? `an Excel workbook, sheet ${quoteForMessage(detected.sheet!)}`
      : `${encodingInWords(detected.encoding!)}, separated by ${delimiterInWords(detected.delimiter!)}`;
  const width = Math.max(
    ...match.pairs.map((p) => p.from.length),
    ...ignored.map((c) => c.length),
    4,
  );
  const toWidth = Math.max(...match.pairs.map((p) => p.to.length));
  const lines = [
    `Read ${basename(parsed.file)}: ${read}.`,
    '',
    'Columns:',
    ...match.pairs.map(
      (p) =>
        `  ${p.from.padEnd(width)}  → ${p.reason === 'exact' ? p.to : `${p.to.padEnd(toWidth)}  (${reasonWords[p.reason]})`}`,
    ),
    ...ignored.map(
      (c) =>
        `  ${c.padEnd(width)}    not imported (not in the template; --map '${c}=Column' to import it)`,
    ),
    '',
    `Wrote ${parsed.out}: ${plural(counts.rows, 'row')}, CSV UTF-8 with commas and the ${object} template's column names. ${basename(parsed.file)} is unchanged.`,
  ];
  if (warnings.length > 0) lines.push('', 'Warnings:', ...warnings.map((w) => `  - ${w}`));
  lines.push('', `Next: sftp-import validate ${parsed.out} --schema ${parsed.schema}`);
  return lines.join('\n') + '\n';
}
