/**
 * Messages between the page and the checking worker (validate.worker.ts): what to check, progress,
 * and the results as plain data. std.
 */
import type { CsvValidationSummary } from '../../core/csv/types.ts';
import type { KmlSummary } from '../../core/kml/types.ts';
import type { ObjectSchema } from '../../core/schema/object-schema.ts';
import type { TerritoryCollection } from '../features/territories/territory-features.ts';

export type CheckRequest =
  | {
      type: 'check-csv';
      file: Blob;
      schema: ObjectSchema;
      mode: 'full' | 'columns-only';
      externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
      requiredColumnAnyOf?: readonly string[];
    }
  | { type: 'check-kml'; files: { name: string; file: Blob }[] };

export type KmlFileResult = { name: string; level: number | null; summary: KmlSummary };

export type CheckResponse =
  | { type: 'progress'; bytes: number; total: number; rows: number }
  | { type: 'csv-done'; summary: CsvValidationSummary }
  | { type: 'kml-done'; files: KmlFileResult[]; collection: TerritoryCollection }
  | { type: 'failed'; message: string };
