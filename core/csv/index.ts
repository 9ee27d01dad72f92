/**
 * The shared CSV import rules (contract §3, §5): the streaming validator and its types. std.
 */
export type * from './types.ts';
export { createCsvValidator, csvDefaults } from './validator.ts';
export { createCsvScanner, type CsvScanner, type RecordSink, type ScanFailure } from './scanner.ts';
export {
  createUtf8Decoder,
  sniffEncoding,
  type DecodeFailure,
  type AsciiDecoding,
  type Utf8StreamDecoder,
} from './decode.ts';
export { mapHeader, reservedFor, type HeaderMap } from './header.ts';
