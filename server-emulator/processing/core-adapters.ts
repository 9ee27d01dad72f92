/**
 * The one place the processing cycle reaches into the shared core modules (core/naming,
 * core/report, core/csv, core/kml). Everything the processor needs from them goes through here,
 * so a change of their API is a change of this file only. node.
 */

/** Names starting with `.` or ending in `.part` are uploads in progress (contract §4). */
export function isInProgressName(name: string): boolean {
  return name.startsWith('.') || name.toLowerCase().endsWith('.part');
}

/**
 * `name` if `taken(name)` is false, else `stem (2).ext`, `stem (3).ext`, ... (contract §5.7).
 * The extension is the part from the last dot (none for a dotless name).
 */
export function uniqueName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * One CSV cell for a report or an export: a value starting with `= + - @`, a tab or a CR/LF
 * gets a leading `'` so a spreadsheet shows it as text (contract §5.7); quoted when needed.
 */
export function csvCell(value: string): string {
  let v = value;
  const c = v.charCodeAt(0);
  // = + - @ \t \r \n
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 || c === 10) v = "'" + v;
  if (/[",\r\n]/.test(v)) return '"' + v.replace(/"/g, '""') + '"';
  return v;
}

/** One CSV line (CRLF-terminated) of cells. */
export function csvLine(cells: readonly string[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) out += (i === 0 ? '' : ',') + csvCell(cells[i] ?? '');
  return out + '\r\n';
}

export {
  createKmlReader,
  assignParents,
  type LeveledTerritory,
  type ValidPlacemark,
} from '../../core/kml/index.ts';
export { createCsvValidator } from '../../core/csv/validator.ts';

/**
 * The schema a flexible-mode file name names (`<Object>_<anything>.csv`, case-insensitive,
 * contract §4), or a message listing the valid objects.
 */
export function objectFromFileName<S extends { object: string }>(
  name: string,
  schemas: readonly S[],
): { ok: true; schema: S } | { ok: false; message: string } {
  const m = /^([A-Za-z][A-Za-z0-9]*)_/.exec(name);
  const wanted = m?.[1]?.toLowerCase();
  const schema = wanted === undefined ? undefined : schemas.find((s) => s.object.toLowerCase() === wanted);
  if (schema) return { ok: true, schema };
  const valid = schemas.map((s) => s.object);
  const examples = valid.map((o) => `${o}_<anything>.csv`).join(', ');
  return {
    ok: false,
    message: `The file name "${name}" does not say which data object it holds. Name it <Object>_<anything>.csv, where <Object> is one of: ${valid.join(', ')} (for example ${examples}).`,
  };
}

/** The territory level of a KML name (`2_areas.kml` → 2), or a message asking for a prefix. */
export function territoryLevel(name: string): { ok: true; level: number } | { ok: false; message: string } {
  const m = /^(\d{1,3})_/.exec(name);
  const level = m ? Number(m[1]) : 0;
  if (level >= 1) return { ok: true, level };
  return {
    ok: false,
    message: `The file name "${name}" has no level prefix. Rename it to start with the territory level, such as 1_${name} for the top level or 2_${name} for the level below it; lower levels are processed first.`,
  };
}
export { createCsvScanner } from '../../core/csv/scanner.ts';
