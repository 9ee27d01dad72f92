/**
 * Imports one CSV file into the database (contract §5): streams it through the shared validator,
 * writes each package of 10,000 rows in one transaction (valid rows upserted, pins matched,
 * RelatedTo checked and linked), and streams every problem to the errors file. node.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { ObjectSchema } from '../../core/schema/object-schema.ts';
import type { RowPackage } from '../../core/csv/types.ts';
import type { Db } from '../storage/db.ts';
import type { RecordsWriter } from '../storage/records-store.ts';
import { createCsvValidator } from './core-adapters.ts';
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

/**
 * Whether every byte of the file is UTF-8. Checked before any row is stored, so a file that fails
 * on its encoding imports nothing even when the bad byte is near its end (contract §5.1).
 */
export async function isUtf8File(path: string): Promise<boolean> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk: Buffer =
      carry.length > 0 ? Buffer.concat([carry, raw as Buffer]) : (raw as Buffer);
    const cut = completePrefixLength(chunk);
    if (!isUtf8(chunk.subarray(0, cut))) return false;
    carry = Buffer.from(chunk.subarray(cut));
  }
  return carry.length === 0 || isUtf8(carry);
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
  // A file that will fail on its encoding is validated without storing anything.
  const store = await isUtf8File(path);
  const related = relatedField(o.schema);
  const extCol = o.externalIdColumn;
  let imported = 0;
  let failed = 0;

  // A pull source's earlier rows are replaced, in the first package's transaction, so a file that
  // fails its header check leaves the last good import in place.
  let replaced = o.pullSource === undefined;
  const writePackage = o.db.transaction((pkg: RowPackage) => {
    if (!replaced && o.pullSource !== undefined) {
      o.writer.deletePulled(o.pullSource);
      replaced = true;
    }
    for (const r of pkg.rows) {
      if (r.problems.length > 0) {
        failed++;
        for (const p of r.problems) {
          o.sink.add({ row: p.row, column: p.column, value: p.value, message: p.message });
        }
        continue;
      }
      const v = r.values;
      let parent: number | undefined;
      if (related) {
        const ref = v[related.name] ?? '';
        if (ref !== '') {
          parent = o.writer.findRecord(ref, related.object);
          if (parent === undefined) {
            failed++;
            o.sink.add({
              row: r.row,
              column: related.name,
              value: ref,
              message: `No ${related.object} has the RecordID "${ref}". Export the ${related.object} records and copy the RecordID from the export, or import the ${related.object} first.`,
            });
            continue;
          }
        }
      }
      const id = o.writer.upsert(
        {
          object: o.schema.object,
          values: v,
          externalId: extCol ? (v[extCol] ?? '') : '',
          externalPinId: v['ExternalPinId'] ?? '',
          srcClaim: o.srcClaim,
          srcRow: o.srcRowBase + r.row,
          ...(o.pullSource !== undefined ? { pullSource: o.pullSource } : {}),
        },
        related !== undefined,
      );
      if (related) o.writer.relate(id, parent);
      imported++;
    }
  });

  let packages = 0;
  const validator = createCsvValidator(o.schema, {
    mode: 'full',
    ...(extCol ? { externalIdColumn: extCol } : {}),
    ...(o.requiredColumnAnyOf ? { requiredColumnAnyOf: o.requiredColumnAnyOf } : {}),
    packageSize: 10_000,
    onPackage: (pkg) => {
      packages++;
      if (store) {
        writePackage(pkg);
        o.onCommitted?.(pkg.index, pkg.rows.length);
        if (packages === 1) crashPoint('after-package-1');
      } else {
        failed += pkg.rows.filter((r) => r.problems.length > 0).length;
        for (const r of pkg.rows) {
          for (const p of r.problems) {
            o.sink.add({ row: p.row, column: p.column, value: p.value, message: p.message });
          }
        }
      }
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
