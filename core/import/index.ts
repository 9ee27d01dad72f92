/**
 * The import assistant's core (issue 12; contract §8 `prepare`): detect, match, convert, fix.
 * Browser-safe: the CLI and the app's worker use the same functions. std.
 */
export { inspectHead, type Inspection, type TextInspection } from './inspect.ts';
export {
  detectFormat,
  encodingInWords,
  formatInWords,
  type DetectedFormat,
  type TextEncodingName,
} from './detect-format.ts';
export {
  detectDelimiter,
  delimiterInWords,
  delimiters,
  type Delimiter,
} from './detect-delimiter.ts';
export { createDelimitedScanner, type DelimitedScanner } from './delimited-scanner.ts';
export { createChunkDecoder } from './text-decoder.ts';
export { createWindows1252Decoder, encodeWindows1252 } from './windows-1252.ts';
export {
  columnSuggestions,
  matchColumns,
  templateColumns,
  type ColumnChoice,
  type ColumnMatch,
  type ColumnPairing,
  type TemplateColumn,
} from './match-columns.ts';
export {
  createDelimitedConverter,
  createRecordWriter,
  csvLine,
  planConversion,
  type ConversionPlan,
  type ValueFix,
} from './convert.ts';
export {
  detectDateOrder,
  detectDecimalMark,
  fixChoice,
  fixDate,
  fixNumber,
  makeFix,
  suggestFixes,
  trimSpaces,
  type FixSuggestion,
} from './fixes.ts';
export { openWorkbook, type Workbook } from './xlsx.ts';
export { preparePlan, type PreparePlan, type PreparePlanFailure } from './prepare-plan.ts';
export { describeSeparatorProblem } from './explain.ts';
