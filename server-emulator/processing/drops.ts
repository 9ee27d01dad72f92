/**
 * A SPOTIO drop folder's files, one at a time (contract §5, §6): claim by an atomic rename into
 * the processing area outside the SFTP root, import (CSV, KML, or each entry of a ZIP), then move
 * to `Success/` or `Failed/` with `<file>.result.json` and, on failure, `<file>.errors.csv`. Every
 * step is journalled, so a crash at any point is finished by the next cycle (contract §5.9). node.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { dropFor, getProfile, type DropTarget } from '../../core/profiles/profiles.ts';
import type { TerritoryChange } from '../../core/report/index.ts';
import type { ObjectSchema } from '../../core/schema/object-schema.ts';
import type { Db } from '../storage/db.ts';
import { workspaceId } from '../storage/db.ts';
import type { Claim, ClaimKind, Journal } from '../storage/journal.ts';
import { createRecordsWriter } from '../storage/records-store.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';
import {
  buildImportResult,
  buildZipResult,
  freeNameIn,
  objectFromFileName,
  territoryLevel,
} from './core-adapters.ts';
import { crashPoint, withMidPackageCrash } from './crash.ts';
import { importCsvFile } from './csv-import.ts';
import { importKmlFile, type KmlLimits } from './kml-import.ts';
import { limitsOf } from '../vfs/limits.ts';
import { checkNewName, maxNameBytes } from '../vfs/jail.ts';
import {
  createProblemSink,
  maxReportedErrors,
  type FileResult,
  type ProblemSink,
  type ReportedProblem,
} from './reports.ts';
import { unzipSafely, type ZipEntryProblem, type ZipLimits } from './zip.ts';

export type DropContext = {
  db: Db;
  journal: Journal;
  dataDir: string;
  clock: () => number;
  zipLimits: ZipLimits;
  log: (
    level: 'info' | 'warn' | 'error',
    message: string,
    workspace?: string,
    file?: string,
  ) => void;
};

/** What one processed file came to, for the cycle report. */
export type ProcessedFile = {
  workspace: string;
  kind: ClaimKind | 'space-file' | 'contact-list';
  file: string;
  status: 'success' | 'failed' | 'stored';
  /** Workspace-relative path of where the file went (SPOTIO), if it stayed in the SFTP view. */
  movedTo?: string;
  rowsImported?: number;
  rowsFailed?: number;
};

/** Absolute disk path of a workspace-relative folder (`/Leads/Import/New`). */
export function onDisk(ws: WorkspaceRuntime, dir: string): string {
  return join(ws.root, ...dir.split('/').filter(Boolean));
}

/** `<data>/processing/<workspace>`: the claimed files, outside every SFTP root. */
export function processingDir(dataDir: string, ws: string): string {
  return join(dataDir, 'processing', ws);
}

/**
 * Takes one complete file of a drop's New folder: claims and processes it. A file that cannot be
 * claimed (a name the rules refuse, a rename that fails) is counted, and after maxAttempts it is
 * failed into Failed/ under a name that fits, never retried every cycle forever (issue 14).
 */
export async function takeFile(
  ctx: DropContext,
  ws: WorkspaceRuntime,
  kind: ClaimKind,
  drop: DropTarget,
  name: string,
): Promise<ProcessedFile | undefined> {
  const named = checkNewName(name);
  let why: string;
  if (named.ok) {
    const r = await claimAs(ctx, ws, kind, drop, name, name);
    if (r.ok) {
      ctx.journal.takeCleared(ws.name, drop.newDir, name);
      return r.claim ? runClaim(ctx, ws, r.claim) : undefined;
    }
    why = r.message;
  } else why = named.message;
  const n = ctx.journal.takeFailed(ws.name, drop.newDir, name, why);
  if (n < maxAttempts) {
    ctx.log(
      'warn',
      `Could not take the file (${why}); attempt ${n} of ${maxAttempts}, tried again next cycle.`,
      ws.name,
      name,
    );
    return undefined;
  }
  const fitted = fitName(name);
  const r = await claimAs(ctx, ws, kind, drop, name, fitted);
  if (!r.ok) {
    ctx.log(
      'error',
      `Could not take the file after ${n} attempts, nor move it to Failed/ (${r.message}); an administrator must remove it.`,
      ws.name,
      name,
    );
    return undefined;
  }
  ctx.journal.takeCleared(ws.name, drop.newDir, name);
  return r.claim ? runClaim(ctx, ws, { ...r.claim, attempts: n }, why) : undefined;
}

/** A name that passes the name rules, made from one that does not (for Failed/). */
export function fitName(name: string): string {
  // eslint-disable-next-line no-control-regex
  let s = name.replace(/[\u0000-\u001f\u007f\\/\u202a-\u202e\u2066-\u2069]/g, '_');
  if (s === '' || s === '.' || s === '..') s = '_';
  if (Buffer.byteLength(s) <= maxNameBytes) return s;
  const ext = extname(s).length <= 16 ? extname(s) : '';
  const base = Array.from(s.slice(0, s.length - ext.length));
  while (base.length > 0 && Buffer.byteLength(base.join('') + '…' + ext) > maxNameBytes) base.pop();
  return base.join('') + '…' + ext;
}

/**
 * Renames `name` of the New folder into the processing area, as a claim of `stored` (the name it
 * is reported and filed under). A file gone since the scan gives `ok` without a claim.
 */
async function claimAs(
  ctx: DropContext,
  ws: WorkspaceRuntime,
  kind: ClaimKind,
  drop: DropTarget,
  name: string,
  stored: string,
): Promise<{ ok: true; claim?: Claim } | { ok: false; message: string }> {
  const dir = processingDir(ctx.dataDir, ws.name);
  await mkdir(dir, { recursive: true });
  const id = ctx.journal.begin(ws.name, kind, stored, drop.newDir, ctx.clock());
  const claimedPath = join(dir, `${id}__${stored}`);
  ctx.journal.setClaimedPath(id, claimedPath);
  crashPoint('before-claim-rename');
  try {
    await rename(join(onDisk(ws, drop.newDir), name), claimedPath);
  } catch (e) {
    ctx.journal.forget(id);
    const code = (e as NodeJS.ErrnoException).code;
    // Gone or renamed by its owner since the scan: nothing was claimed, nothing to count.
    if (code === 'ENOENT') return { ok: true };
    return {
      ok: false,
      message: `the file could not be moved for processing (${code ?? 'error'})`,
    };
  }
  crashPoint('after-claim-rename');
  ctx.journal.setState(id, 'claimed');
  crashPoint('after-claim');
  const claim: Claim = {
    id,
    ws: ws.name,
    kind,
    name: stored,
    newDir: drop.newDir,
    claimedPath,
    state: 'claimed',
    attempts: 0,
    claimedAt: ctx.clock(),
    destPath: null,
    result: null,
  };
  return { ok: true, claim };
}

function dropOf(ws: WorkspaceRuntime, kind: ClaimKind): DropTarget | undefined {
  const profile = getProfile(ws.profile);
  return profile ? dropFor(profile, kind) : undefined;
}

/** Processes (or, after a crash, finishes) a claim; returns what became of it. */
export async function runClaim(
  ctx: DropContext,
  ws: WorkspaceRuntime,
  claim: Claim,
  gaveUpReason?: string,
): Promise<ProcessedFile | undefined> {
  const drop = dropOf(ws, claim.kind);
  if (!drop?.successDir || !drop.failedDir) {
    ctx.log(
      'error',
      `The workspace's profile has no ${claim.kind} drop; the claimed file stays in ${claim.claimedPath}.`,
      ws.name,
      claim.name,
    );
    return undefined;
  }
  if (claim.state === 'claiming') {
    if (!existsSync(claim.claimedPath)) {
      ctx.journal.forget(claim.id);
      return undefined;
    }
    ctx.journal.setState(claim.id, 'claimed');
  }
  if (claim.state === 'finishing' && claim.destPath && claim.result) {
    return finish(ctx, ws, claim, JSON.parse(claim.result) as FileResult, claim.destPath);
  }
  ctx.journal.bumpAttempts(claim.id);
  const errorsTmp = `${claim.claimedPath}.errors.tmp`;
  const sink = createProblemSink(errorsTmp);
  const startedAt = ctx.clock();
  let result: FileResult;
  try {
    result =
      claim.attempts >= maxAttempts
        ? resultOf(
            claim.name,
            gaveUp(sink, claim.attempts, gaveUpReason),
            sink,
            startedAt,
            ctx.clock(),
          )
        : await processFile(ctx, ws, claim, sink, startedAt);
  } finally {
    sink.close();
  }
  // contract §5.7: pick a name free in the destination for the file and both reports.
  const destDir = onDisk(ws, result.status === 'success' ? drop.successDir : drop.failedDir);
  await mkdir(destDir, { recursive: true });
  const finalName = freeNameIn(destDir, claim.name, ['.result.json', '.errors.csv']);
  result.file = finalName;
  const destPath = join(destDir, finalName);
  ctx.journal.finishing(claim.id, destPath, JSON.stringify(result));
  return finish(ctx, ws, claim, result, destPath);
}

async function finish(
  ctx: DropContext,
  ws: WorkspaceRuntime,
  claim: Claim,
  result: FileResult,
  destPath: string,
): Promise<ProcessedFile> {
  crashPoint('before-move');
  if (existsSync(claim.claimedPath)) await rename(claim.claimedPath, destPath);
  crashPoint('after-move-before-report');
  const errorsTmp = `${claim.claimedPath}.errors.tmp`;
  if (result.status === 'failed' && existsSync(errorsTmp)) {
    await rename(errorsTmp, `${destPath}.errors.csv`);
  }
  const dir = join(destPath, '..');
  const tmp = join(dir, `.${basename(destPath)}.result.json.tmp`);
  await writeFile(tmp, JSON.stringify(result, null, 2) + '\n');
  await rename(tmp, `${destPath}.result.json`);
  await rm(errorsTmp, { force: true });
  await rm(`${claim.claimedPath}.d`, { recursive: true, force: true });
  crashPoint('before-done');
  ctx.journal.done(claim.id, ctx.clock());
  const drop = dropOf(ws, claim.kind);
  const relDir = result.status === 'success' ? drop?.successDir : drop?.failedDir;
  ctx.log(
    result.status === 'success' ? 'info' : 'warn',
    `${result.status === 'success' ? 'Imported' : 'Failed'}: ${result.rowsImported} of ${result.rowsTotal} rows imported, ${result.rowsFailed} failed${result.fileError ? ` (${result.fileError.message})` : ''}; moved to ${relDir ?? '?'}/${result.file}.`,
    ws.name,
    claim.name,
  );
  return {
    workspace: ws.name,
    kind: claim.kind,
    file: claim.name,
    status: result.status,
    movedTo: `${relDir ?? ''}/${result.file}`,
    rowsImported: result.rowsImported,
    rowsFailed: result.rowsFailed,
  };
}

/** Attempts (each one crashed or threw) after which a file is failed instead of retried. */
export const maxAttempts = 5;

/** The outcome of a file that failed every attempt: moved to Failed/ so it stops blocking. */
function gaveUp(sink: ProblemSink, attempts: number, reason?: string): ImportTally {
  return fileFailure(
    '',
    sink,
    'processing-failed',
    reason === undefined
      ? `The platform could not finish processing this file after ${attempts} attempts (see the server log). Rows of earlier attempts may have been stored; upload the file again to retry.`
      : `The platform could not take this file after ${attempts} attempts: ${reason}. Nothing in it was imported; fix that and upload the file again.`,
  );
}

/** What importing one CSV or KML came to, before it becomes a result. */
type ImportTally = {
  object: string;
  rowsTotal: number;
  rowsImported: number;
  packages: number;
  warnings: string[];
  fileError?: { code: string; message: string };
  /** Territory files: created / updated per Placemark (result.json's optional extra). */
  territories?: TerritoryChange[];
};

/** Fails the whole file with a message (a bad name, an unsupported type, an unsafe ZIP). */
function fileFailure(
  object: string,
  sink: ProblemSink,
  code: string,
  message: string,
): ImportTally {
  sink.add({ row: 0, column: '', value: '', message });
  return {
    object,
    rowsTotal: 0,
    rowsImported: 0,
    packages: 0,
    warnings: [],
    fileError: { code, message },
  };
}

function resultOf(
  file: string,
  o: ImportTally,
  sink: ProblemSink,
  startedAt: number,
  finishedAt: number,
): FileResult {
  const r: FileResult = buildImportResult({
    file,
    object: o.object,
    rowsTotal: o.rowsTotal,
    rowsImported: o.rowsImported,
    packages: o.packages,
    warnings: o.warnings,
    problems: sink.first,
    ...(o.fileError ? { fileError: o.fileError } : {}),
    ...(o.territories ? { territories: o.territories } : {}),
    startedAt: new Date(startedAt),
    finishedAt: new Date(finishedAt),
  });
  r.errorCount = sink.count;
  return r;
}

async function processFile(
  ctx: DropContext,
  ws: WorkspaceRuntime,
  claim: Claim,
  sink: ProblemSink,
  startedAt: number,
): Promise<FileResult> {
  if (extname(claim.name).toLowerCase() === '.zip') {
    return processZip(ctx, ws, claim, sink, startedAt);
  }
  const o = await processOne(ctx, ws, claim.kind, claim.name, claim.claimedPath, claim.id, 0, sink);
  return resultOf(claim.name, o, sink, startedAt, ctx.clock());
}

/** The schema a records file is for: classic has one (`Lead`); flexible names it in the file name. */
function schemaFor(
  ws: WorkspaceRuntime,
  name: string,
  fallback?: ObjectSchema,
): { ok: true; schema: ObjectSchema } | { ok: false; message: string } {
  if (ws.profile === 'classic') {
    const schema = ws.schemas.find((s) => s.object === 'Lead') ?? ws.schemas[0];
    return schema
      ? { ok: true, schema }
      : {
          ok: false,
          message: 'The workspace has no Lead template; ask the administrator to configure one.',
        };
  }
  const found = objectFromFileName(name, ws.schemas);
  if (!found.ok && fallback) return { ok: true, schema: fallback };
  return found;
}

async function processTerritories(
  ctx: DropContext,
  wsId: number,
  name: string,
  path: string,
  sink: ProblemSink,
  limits: KmlLimits,
): Promise<ImportTally> {
  if (!name.toLowerCase().endsWith('.kml')) {
    return fileFailure(
      'Territory',
      sink,
      'unsupported-file',
      `"${name}" is not a KML file. Territories are imported from .kml files (or a .zip of them).`,
    );
  }
  const level = territoryLevel(name);
  if (!level.ok) return fileFailure('Territory', sink, 'no-level-prefix', level.message);
  const s = await importKmlFile(path, {
    db: ctx.db,
    ws: wsId,
    level: level.level,
    clock: ctx.clock,
    sink,
    limits,
  });
  return {
    object: 'Territory',
    rowsTotal: s.rowsTotal,
    rowsImported: s.rowsImported,
    packages: s.fileError ? 0 : 1,
    warnings: s.warnings,
    territories: s.territories,
    ...(s.fileError ? { fileError: s.fileError } : {}),
  };
}

/** Imports one CSV or KML (a file, or one entry of a ZIP) and says what it came to. */
async function processOne(
  ctx: DropContext,
  ws: WorkspaceRuntime,
  kind: ClaimKind,
  name: string,
  path: string,
  srcClaim: number,
  srcRowBase: number,
  sink: ProblemSink,
  fallbackSchema?: ObjectSchema,
): Promise<ImportTally> {
  const wsId = workspaceId(ctx.db, ws.name);
  if (kind === 'territories') {
    return processTerritories(ctx, wsId, name, path, sink, limitsOf(ws));
  }
  if (!name.toLowerCase().endsWith('.csv')) {
    return fileFailure(
      '',
      sink,
      'unsupported-file',
      `"${name}" is not a CSV file. Records are imported from .csv files (or a .zip of them).`,
    );
  }
  const found = schemaFor(ws, name, fallbackSchema);
  if (!found.ok) return fileFailure('', sink, 'unknown-object', found.message);
  const s = await importCsvFile(path, {
    db: ctx.db,
    writer: withMidPackageCrash(createRecordsWriter(ctx.db, wsId, ctx.clock), ctx.db),
    schema: found.schema,
    externalIdColumn: ws.profile === 'classic' ? 'ExternalLeadId' : 'ExternalDataObjectId',
    srcClaim,
    srcRowBase,
    sink,
  });
  return {
    object: found.schema.object,
    rowsTotal: s.rowsTotal,
    rowsImported: s.rowsImported,
    packages: s.packages,
    warnings: s.warnings,
    ...(s.fileError ? { fileError: s.fileError } : {}),
  };
}

/** A sink that counts one entry's problems and forwards them, prefixed by the entry name. */
function entrySink(outer: ProblemSink, entry: string): ProblemSink {
  let count = 0;
  const first: ReportedProblem[] = [];
  return {
    add(p) {
      count++;
      if (first.length < maxReportedErrors) first.push(p);
      outer.add({ ...p, message: `${entry}: ${p.message}` });
    },
    get count() {
      return count;
    },
    first,
    close: () => count > 0,
  };
}

/** Lower territory levels first (contract §6), across the entries of one ZIP too. */
function byLevel<T extends { name: string; index: number }>(files: readonly T[]): T[] {
  const lvl = (n: string) => {
    const l = territoryLevel(basename(n));
    return l.ok ? l.level : 0;
  };
  return [...files].sort((a, b) => lvl(a.name) - lvl(b.name) || a.index - b.index);
}

async function processZip(
  ctx: DropContext,
  ws: WorkspaceRuntime,
  claim: Claim,
  sink: ProblemSink,
  startedAt: number,
): Promise<FileResult> {
  const accept = claim.kind === 'territories' ? ['.kml'] : ['.csv'];
  const unzipped = await unzipSafely(
    claim.claimedPath,
    `${claim.claimedPath}.d`,
    accept,
    ctx.zipLimits,
  );
  if (!unzipped.ok) {
    return resultOf(
      claim.name,
      fileFailure('', sink, 'unsafe-zip', unzipped.message),
      sink,
      startedAt,
      ctx.clock(),
    );
  }
  if (unzipped.refused.length > 0) {
    return refusedZip(claim.name, unzipped.refused, unzipped.held, sink, startedAt, ctx.clock());
  }
  const files = claim.kind === 'territories' ? byLevel(unzipped.files) : unzipped.files;
  const zipSchema =
    claim.kind === 'records' && ws.profile === 'flexible'
      ? objectFromFileName(claim.name, ws.schemas)
      : undefined;
  const entries: FileResult[] = [];
  for (const f of files) {
    const es = entrySink(sink, f.name);
    const t0 = ctx.clock();
    const o = await processOne(
      ctx,
      ws,
      claim.kind,
      basename(f.name),
      f.path,
      claim.id,
      f.index * 2 ** 32,
      es,
      zipSchema?.ok ? zipSchema.schema : undefined,
    );
    entries.push(resultOf(f.name, o, es, t0, ctx.clock()));
    if (entries.length === 1) crashPoint('after-zip-entry-1');
  }
  let fileError: { code: string; message: string } | undefined;
  if (files.length === 0) {
    fileError = {
      code: 'empty-zip',
      message: `The ZIP file holds no ${accept.join(' or ')} file to import.`,
    };
    sink.add({ row: 0, column: '', value: '', message: fileError.message });
  }
  const result: FileResult = buildZipResult({
    file: claim.name,
    entries,
    startedAt: new Date(startedAt),
    finishedAt: new Date(ctx.clock()),
    warnings: unzipped.skipped.map((x) => x.message),
    ...(fileError ? { fileError } : {}),
  });
  result.errorCount = sink.count;
  return result;
}

/**
 * The result of a ZIP with refused entries (a symlink, a nested ZIP): any of these fails the
 * whole ZIP and nothing in it is imported (contract §5.8, appendix). Each entry is listed with
 * its reason: refused ones with theirs, the others as not imported because of them.
 */
function refusedZip(
  file: string,
  refused: readonly ZipEntryProblem[],
  held: readonly { index: number; name: string }[],
  sink: ProblemSink,
  startedAt: number,
  finishedAt: number,
): FileResult {
  const n = refused.length;
  const what = `${n} refused entr${n === 1 ? 'y' : 'ies'}`;
  const times = { startedAt: new Date(startedAt), finishedAt: new Date(finishedAt) };
  const entry = (name: string, code: string, message: string, errors: ReportedProblem[]) =>
    buildImportResult({
      file: name,
      object: '',
      rowsTotal: 0,
      rowsImported: 0,
      packages: 0,
      problems: errors,
      fileError: { code, message },
      ...times,
    });
  const listed: { index: number; result: FileResult }[] = [];
  for (const r of refused) {
    const p = { row: 0, column: '', value: r.name, message: r.message };
    sink.add(p);
    listed.push({ index: r.index, result: entry(r.name, 'refused-entry', r.message, [p]) });
  }
  const notImported = `Not imported: the ZIP has ${what}, so none of its files were imported.`;
  for (const h of held) {
    listed.push({ index: h.index, result: entry(h.name, 'not-imported', notImported, []) });
  }
  const result: FileResult = buildZipResult({
    file,
    entries: listed.sort((a, b) => a.index - b.index).map((x) => x.result),
    ...times,
    fileError: {
      code: 'refused-entries',
      message: `The ZIP file has ${what}: ${refused.map((r) => r.message).join(' ')} Nothing in it was imported; remove ${n === 1 ? 'it' : 'them'} and upload the ZIP again.`,
    },
  });
  result.errorCount = sink.count;
  return result;
}
