/**
 * What FTP listings and file facts look like (contract §12): `LIST` lines as `ls -l` (the same
 * format SFTP's longnames use), `MLSD`/`MLST` facts (RFC 3659: type, size, modify, perm) and the
 * `MDTM` time. Pure. std.
 */
import { attrsOf, longnameOf, type StatLike } from '../sftp/longname.ts';

export type ListEntry = { name: string; stats: StatLike; writable: boolean };

/** `YYYYMMDDHHMMSS` in UTC (RFC 3659 time-val). */
export function ftpTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The facts of one entry, `type=file;size=12;modify=…;perm=r;` (no name). */
export function mlsxFacts(e: ListEntry, type?: 'cdir' | 'pdir'): string {
  const dir = e.stats.isDirectory();
  const kind = type ?? (dir ? 'dir' : 'file');
  // perm: r read, w write (STOR), a append, d delete, f rename; folders: e enter, l list, c create.
  const perm = dir ? `el${e.writable ? 'c' : ''}` : `r${e.writable ? 'wadf' : ''}`;
  return `type=${kind};size=${e.stats.size};modify=${ftpTime(e.stats.mtimeMs)};perm=${perm};`;
}

/** An `MLSD` listing (CRLF lines, `facts name`). */
export function mlsdText(entries: readonly ListEntry[]): string {
  return entries.map((e) => `${mlsxFacts(e)} ${e.name}\r\n`).join('');
}

/** A `LIST` listing, `ls -l` lines. */
export function listText(entries: readonly ListEntry[], owner: string, nowMs: number): string {
  return entries
    .map((e) => `${longnameOf(e.name, attrsOf(e.stats, e.writable), owner, nowMs)}\r\n`)
    .join('');
}

/** An `NLST` listing: names only. */
export function nlstText(entries: readonly ListEntry[]): string {
  return entries.map((e) => `${e.name}\r\n`).join('');
}

/** An FTP path argument quoted for a `257` reply (RFC 959: `"` doubled). */
export function quotePath(path: string): string {
  return `"${path.replace(/"/g, '""')}"`;
}
