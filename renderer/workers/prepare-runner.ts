/**
 * The import assistant's side of the check (issue 12, docs/import-assistant.md): the first look
 * at a picked file (encoding and separator, or a workbook's sheets; the header and a preview),
 * and the conversion to CSV UTF-8 with commas and the template's column names that is checked
 * and then uploaded instead of the original. Uses core/import as the CLI's `prepare` does. std
 * (Blob).
 */
import type { CsvValidator } from '../../core/csv/types.ts';
import {
  createChunkDecoder,
  createDelimitedConverter,
  createDelimitedScanner,
  createRecordWriter,
  csvLine,
  inspectHead,
  makeFix,
  matchColumns,
  openWorkbook,
  planConversion,
  suggestFixes,
  templateColumns,
  type ColumnMatch,
  type ConversionPlan,
  type ValueFix,
} from '../../core/import/index.ts';
import type { ConversionCounts } from '../../core/import/convert.ts';
import { conversionWarnings } from '../../core/import/prepare-plan.ts';
import type { TextEncodingName } from '../../core/import/detect-format.ts';
import type { ObjectSchema } from '../../core/schema/object-schema.ts';
import { createCsvValidator } from '../../core/csv/validator.ts';
import { createSheetCache } from './sheet-cache.ts';
import type { ColumnSuggestions, Converted, Prepare, Reading, Split } from './check-protocol.ts';

/** How much of a text file the first look reads. */
export const headBytes = 1024 * 1024;
const previewRows = 5;

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** The first look at `file`; `delimiter` / `sheet`: the user's choice. */
export async function inspectFile(
  file: Blob,
  options: { delimiter?: string; sheet?: string } = {},
): Promise<Outcome<Reading>> {
  const whole = file.size <= headBytes;
  const head = new Uint8Array(await file.slice(0, headBytes).arrayBuffer());
  const r = inspectHead(head, {
    whole,
    previewRows,
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  if (!r.ok) return { ok: false, message: r.message };
  if (r.value.format === 'csv') {
    const v = r.value;
    return {
      ok: true,
      value: {
        format: 'csv',
        encoding: v.encoding,
        delimiter: v.delimiter,
        delimiterDetected: v.delimiterDetected,
        sheets: [],
        header: v.header,
        preview: v.preview,
      },
    };
  }
  const sheet = await readSheet(file, options.sheet);
  if (!sheet.ok) return sheet;
  const { rows, name, sheets } = sheet.value;
  return {
    ok: true,
    value: {
      format: 'xlsx',
      sheet: name,
      delimiterDetected: true,
      sheets,
      header: rows[0] ?? [],
      preview: filledRows(rows, previewRows),
    },
  };
}

/** The first `n` data rows that hold a value (the preview shows records, not empty rows). */
function filledRows(rows: readonly string[][], n: number): string[][] {
  const out: string[][] = [];
  for (let r = 1; r < rows.length && out.length < n; r++) {
    if (rows[r]!.some((c) => c.trim() !== '')) out.push(rows[r]!);
  }
  return out;
}

type Sheet = { rows: string[][]; name: string; sheets: string[] };
const sheetCache = createSheetCache<Sheet>();

/** One sheet of a workbook (the first when none is named), its rows as text; read once a pick. */
function readSheet(file: Blob, wanted: string | undefined): Promise<Outcome<Sheet>> {
  return sheetCache.get(file, wanted, () => readSheetNow(file, wanted));
}

async function readSheetNow(file: Blob, wanted: string | undefined): Promise<Outcome<Sheet>> {
  const book = openWorkbook(new Uint8Array(await file.arrayBuffer()));
  if (!book.ok) return book;
  const { sheets } = book.value;
  const name = wanted !== undefined && sheets.includes(wanted) ? wanted : sheets[0];
  if (name === undefined) {
    return { ok: false, message: 'The workbook has no sheet. Open it in Excel and check it.' };
  }
  const rows = book.value.readSheet(name);
  if (!rows.ok) return rows;
  // The header comes first and empty rows keep the sheet's numbering (xlsx.ts headerFirst).
  return { ok: true, value: { rows: rows.value, name, sheets } };
}

/** The plan for a header and the user's choices (every file column decided), and the pairing. */
function planFor(
  header: readonly string[],
  schema: ObjectSchema,
  prepare: Prepare,
): Outcome<ConversionPlan & { match: ColumnMatch }> {
  const template = templateColumns(schema);
  const names = new Set(template.map((t) => t.name.toLowerCase()));
  const inHeader = new Set(header.map((h) => h.trim()));
  // Choices the file or the template no longer has are left out rather than refused.
  const choices = prepare.choices.filter(
    (c) => inHeader.has(c.from.trim()) && (c.to === '' || names.has(c.to.toLowerCase())),
  );
  const m = matchColumns(header, template, choices);
  if (!m.ok) return m;
  return { ok: true, value: { ...planConversion(m.value, template), match: m.value } };
}

/** Where converted text goes: the validator, and the parts of the new file. */
type Sink = { validator: CsvValidator; onBytes: (read: number) => void };

const encoder = new TextEncoder();

/**
 * Text to UTF-8 bytes through one scratch buffer: `encodeInto` then a copy of what was written
 * takes about half the time of `encode` in Chromium (~200 against ~370 ms for 124 MB of the
 * converter's text), which allocates and copies once more.
 */
function createUtf8Writer(): (text: string) => Uint8Array {
  let scratch = new Uint8Array(0);
  return (text) => {
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
    if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, scratch);
    return scratch.slice(0, written);
  };
}

/**
 * Converts the file as `prepare` says, feeding the CSV UTF-8 text to the validator as it comes
 * and keeping it as the new file's bytes. `chunks` may hand out one reused buffer (blob-chunks.ts):
 * each chunk is decoded before the next is read.
 */
export async function convertAndCheck(
  file: Blob,
  schema: ObjectSchema,
  prepare: Prepare,
  sink: Sink,
  chunks: (file: Blob) => AsyncIterable<Uint8Array>,
): Promise<Outcome<Converted>> {
  const parts: Uint8Array[] = [];
  const utf8 = createUtf8Writer();
  const emit = (text: string): void => {
    if (text === '') return;
    const bytes = utf8(text);
    parts.push(bytes);
    sink.validator.push(bytes);
  };
  const done = (
    counts: ConversionCounts,
    match: ColumnMatch,
    encoding: { detected: TextEncodingName; read: TextEncodingName } | null,
  ) => ({
    ok: true as const,
    value: {
      blob: new Blob(parts as BlobPart[], { type: 'text/csv' }),
      rows: counts.rows,
      shortRows: counts.shortRows,
      longRows: counts.longRows,
      warnings: conversionWarnings({
        detected: encoding?.detected ?? null,
        read: encoding?.read ?? null,
        match,
        counts,
      }),
    },
  });

  if (prepare.source.format === 'xlsx') {
    const sheet = await readSheet(file, prepare.source.sheet);
    if (!sheet.ok) return sheet;
    const plan = planFor(sheet.value.rows[0] ?? [], schema, prepare);
    if (!plan.ok) return plan;
    const writer = createRecordWriter(plan.value, fixesFor(plan.value, prepare, schema));
    let text = '';
    sheet.value.rows.forEach((row, i) => {
      text += writer.write(row, row.length, i + 1);
      if (text.length >= 64 * 1024 && !sink.validator.failed) {
        emit(text);
        text = '';
      }
    });
    emit(text);
    sink.onBytes(file.size);
    return done(writer.counts, plan.value.match, null);
  }

  const source = prepare.source;
  const head = await inspectFile(file, { delimiter: source.delimiter });
  if (!head.ok) return head;
  const plan = planFor(head.value.header, schema, prepare);
  if (!plan.ok) return plan;
  const converter = createDelimitedConverter({
    encoding: source.encoding,
    delimiter: source.delimiter,
    plan: plan.value,
    fixes: fixesFor(plan.value, prepare, schema),
  });
  let read = 0;
  for await (const chunk of chunks(file)) {
    emit(converter.push(chunk));
    read += chunk.byteLength;
    sink.onBytes(read);
    if (converter.failure || sink.validator.failed) break;
  }
  if (!converter.failure && !sink.validator.failed) emit(converter.end());
  const failure = converter.failure;
  if (failure) {
    return {
      ok: false,
      message:
        failure.code === 'bad-encoding'
          ? `Row ${failure.row} cannot be read as ${source.encoding}. Save the file again as "CSV UTF-8" and pick that file.`
          : `Row ${failure.row} cannot be read (${failure.code}): a quote is probably not closed. Fix that row in your file and pick it again.`,
    };
  }
  return done(converter.counts, plan.value.match, {
    detected: source.encoding,
    read: converter.encoding,
  });
}

/** The chosen fixes, one per output column (undefined where none). */
function fixesFor(
  plan: ConversionPlan,
  prepare: Prepare,
  schema: ObjectSchema,
): (ValueFix | undefined)[] {
  return plan.columns.map((c) => {
    const f = prepare.fixes?.find((x) => x.column === c);
    return f
      ? makeFix(
          f.kind,
          f.options,
          schema.fields.find((x) => x.name === c),
        )
      : undefined;
  });
}

/** Rows looked at for the fixes to offer. */
const sampleRows = 5000;

/**
 * The fixes worth offering for each template column, from the first rows of the file (the first
 * MiB of a text, the sheet of a workbook), read as `prepare` says.
 */
export async function suggestColumnFixes(
  file: Blob,
  schema: ObjectSchema,
  prepare: Prepare,
): Promise<Outcome<ColumnSuggestions[]>> {
  let rows: string[][];
  if (prepare.source.format === 'xlsx') {
    const sheet = await readSheet(file, prepare.source.sheet);
    if (!sheet.ok) return sheet;
    rows = sheet.value.rows.slice(0, sampleRows + 1);
  } else {
    const whole = file.size <= headBytes;
    const head = new Uint8Array(await file.slice(0, headBytes).arrayBuffer());
    const decoder = createChunkDecoder(prepare.source.encoding);
    rows = [];
    try {
      const scanner = createDelimitedScanner(prepare.source.delimiter, (fields, count) => {
        if (rows.length <= sampleRows) rows.push(fields.slice(0, count));
      });
      scanner.write(decoder.decode(head) + (whole ? decoder.end() : ''));
      if (whole) scanner.end();
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
  const plan = planFor(rows[0] ?? [], schema, prepare);
  if (!plan.ok) return plan;
  const out: ColumnSuggestions[] = [];
  plan.value.columns.forEach((column, c) => {
    const field = schema.fields.find((f) => f.name === column);
    if (!field) return;
    const k = plan.value.sources[c]!;
    const values = rows.slice(1).map((r) => r[k] ?? '');
    const suggestions = suggestFixes(field, values);
    if (suggestions.length > 0) out.push({ column, suggestions });
  });
  return { ok: true, value: out };
}

/**
 * The valid rows apart from the rows with problems: the file is converted and checked (the
 * validator names each row with a problem), then the converted text is split record by record.
 * Each part keeps the template's header.
 */
export async function splitValidRows(
  file: Blob,
  rules: {
    schema: ObjectSchema;
    mode: 'full' | 'columns-only';
    externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
  },
  prepare: Prepare,
  chunks: (file: Blob) => AsyncIterable<Uint8Array>,
): Promise<Outcome<Split>> {
  const invalid = new Set<number>();
  const validator = createCsvValidator(rules.schema, {
    mode: rules.mode,
    ...(rules.externalIdColumn ? { externalIdColumn: rules.externalIdColumn } : {}),
    onPackage: (pkg) => {
      for (const r of pkg.rows) if (r.problems.length > 0) invalid.add(r.row);
    },
  });
  const converted = await convertAndCheck(
    file,
    rules.schema,
    prepare,
    { validator, onBytes: () => undefined },
    chunks,
  );
  if (!converted.ok) return converted;
  const summary = validator.end();
  if (summary.fileError) return { ok: false, message: summary.fileError.message };
  const good: string[] = [];
  const bad: string[] = [];
  let validRows = 0;
  let invalidRows = 0;
  const scanner = createDelimitedScanner(',', (fields, count, row) => {
    // The conversion's empty lines (rows with no values) are in neither part.
    if (row > 1 && count === 1 && fields[0] === '') return;
    const line = csvLine(fields.slice(0, count));
    if (row === 1) {
      good.push(line);
      bad.push(line);
    } else if (invalid.has(row)) {
      bad.push(line);
      invalidRows++;
    } else {
      good.push(line);
      validRows++;
    }
  });
  const decoder = createChunkDecoder('utf-8');
  for await (const chunk of chunks(converted.value.blob)) scanner.write(decoder.decode(chunk));
  scanner.write(decoder.end());
  scanner.end();
  return {
    ok: true,
    value: {
      valid: new Blob(good, { type: 'text/csv' }),
      validRows,
      invalid: new Blob(bad, { type: 'text/csv' }),
      invalidRows,
    },
  };
}
