/**
 * Unpacks an uploaded ZIP safely (contract §5.8, test plan F8–F10). Entries are streamed to
 * numbered files in the processing area (`<dir>/<index>`): an entry's own name never becomes a
 * path, so nothing can be written outside. Refused: absolute paths, `..`, backslashes, drive
 * letters, symlinks, nested ZIPs; bounded entry count, total inflated size and compression ratio,
 * checked while inflating with a running byte counter (declared sizes can lie). node.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { crashPoint } from './crash.ts';

export type ZipLimits = {
  /** Most entries (default 1,000). */
  maxEntries: number;
  /** Most bytes inflated over all entries (default 1 GiB). */
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio of an entry (default 100), checked past `ratioGraceBytes`. */
  maxRatio: number;
  /** Inflated bytes an entry may reach before its ratio is checked (default 1 MiB). */
  ratioGraceBytes: number;
};

export const defaultZipLimits: ZipLimits = {
  maxEntries: 1000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 100,
  ratioGraceBytes: 1024 * 1024,
};

/** One entry that was unpacked to `path`. */
export type ZipEntryFile = { index: number; name: string; path: string; size: number };
/** One entry that was refused or skipped, with the reason in plain words. */
export type ZipEntryProblem = { index: number; name: string; message: string };

export type UnzipResult =
  | {
      ok: true;
      files: ZipEntryFile[];
      refused: ZipEntryProblem[];
      skipped: ZipEntryProblem[];
      /** Entries that would have been unpacked, held back because another entry was refused. */
      held: { index: number; name: string }[];
    }
  | { ok: false; message: string };

/** Why an entry name is unsafe, or undefined when it is a plain relative name. Pure. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\\')) return 'its name contains a backslash';
  if (name.includes('\0')) return 'its name contains a NUL character';
  if (/^[A-Za-z]:/.test(name)) return 'its name starts with a drive letter';
  if (name.startsWith('/')) return 'its name is an absolute path';
  if (name.split('/').some((part) => part === '..')) {
    return 'its name climbs out of the folder with ..';
  }
  return undefined;
}

/** Whether the entry's Unix mode says symlink (0120000 in the upper 16 bits of the attributes). */
export function isSymlinkEntry(externalFileAttributes: number): boolean {
  return ((externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

class LimitError extends Error {}

/**
 * Our own words for what the ZIP library reported (its messages are not for users): a short
 * clause for the few causes a user can act on, else nothing.
 */
export function detailOf(e: unknown): string {
  const m = e instanceof Error ? e.message : '';
  if (/encrypt/i.test(m)) {
    return ' (an entry is password-protected; make the ZIP without a password)';
  }
  const path = /(?:absolute path|invalid relative path|invalid characters in fileName): (.*)$/.exec(
    m,
  );
  if (path) {
    return ` (entry "${path[1]}" is absolute, climbs out with "..", or has a bad character)`;
  }
  if (/end of central directory|zip64|signature/i.test(m)) {
    return ' (its index is missing or broken)';
  }
  if (/crc|too many bytes|too few bytes|invalid/i.test(m)) {
    return ' (a checksum or size does not match)';
  }
  return '';
}

type Verdict = { kind: 'take' } | { kind: 'ignore' } | { kind: 'refuse' | 'skip'; message: string };

/** Whether an entry is unpacked, refused (unsafe), skipped (another type) or ignored (folders, dot files). */
function classifyEntry(entry: yauzl.Entry, accept: readonly string[]): Verdict {
  const name = entry.fileName;
  const bad = unsafeEntryName(name);
  if (bad) return { kind: 'refuse', message: `Entry "${name}" was refused: ${bad}.` };
  if (isSymlinkEntry(entry.externalFileAttributes)) {
    return { kind: 'refuse', message: `Entry "${name}" was refused: it is a symbolic link.` };
  }
  // General purpose bit 0: the entry is encrypted; tell the user, never the library's words.
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
    return {
      kind: 'refuse',
      message: `Entry "${name}" was refused: it is password-protected; make the ZIP without a password.`,
    };
  }
  if (name.endsWith('/')) return { kind: 'ignore' };
  const base = name.slice(name.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower.endsWith('.zip')) {
    return {
      kind: 'refuse',
      message: `Entry "${name}" was refused: a ZIP inside a ZIP is not supported; put its files in the outer ZIP.`,
    };
  }
  if (base.startsWith('.') || name.startsWith('__MACOSX/')) return { kind: 'ignore' };
  if (!accept.some((ext) => lower.endsWith(ext))) {
    return {
      kind: 'skip',
      message: `Entry "${name}" was skipped: only ${accept.join(', ')} files in a ZIP are imported here.`,
    };
  }
  return { kind: 'take' };
}

/**
 * Unpacks the entries of `zipPath` whose extension is in `accept` into `outDir`. A whole-archive
 * problem (unreadable, too many entries, a bomb) gives `ok: false`; unsafe entries are listed in
 * `refused` (the caller fails the ZIP); other files (wrong extension, folders) in `skipped`.
 * Every entry is classified (and its declared sizes checked) from the central directory before
 * any is inflated: when one is refused nothing is unpacked and the others are listed in `held`.
 */
export async function unzipSafely(
  zipPath: string,
  outDir: string,
  accept: readonly string[],
  limits: ZipLimits = defaultZipLimits,
): Promise<UnzipResult> {
  await mkdir(outDir, { recursive: true });
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(
        zipPath,
        {
          lazyEntries: true,
          autoClose: false,
          decodeStrings: true,
          validateEntrySizes: true,
          strictFileNames: false,
        },
        (err, z) => (err ? reject(err) : resolve(z)),
      ),
    );
  } catch (e) {
    return {
      ok: false,
      message: `The ZIP file cannot be read: it is damaged or not a ZIP file${detailOf(e)}. Make it again with a standard ZIP tool and upload it again.`,
    };
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      return {
        ok: false,
        message: `The ZIP file has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted. Split it into smaller ZIP files.`,
      };
    }
    const files: ZipEntryFile[] = [];
    const refused: ZipEntryProblem[] = [];
    const skipped: ZipEntryProblem[] = [];
    const taken: { index: number; entry: yauzl.Entry }[] = [];
    let declaredTotal = 0;
    let index = 0;
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry(zip);
      } catch (e) {
        // yauzl checks names itself (absolute, .., backslash, drive letter) and stops the archive.
        return {
          ok: false,
          message: `The ZIP file was refused: an entry is unsafe or damaged${detailOf(e)}. Nothing in it was processed; make the ZIP again with plain relative names.`,
        };
      }
      if (entry === null) break;
      index++;
      const name = entry.fileName;
      const verdict = classifyEntry(entry, accept);
      if (verdict.kind === 'refuse') {
        refused.push({ index, name, message: verdict.message });
        continue;
      }
      if (verdict.kind === 'skip') {
        skipped.push({ index, name, message: verdict.message });
        continue;
      }
      if (verdict.kind === 'ignore') continue;
      declaredTotal += entry.uncompressedSize;
      const pre = declaredProblem(entry, declaredTotal, limits);
      if (pre !== undefined) return { ok: false, message: pre };
      taken.push({ index, entry });
    }
    if (refused.length > 0) {
      const held = taken.map((t) => ({ index: t.index, name: t.entry.fileName }));
      return { ok: true, files, refused, skipped, held };
    }
    let total = 0;
    for (const { index: i, entry } of taken) {
      const path = join(outDir, String(i));
      const inflated = await inflateEntry(zip, entry, path, limits, total);
      if (!inflated.ok) return inflated;
      total += inflated.size;
      files.push({ index: i, name: entry.fileName, path, size: inflated.size });
      if (files.length === 1) crashPoint('after-unzip-entry-1');
    }
    return { ok: true, files, refused, skipped, held: [] };
  } finally {
    zip.close();
  }
}

function tooBig(l: ZipLimits): string {
  return `The ZIP file unpacks to more than ${Math.round(l.maxTotalBytes / 1024 / 1024)} MiB; it was not processed. Split it into smaller ZIP files.`;
}
function bomb(name: string, l: ZipLimits): string {
  return `Entry "${name}" is compressed more than ${l.maxRatio}:1, which looks like a ZIP bomb; the ZIP was not processed.`;
}

/** A bomb told by the declared sizes, before inflating anything. */
function declaredProblem(
  entry: yauzl.Entry,
  declaredTotal: number,
  l: ZipLimits,
): string | undefined {
  if (declaredTotal > l.maxTotalBytes) return tooBig(l);
  const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : 0;
  if (ratio > l.maxRatio && entry.uncompressedSize > l.ratioGraceBytes) {
    return bomb(entry.fileName, l);
  }
  return undefined;
}

/** Inflates one entry to `path` under the running limits; a broken or lying entry says so. */
async function inflateEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  path: string,
  l: ZipLimits,
  before: number,
): Promise<{ ok: true; size: number } | { ok: false; message: string }> {
  try {
    return { ok: true, size: await inflateTo(zip, entry, path, l, before) };
  } catch (e) {
    if (e instanceof LimitError) {
      return { ok: false, message: e.message === 'total' ? tooBig(l) : bomb(entry.fileName, l) };
    }
    return {
      ok: false,
      message: `Entry "${entry.fileName}" cannot be unpacked: its data is damaged${detailOf(e)}. Make the ZIP again and upload it again.`,
    };
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function inflateTo(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  path: string,
  l: ZipLimits,
  before: number,
): Promise<number> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  let n = 0;
  const compressed = Math.max(1, entry.compressedSize);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      n += chunk.length;
      if (before + n > l.maxTotalBytes) return cb(new LimitError('total'));
      if (n > l.ratioGraceBytes && n / compressed > l.maxRatio) return cb(new LimitError('ratio'));
      cb(null, chunk);
    },
  });
  await pipeline(stream, counter, createWriteStream(path));
  return n;
}
