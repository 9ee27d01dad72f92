/**
 * The name a file gets on the server, by the platform's convention (contract §4): flexible mode
 * needs `<Object>_<anything>.csv`; territories need a `<level>_` prefix; names never start with
 * `.` nor end in `.part`. "Fix and resubmit" adds a fresh suffix so the platform sees a new file.
 * std.
 */
import type { ImportTarget } from '../features/import-wizard/import-wizard-machine.ts';

/** Letters, digits, `-`, `_` and `.` only; other runs become `_`. */
export function safeBaseName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .replace(/\.part$/i, '');
  return cleaned.length > 0 ? cleaned.slice(0, 150) : 'file';
}

/** Splits "a.b.csv" into ["a.b", ".csv"]. */
export function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot).toLowerCase()] : [name, ''];
}

/** The territory level from a `<level>_` prefix ("2_areas.kml" → 2), or null. */
export function territoryLevel(name: string): number | null {
  const m = /^(\d{1,3})_/.exec(name);
  return m ? Number(m[1]) : null;
}

/** The remote name for a picked file and target. */
export function remoteNameFor(target: ImportTarget, fileName: string, suffix = ''): string {
  const [base0, ext] = splitExtension(safeBaseName(fileName));
  const base = base0 + suffix;
  switch (target.kind) {
    case 'records': {
      // Flexible: `<Object>_…`; a name already starting with the object keeps it (any case).
      const prefix = `${target.object}_`;
      if (target.object === 'Lead') return `${base}${ext}`;
      return base.toLowerCase().startsWith(prefix.toLowerCase())
        ? `${base}${ext}`
        : `${prefix}${base}${ext}`;
    }
    case 'territories':
      return territoryLevel(base) === null ? `1_${base}${ext}` : `${base}${ext}`;
    case 'space-file':
    case 'contact-list':
      return `${base}${ext}`;
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
