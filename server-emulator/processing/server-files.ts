/**
 * The `space` and `contact-lists` profiles (contract §9). A space imports each complete file in
 * `/` (name, size, SHA-256, CSV row count) and removes it from the server; contact lists move each
 * complete CSV in `/` off the SFTP view into the server's file list, where a list unused for 14
 * days (by the injected clock) is dropped. node.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createCsvScanner } from './core-adapters.ts';
import type { FilesStore } from '../storage/files-store.ts';

export type FileFacts = { size: number; sha256: string; rows: number | null };

/** Size, SHA-256 and (for a CSV) the number of data rows of a file, in one streaming read. */
export async function fileFacts(path: string, isCsv: boolean): Promise<FileFacts> {
  const hash = createHash('sha256');
  let size = 0;
  let records = 0;
  let broken = false;
  const decoder = new TextDecoder('utf-8');
  const scanner = isCsv
    ? createCsvScanner(() => void records++, {
        maxFieldBytes: 64 * 1024 * 1024,
        maxRowBytes: 64 * 1024 * 1024,
      })
    : undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    hash.update(b);
    size += b.length;
    if (scanner && !broken) {
      scanner.write(decoder.decode(b, { stream: true }));
      broken = scanner.failure !== undefined;
    }
  }
  if (scanner && !broken) {
    scanner.write(decoder.decode());
    scanner.end();
    broken = scanner.failure !== undefined;
  }
  return {
    size,
    sha256: hash.digest('hex'),
    rows: scanner && !broken ? Math.max(0, records - 1) : null,
  };
}

/** Whether a name is a CSV by its extension. */
export function isCsvName(name: string): boolean {
  return name.toLowerCase().endsWith('.csv');
}

/** Imports a space file: stores it under `<data>/space-files/<ws>/` and removes it from `/`. */
export async function importSpaceFile(
  store: FilesStore,
  dataDir: string,
  ws: string,
  rootDir: string,
  name: string,
  now: number,
): Promise<FileFacts & { id: number }> {
  const took = await takeFile(
    join(dataDir, 'space-files', ws),
    rootDir,
    name,
    now,
    isCsvName(name),
  );
  const id = store.addSpaceFile({ ws, name, ...took.facts, importedAt: now }, took.stored);
  return { ...took.facts, id };
}

/** Moves a contact list off the SFTP view into `<data>/contact-lists/<ws>/` and the file list. */
export async function takeContactList(
  store: FilesStore,
  dataDir: string,
  ws: string,
  rootDir: string,
  name: string,
  now: number,
): Promise<FileFacts & { id: number }> {
  const took = await takeFile(join(dataDir, 'contact-lists', ws), rootDir, name, now, true);
  const id = store.addContactList({ ws, name, ...took.facts, addedAt: now }, took.stored);
  return { ...took.facts, id };
}

/** Moves `<rootDir>/<name>` into `dir` as `<now>-<sha256 prefix>__<name>`, with its facts. */
async function takeFile(
  dir: string,
  rootDir: string,
  name: string,
  now: number,
  csv: boolean,
): Promise<{ facts: FileFacts; stored: string }> {
  const src = join(rootDir, name);
  const facts = await fileFacts(src, csv);
  await mkdir(dir, { recursive: true });
  const stored = join(dir, `${now}-${facts.sha256.slice(0, 12)}__${name}`);
  await rename(src, stored);
  return { facts, stored };
}

/** 14 days in ms (contract §9, seed 002). */
export const contactListRetentionMs = 14 * 24 * 60 * 60 * 1000;

/** Drops the lists unused for 14 days; returns their names. */
export async function dropExpiredContactLists(
  store: FilesStore,
  ws: string,
  now: number,
): Promise<string[]> {
  const out: string[] = [];
  for (const f of store.expiredContactLists(ws, now - contactListRetentionMs)) {
    await rm(f.path, { force: true });
    store.markDropped(f.id, now);
    out.push(f.name);
  }
  return out;
}

/** Whether a path is a regular file (for listings that may hold folders). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
