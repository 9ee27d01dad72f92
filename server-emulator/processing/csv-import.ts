/**
 * Imports one CSV file into the database (contract §5): streams it through the shared validator,
 * writes each package of 10,000 rows in one transaction (valid rows upserted, pins matched,
 * RelatedTo checked and linked), and streams every problem to the errors file. node.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { ObjectSchema } from '../../core/schema/object-schema.ts';
import type { ColumnPackage, RowProblem } from '../../core/csv/types.ts';
import type { Db } from '../storage/db.ts';
import type { RecordInput, RecordsWriter } from '../storage/records-store.ts';
import {
  createCsvScanner,
  createCsvValidator,
  csvDefaults,
  nodeAsciiDecoding,
} from './core-adapters.ts';
import { addressFields } from '../storage/ids.ts';
import { crashPoint } from './crash.ts';
import type { ProblemSink } from './reports.ts';

export type CsvImportOptions = {
  db: Db;
  writer: RecordsWriter;
  schema: ObjectSchema;
  externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
  requiredColumnAnyOf?: readonly string[];
  /** Journal id of the claim, so redoing the file updates the same records (contract §5.9). */
  srcClaim: number;
  /** Added to each row number for `src_row` (a ZIP entry's offset). */
  srcRowBase: number;
  pullSource?: string;
  sink: ProblemSink;
  /** Called after each package commits (the fault hook and progress log). */
  onCommitted?: (packageIndex: number, rows: number) => void;
};

export type CsvImportSummary = {
  rowsTotal: number;
  rowsImported: number;
  rowsFailed: number;
  packages: number;
  warnings: string[];
  fileError?: { code: string; message: string };
  header: string[];
};

/** The `RelatedTo`-style field of a schema, if it has one. */
function relatedField(schema: ObjectSchema): { name: string; object: string } | undefined {
  const f = schema.fields.find((x) => x.relatedObject !== undefined);
  return f?.relatedObject !== undefined ? { name: f.name, object: f.relatedObject } : undefined;
}

/** Where the columns the writer needs sit in a package row (-1: absent), and JSON keys. */
type Layout = {
  /** `{"Name":"` for the first column, `,"Name":"` for the others. */
  keys: string[];
  address: number[];
  ext: number;
  pin: number;
  related: number;
};

/** The {@link Layout} of a file's package columns. */
function layoutOf(
  columns: readonly string[],
  extCol: string | undefined,
  relatedName: string | undefined,
): Layout {
  const at = (name: string | undefined): number =>
    name === undefined ? -1 : columns.indexOf(name);
  return {
    keys: columns.map((c, i) => (i === 0 ? '{' : ',') + JSON.stringify(c) + ':"'),
    address: addressFields.map((f) => at(f)),
    ext: at(extCol),
    pin: at('ExternalPinId'),
    related: at(relatedName),
  };
}

/** Characters JSON text must escape (surrogates: a lone one is escaped by JSON.stringify). */
// eslint-disable-next-line no-control-regex
const jsonEscaped = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The row's values as JSON text: the same text `JSON.stringify` gives for an object with these
 * keys in this order, built by hand (about 2× faster, and no object per row). A value with a
 * character JSON escapes goes through `JSON.stringify` itself.
 */
export function fieldsJson(
  keys: readonly string[],
  values: readonly string[],
  base: number,
): string {
  if (keys.length === 0) return '{}';
  let out = '';
  for (let c = 0; c < keys.length; c++) {
    const v = values[base + c]!;
    out += keys[c]! + (jsonEscaped.test(v) ? JSON.stringify(v).slice(1, -1) : v) + '"';
  }
  return out + '}';
}

/** The record input reused for every row of a file, with its per-file parts filled in. */
function blankInput(o: CsvImportOptions, address: string[]): RecordInput {
  return {
    object: o.schema.object,
    fields: '',
    address,
    externalId: '',
    externalPinId: '',
    srcClaim: o.srcClaim,
    srcRow: 0,
    ...(o.pullSource !== undefined ? { pullSource: o.pullSource } : {}),
  };
}

/** Reports every problem of a package that is not stored; returns how many rows had any. */
function sinkProblems(pkg: ColumnPackage, sink: ProblemSink): number {
  let rows = 0;
  for (let k = 0; k < pkg.count; k++) {
    const problems = pkg.problems[k];
    if (problems === undefined) continue;
    rows++;
    for (const p of problems) {
      sink.add({ row: p.row, column: p.column, value: p.value, message: p.message });
    }
  }
  return rows;
}

/**
 * Whether the whole file will read as CSV: every byte UTF-8 (contract §5.1), and no structural
 * failure (an unterminated quote, a field or row over the size bounds) anywhere in it. Checked
 * before any row is stored, so a file that fails on either imports nothing even when the problem
 * is near its end, after earlier packages would have committed ("no half file processed").
 */
export async function isReadableCsvFile(path: string): Promise<boolean> {
  const scanner = createCsvScanner(() => undefined, {
    maxFieldBytes: csvDefaults.maxFieldBytes,
    maxRowBytes: csvDefaults.maxRowBytes,
  });
  const decoder = new TextDecoder('utf-8');
  let carry: Buffer = Buffer.alloc(0);
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk: Buffer =
      carry.length > 0 ? Buffer.concat([carry, raw as Buffer]) : (raw as Buffer);
    const cut = completePrefixLength(chunk);
    const whole = chunk.subarray(0, cut);
    if (!isUtf8(whole)) return false;
    scanner.write(decoder.decode(whole, { stream: true }));
    if (scanner.failure) return false;
    carry = Buffer.from(chunk.subarray(cut));
  }
  if (carry.length > 0 && !isUtf8(carry)) return false;
  scanner.write(decoder.decode(carry));
  scanner.end();
  return scanner.failure === undefined;
}

/** Length of `b` without a trailing incomplete UTF-8 sequence (at most 3 bytes are held back). */
function completePrefixLength(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const byte = b[n - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Imports `path`; throws only on storage or read failures (the file is then retried). */
export async function importCsvFile(path: string, o: CsvImportOptions): Promise<CsvImportSummary> {
  // A file that will fail on its encoding or structure is validated without storing anything.
  const store = await isReadableCsvFile(path);
  const related = relatedField(o.schema);
  const extCol = o.externalIdColumn;
  let imported = 0;
  let failed = 0;

  // A pull source's earlier rows are replaced, in the first package's transaction, so a file that
  // fails its header check leaves the last good import in place.
  let replaced = o.pullSource === undefined;
  /** Per file: where each needed column sits in a package row (-1: absent), and JSON keys. */
  let layout: Layout | undefined;
  // One input object reused for every row (the writer keeps nothing of it).
  const address = ['', '', '', '', ''];
  const input = blankInput(o, address);
  // The row being stored, read once from the package's spans (core/csv/types.ts ColumnPackage):
  // its strings are made here and die young, after the row is written.
  const cells: string[] = [];
  const writePackage = o.db.transaction((pkg: ColumnPackage) => {
    if (!replaced && o.pullSource !== undefined) {
      o.writer.deletePulled(o.pullSource);
      replaced = true;
    }
    const l = (layout ??= layoutOf(pkg.columns, extCol, related?.name));
    const width = pkg.columns.length;
    cells.length = width;
    for (let k = 0; k < pkg.count; k++) {
      const problems = pkg.problems[k];
      if (problems !== undefined) {
        failed++;
        for (const p of problems) sinkProblem(p);
        continue;
      }
      for (let c = 0; c < width; c++) cells[c] = pkg.value(k * width + c);
      if (storeRow(l, cells, 0, pkg.rows[k]!)) imported++;
      else failed++;
    }
  });

  /** Stores one valid row (its values from `base` on); false when its RelatedTo names nothing. */
  function storeRow(l: Layout, values: readonly string[], base: number, row: number): boolean {
    let parent: number | undefined;
    if (related && l.related >= 0) {
      const ref = values[base + l.related]!;
      if (ref !== '') {
        parent = o.writer.findRecord(ref, related.object);
        if (parent === undefined) {
          o.sink.add({
            row,
            column: related.name,
            value: ref,
            message: `No ${related.object} has the RecordID "${ref}". Export the ${related.object} records and copy the RecordID from the export, or import the ${related.object} first.`,
          });
          return false;
        }
      }
    }
    input.fields = fieldsJson(l.keys, values, base);
    for (let a = 0; a < 5; a++) {
      const c = l.address[a]!;
      address[a] = c >= 0 ? values[base + c]! : '';
    }
    input.externalId = l.ext >= 0 ? values[base + l.ext]! : '';
    input.externalPinId = l.pin >= 0 ? values[base + l.pin]! : '';
    input.srcRow = o.srcRowBase + row;
    const id = o.writer.upsert(input, related !== undefined);
    if (related) o.writer.relate(id, parent);
    return true;
  }

  function sinkProblem(p: RowProblem): void {
    o.sink.add({ row: p.row, column: p.column, value: p.value, message: p.message });
  }

  let packages = 0;
  const validator = createCsvValidator(o.schema, {
    mode: 'full',
    ascii: nodeAsciiDecoding,
    ...(extCol ? { externalIdColumn: extCol } : {}),
    ...(o.requiredColumnAnyOf ? { requiredColumnAnyOf: o.requiredColumnAnyOf } : {}),
    packageSize: 10_000,
    onColumnPackage: (pkg) => {
      packages++;
      if (store) {
        writePackage(pkg);
        o.onCommitted?.(pkg.index, pkg.count);
        if (packages === 1) crashPoint('after-package-1');
      } else failed += sinkProblems(pkg, o.sink);
    },
  });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    validator.push(chunk as Buffer);
    if (validator.failed) break;
  }
  const summary = validator.end();
  crashPoint('after-last-package');
  let fileError = summary.fileError
    ? { code: summary.fileError.code as string, message: summary.fileError.message }
    : undefined;
  if (!store && !fileError) {
    fileError = {
      code: 'not-utf8',
      message: 'The file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.',
    };
  }
  if (fileError) o.sink.add({ row: 0, column: '', value: '', message: fileError.message });
  else if (!replaced && o.pullSource !== undefined) o.writer.deletePulled(o.pullSource);
  return {
    rowsTotal: summary.rowsTotal,
    rowsImported: store ? imported : 0,
    rowsFailed: fileError ? Math.max(failed, summary.rowsTotal - (store ? imported : 0)) : failed,
    packages,
    warnings: summary.warnings,
    ...(fileError ? { fileError } : {}),
    header: summary.header,
  };
}
