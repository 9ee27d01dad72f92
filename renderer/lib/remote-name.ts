/**
 * The name a file gets on the server, by the platform's convention (contract §4), through
 * core/naming: flexible mode needs `<Object>_…`; territories need a `<level>_` prefix; names never
 * start with `.` nor end in `.part`. "Fix and resubmit" adds a fresh suffix so the platform sees
 * a new file. std.
 */
import {
  checkSafeName,
  extensionOf,
  isInProgressName,
  suggestFileName,
  territoryFileName,
  territoryLevel as levelOf,
} from '../../core/naming/index.ts';
import type { ImportTarget } from '../features/import-wizard/import-wizard-machine.ts';

/** Splits "a.b.csv" into ["a.b", ".csv"]. */
export function splitExtension(name: string): [string, string] {
  const ext = extensionOf(name);
  return [name.slice(0, name.length - ext.length), ext.toLowerCase()];
}

/**
 * The territory level from a `<level>_` prefix ("2_areas.kml" → 2), or null. A picked .kmz has
 * the level of the KML it is sent as ("2_areas.kmz" → 2).
 */
export function territoryLevel(name: string): number | null {
  const r = levelOf(name.replace(/\.kmz$/i, '.kml'));
  return r.ok ? r.level : null;
}

/** Why a name cannot be used on the server, or null when it can. */
export function remoteNameProblem(name: string): string | null {
  if (isInProgressName(name)) {
    return 'A name cannot start with “.” or end with “.part”: the platform skips those as unfinished uploads.';
  }
  const safe = checkSafeName(name);
  return safe.ok ? null : safe.message;
}

/** The remote name for a picked file and target; `suffix` goes before the extension. */
export function remoteNameFor(
  target: ImportTarget,
  objectFromFileName: boolean,
  fileName: string,
  suffix: string,
  clock: () => Date,
): string {
  const [stem, ext] = splitExtension(fileName.split(/[/\\]/).pop() ?? fileName);
  const original = `${stem.replace(/^\.+/, '')}${suffix}${ext}`.replace(/\.part$/i, '');
  switch (target.kind) {
    case 'records':
      return suggestFileName({ objectFromFileName }, target.object, original, clock);
    case 'territories':
      // A .kmz is sent as the KML inside it (the platform takes KML): its name says .kml.
      return territoryFileName(territoryLevel(original) ?? 1, original.replace(/\.kmz$/i, '.kml'));
    case 'space-file':
    case 'contact-list':
      return suggestFileName({ objectFromFileName: false }, 'File', original, clock);
  }
}

/** A suffix that makes a resubmitted file's name new: `_fix-YYYYMMDD-HHMMSS`. */
export function resubmitSuffix(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `_fix-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/** Files in processing order: territory levels ascending, then by name (contract §4). */
export function inProcessingOrder<T extends { name: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => {
    const la = territoryLevel(a.name) ?? Number.MAX_SAFE_INTEGER;
    const lb = territoryLevel(b.name) ?? Number.MAX_SAFE_INTEGER;
    return la - lb || a.name.localeCompare(b.name);
  });
}
