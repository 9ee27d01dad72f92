/**
 * The one place the processing cycle reaches into the shared core modules (core/naming,
 * core/report, core/csv, core/kml). Everything the processor needs from them goes through here,
 * so a change of their API is a change of this file only. node.
 */
import { readdirSync } from 'node:fs';
import { uniqueName } from '../../core/naming/index.ts';
import { csvCell } from '../../core/report/index.ts';

export {
  isInProgressName,
  objectFromFileName,
  territoryLevel,
  uniqueName,
} from '../../core/naming/index.ts';
export {
  buildImportResult,
  buildZipResult,
  csvCell,
  errorsCsvHeader,
  errorsCsvRow,
  formatImportResult,
  maxResultErrors,
  type ImportResult,
  type ResultError,
} from '../../core/report/index.ts';
export {
  createKmlReader,
  assignParents,
  type LeveledTerritory,
  type ValidPlacemark,
} from '../../core/kml/index.ts';
export { createCsvScanner, createCsvValidator, csvDefaults } from '../../core/csv/index.ts';
export { nodeAsciiDecoding } from '../../engine/ascii-decoding.ts';

/** One CSV line (CRLF-terminated) of neutralised, quoted cells (exports, contract §7). */
export function csvLine(cells: readonly string[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) out += (i === 0 ? '' : ',') + csvCell(cells[i] ?? '');
  return out + '\r\n';
}

/**
 * A name for `name` that is free in `dir` for the file and its two reports (contract §5.7: never
 * overwrite; ` (2)`-style suffix). A report left without its file also takes the name.
 */
export function freeNameIn(
  dir: string,
  name: string,
  reportSuffixes: readonly string[] = [],
): string {
  let listing: string[];
  try {
    listing = readdirSync(dir);
  } catch {
    listing = [];
  }
  const taken = new Set<string>();
  for (const f of listing) {
    taken.add(f);
    for (const s of reportSuffixes) if (f.endsWith(s)) taken.add(f.slice(0, -s.length));
  }
  return uniqueName(name, taken);
}
