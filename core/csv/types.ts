/**
 * The streaming CSV validator's public types (contract §3, §5). The app (local check, in a Web
 * Worker), the CLI (`sftp-import validate`) and the emulator (processing a drop) all use the one
 * implementation behind these types. std.
 */
import type { ObjectSchema } from '../schema/object-schema.ts';
import type { AsciiDecoding } from './decode.ts';

/** Machine-readable kind of a problem, for filters in the UI ("error kind"). */
export type ProblemCode =
  | 'required'
  | 'too-long'
  | 'not-a-number'
  | 'not-an-integer'
  | 'not-a-currency'
  | 'not-a-boolean'
  | 'not-a-date'
  | 'not-a-datetime'
  | 'not-an-email'
  | 'not-a-phone'
  | 'not-a-url'
  | 'not-an-option'
  | 'not-a-latitude'
  | 'not-a-longitude'
  | 'duplicate-external-id'
  | 'ragged-row'
  | 'field-too-large'
  | 'row-too-large'
  | 'unterminated-quote'
  | 'related-not-found'
  /** A control character (NUL, ESC, …; not tab, CR or LF) inside a value (issue 14). */
  | 'control-character';

/** One problem in one cell (or one row, when `column` is ''). */
export type RowProblem = {
  /** The row as a spreadsheet shows it: the header is row 1, the first data row is 2. */
  row: number;
  column: string;
  value: string;
  code: ProblemCode;
  /** Plain words that say what is wrong and what to do. */
  message: string;
};

/** A problem that fails the whole file (encoding, missing required column, unreadable CSV). */
export type FileProblemCode =
  /** Not UTF-8 text; also a ZIP, .xlsx or gzip under a .csv name, which the message names (issue 14). */
  | 'not-utf8'
  | 'empty-file'
  | 'missing-column'
  | 'duplicate-column'
  | 'no-header'
  | 'field-too-large'
  | 'row-too-large'
  | 'unterminated-quote'
  | 'missing-required-column-any-of';
export type FileProblem = { code: FileProblemCode; message: string };

/** One data row after validation. */
export type ValidatedRow = {
  /** Spreadsheet row number (header = 1). A quoted newline does not change the numbering: one record, one row. */
  row: number;
  /**
   * The row's values by the schema's field name (its canonical spelling), normalised:
   * dates as YYYY-MM-DD, booleans as 'true'/'false', picklists in the option's own case,
   * numbers/currency without grouping or symbols; '' means no value. Columns not in the
   * schema are absent. Reserved columns (External*Id, RelatedTo) are included when present,
   * trimmed.
   */
  values: Record<string, string>;
  /** Empty when the row is valid. */
  problems: RowProblem[];
};

/** A package of up to `packageSize` consecutive data rows (contract §5.3: 10,000). */
export type RowPackage = { index: number; rows: ValidatedRow[] };

/**
 * A package of up to `packageSize` consecutive data rows, column-oriented (the emulator's path):
 * no object per row. Row k's value of column c is `value(k * columns.length + c)`, normalised
 * as in {@link ValidatedRow} ('' = no value, also for the cells a ragged row lacks). The cells
 * are kept as spans of the decoded text until read, so `value` makes each string when asked
 * (docs/csv-validator.md, "Packages as spans"). Everything here is reused for the next package:
 * copy what you keep before `onColumnPackage` returns.
 */
export type ColumnPackage = {
  index: number;
  /** The schema's spelling of each column present in the file, in file order (same each time). */
  columns: readonly string[];
  /** Rows in this package. */
  count: number;
  /** `rows[k]`: row k's spreadsheet row number (header = 1). */
  rows: readonly number[];
  /** Value `i` of the `count × columns.length` values, row after row: a new string each call. */
  value(i: number): string;
  /**
   * All `count × columns.length` values as strings, made on first use: what {@link value} saves
   * (about 30 MB of peak RSS on the emulator's path), so read cells with `value` where you can.
   */
  readonly values: readonly string[];
  /** `problems[k]`: row k's problems, or undefined when the row is valid. */
  problems: readonly (RowProblem[] | undefined)[];
};

export type ValidationMode =
  /** Full checks: every field type and rule. */
  | 'full'
  /** A header-only template picked from disk: columns are checked, types are not (contract §3). */
  | 'columns-only';

export type CsvValidatorOptions = {
  mode?: ValidationMode;
  /** Which external-id column applies: classic uses ExternalLeadId, flexible ExternalDataObjectId. */
  externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
  /** Rows per package (default 10,000). */
  packageSize?: number;
  /** Largest single field in bytes (default 1 MiB); bigger fails the file with its row. */
  maxFieldBytes?: number;
  /** Largest row in bytes (default 4 MiB). */
  maxRowBytes?: number;
  /** At least one of these columns must be present (the pull profile's company name). */
  requiredColumnAnyOf?: readonly string[];
  /** Called with each complete package, synchronously, in order. */
  onPackage?: (pkg: RowPackage) => void;
  /**
   * The same packages column-oriented (cheaper: no object per row), synchronously, in order.
   * Use instead of `onPackage` (when both are given, only this one is called).
   */
  onColumnPackage?: (pkg: ColumnPackage) => void;
  /** Keep at most this many row problems in the summary (default 1,000); counts stay exact. */
  maxReportedProblems?: number;
  /** A faster decoder for all-ASCII text where the platform has one (Node: engine/ascii-decoding.ts). */
  ascii?: AsciiDecoding;
};

/** What a whole file came to. Shape of `sftp-import validate --json` (contract §8). */
export type CsvValidationSummary = {
  valid: boolean;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  packages: number;
  /** The first `maxReportedProblems` row problems, in file order. */
  errors: RowProblem[];
  /** Total row problems found (may exceed errors.length). */
  problemCount: number;
  /** e.g. unknown columns, which are ignored. */
  warnings: string[];
  /** Set when the whole file fails (then `valid` is false). */
  fileError?: FileProblem;
  /** The header as read (after BOM removal), and how it maps onto the schema. */
  header: string[];
  unknownColumns: string[];
};

/** A push-based validator: feed it bytes as they arrive, then end it. */
export interface CsvValidator {
  /** Feeds the next chunk of the file's bytes. Cheap to call with any chunk size. */
  push(chunk: Uint8Array): void;
  /** Signals the end of the file; flushes the last package; returns the summary. */
  end(): CsvValidationSummary;
  /** Whether a file-level problem has already stopped validation (later pushes are ignored). */
  readonly failed: boolean;
  /** Data rows read so far (for progress: counting them through packages costs a copy of each value). */
  readonly rowsSoFar: number;
}

export type CreateCsvValidator = (
  schema: ObjectSchema,
  options?: CsvValidatorOptions,
) => CsvValidator;
