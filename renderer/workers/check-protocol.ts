/**
 * Messages between the page and the checking worker (validate.worker.ts): what to check, progress,
 * and the results as plain data. std.
 */
import type { CsvValidationSummary } from '../../core/csv/types.ts';
import type { ColumnChoice } from '../../core/import/match-columns.ts';
import type { FixKind, FixOptions, FixSuggestion } from '../../core/import/fixes.ts';
import type { TextEncodingName } from '../../core/import/detect-format.ts';
import type {
  FindOptions,
  GridCounts,
  GridProblem,
  GridRow,
  GridRules,
} from '../../core/import/grid-model.ts';
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
      /** Convert first (import assistant, issue 12): the check and the upload see the result. */
      prepare?: Prepare;
    }
  | { type: 'check-kml'; files: { name: string; file: Blob }[] }
  /** The first look (import assistant): encoding, separator or sheets, header and a preview. */
  | { type: 'inspect'; file: Blob; delimiter?: string; sheet?: string }
  /** One-click fixes worth offering, per template column, from the file's first rows. */
  | { type: 'suggest'; file: Blob; schema: ObjectSchema; prepare: Prepare }
  /** The converted file split into its valid rows and its rows with problems (issue 12 §4). */
  | {
      type: 'split';
      file: Blob;
      schema: ObjectSchema;
      mode: 'full' | 'columns-only';
      externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
      prepare: Prepare;
    };

/** How the picked file is read: a delimited text or one sheet of a workbook. */
export type ReadSource =
  | { format: 'csv'; encoding: TextEncodingName; delimiter: string }
  | { format: 'xlsx'; sheet: string };

/** What the first look found. */
export type Reading = ReadSource & {
  /** csv: whether the data chose the separator; xlsx: always true. */
  delimiterDetected: boolean;
  /** xlsx: every sheet's name (one to pick when several). */
  sheets: string[];
  header: string[];
  preview: string[][];
};

/** Conversion before the check: how to read, and every file column's template column ('' = out). */
export type Prepare = { source: ReadSource; choices: ColumnChoice[]; fixes?: ColumnFix[] };

/** A one-click fix applied to a whole template column while converting (core/import/fixes.ts). */
export type ColumnFix = { column: string; kind: FixKind; options: FixOptions };

/** The fixes offered for one template column. */
export type ColumnSuggestions = { column: string; suggestions: FixSuggestion[] };

/** What the conversion made: the CSV UTF-8 bytes with commas the upload sends. */
export type Converted = {
  blob: Blob;
  rows: number;
  shortRows: number;
  longRows: number;
  /** What the conversion did that stays visible (prepare-plan.ts conversionWarnings). */
  warnings: string[];
};

export type KmlFileResult = {
  name: string;
  level: number | null;
  summary: KmlSummary;
  /** For a .kmz: the KML inside it, what was checked and what is sent (kmz-reading.ts). */
  kml?: Blob;
};

export type CheckResponse =
  | { type: 'progress'; bytes: number; total: number; rows: number }
  | { type: 'csv-done'; summary: CsvValidationSummary; converted?: Converted }
  | { type: 'inspected'; reading: Reading }
  | { type: 'suggested'; columns: ColumnSuggestions[] }
  | { type: 'split-done'; split: Split }
  | { type: 'kml-done'; files: KmlFileResult[]; collection: TerritoryCollection }
  | { type: 'failed'; message: string };

/** Both parts as CSV UTF-8 with the template's header; counts of data rows. */
export type Split = { valid: Blob; validRows: number; invalid: Blob; invalidRows: number };

/**
 * The grid (issue 12 §4, grid-session.ts): the worker keeps the checked file's model between
 * requests, so the page only ever holds the rows it shows. Each request carries a `seq` its answer
 * repeats. `row` is the model's row id (GridRow.row), `start` a position in the grid's order.
 */
export type GridRequest =
  | { type: 'grid-open'; seq: number; file: Blob; rules: GridRules }
  | { type: 'grid-window'; seq: number; start: number; count: number }
  | { type: 'grid-check'; seq: number; row: number; column: number; value: string }
  | { type: 'grid-edit'; seq: number; row: number; column: number; value: string }
  | {
      type: 'grid-find-replace';
      seq: number;
      column: number;
      find: string;
      replace: string;
      options: FindOptions;
    }
  | { type: 'grid-remove'; seq: number; row: number }
  | { type: 'grid-reorder'; seq: number }
  /** The file as edited (CSV UTF-8), to check and send like any prepared file. */
  | { type: 'grid-export'; seq: number }
  /** The edited rows split as 'split' does. */
  | { type: 'grid-split'; seq: number };

/** How many rows the grid shows and what the file holds now. */
export type GridState = { rowCount: number; counts: GridCounts };

export type GridResponse =
  | ({ type: 'grid-opened'; seq: number; columns: string[]; extraColumns: number } & GridState)
  | ({ type: 'grid-rows'; seq: number; rows: GridRow[] } & GridState)
  | { type: 'grid-checked'; seq: number; problems: GridProblem[] }
  | ({ type: 'grid-changed'; seq: number; replaced: number; row: GridRow | null } & GridState)
  | { type: 'grid-exported'; seq: number; blob: Blob; rows: number }
  | { type: 'grid-split'; seq: number; split: Split }
  | { type: 'grid-failed'; seq: number; message: string };

/** Everything the checking worker takes and answers. */
export type WorkerRequest = CheckRequest | GridRequest;
export type WorkerResponse = CheckResponse | GridResponse;

export const isGridRequest = (r: WorkerRequest): r is GridRequest => r.type.startsWith('grid-');
