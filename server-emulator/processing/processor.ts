/**
 * The emulated platform's processing cycle (contract §5–§9): each cycle finishes claims a crash
 * left behind, then for every workspace takes the complete files of its drop folders (SPOTIO:
 * records and territories, lower territory levels first), its space or contact-list files, or
 * its pull sources, and writes scheduled exports. Cycles never overlap. node.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { dropFor, getProfile, profiles } from '../../core/profiles/profiles.ts';
import { schemaFromHeader, type ObjectSchema } from '../../core/schema/object-schema.ts';
import { openDb, workspaceId, type Db } from '../storage/db.ts';
import { createFilesStore, type FilesStore } from '../storage/files-store.ts';
import { createJournal, type Journal } from '../storage/journal.ts';
import { createRecordsWriter } from '../storage/records-store.ts';
import { fetchPullFile, testPullSource, type PullTestResult } from '../pull/pull.ts';
import type { PullSource, WorkspaceRuntime } from '../config/workspace.ts';
import { createCsvScanner, territoryLevel } from './core-adapters.ts';
import { importCsvFile } from './csv-import.ts';
import {
  maxAttempts,
  onDisk,
  runClaim,
  takeFile,
  type DropContext,
  type ProcessedFile,
} from './drops.ts';
import { exportDue, exportObject, exportState } from './exports.ts';
import { createProblemSink } from './reports.ts';
import { takeableFiles, type ScanMemory } from './scan.ts';
import {
  forgetGoneServerFiles,
  tryServerFile,
  type ServerFileTry,
} from './server-file-attempts.ts';
import {
  dropExpiredContactLists,
  importSpaceFile,
  isCsvName,
  takeContactList,
} from './server-files.ts';
import { defaultZipLimits, type ZipLimits } from './zip.ts';
import { createReadStream } from 'node:fs';

export type { ProcessedFile } from './drops.ts';

export type LogEvent = {
  level: 'info' | 'warn' | 'error';
  message: string;
  workspace?: string;
  file?: string;
};

export type PullOutcome = {
  workspace: string;
  source: string;
  status: 'imported' | 'unchanged' | 'failed';
  message: string;
  rowsImported?: number;
};

/** What one cycle did. */
export type CycleReport = {
  startedAt: string;
  finishedAt: string;
  files: ProcessedFile[];
  /** Workspace-relative paths of the exports written. */
  exports: string[];
  pulls: PullOutcome[];
  /** Problems that stopped a file or a workspace this cycle (it is retried next cycle). */
  problems: string[];
};

export type ProcessorOptions = {
  dataDir: string;
  workspaces: WorkspaceRuntime[];
  /** Business time: record stamps, export schedule, the contact-list clock. */
  clock: () => number;
  isOpenForWrite: (absPath: string) => boolean;
  log?: (e: LogEvent) => void;
  /** ZIP bounds (contract §5.8); defaults: 1,000 entries, 1 GiB, 100:1. */
  zipLimits?: ZipLimits;
  /** Wall-clock time used to judge file mtimes (default Date.now). */
  fsClock?: () => number;
  /**
   * Called after a cycle (or an export) that may have added or removed files in a workspace's
   * SFTP view, so the front ends re-measure it for the quota (vfs/disk-usage.ts).
   */
  onWorkspaceChanged?: (workspace: string) => void;
};

export interface Processor {
  /**
   * Runs one cycle now (after the running one, if any): every workspace, or only those named
   * (each workspace may have its own interval). Claims a crash left are always finished.
   * `force` ("process now") takes every upload not open for writing, however recent.
   */
  runCycle(only?: readonly string[], opts?: { force?: boolean }): Promise<CycleReport>;
  /** Writes exports now: every object of the workspace, or one; returns workspace-relative paths. */
  exportNow(workspace: string, object?: string): Promise<string[]>;
  close(): Promise<void>;
  /** The database, for the admin endpoint's read-only queries. */
  readonly db: Db;
  readonly files: FilesStore;
  readonly journal: Journal;
  /** Resets a contact-list file's 14-day clock; false when there is no such file. */
  useContactListFile(workspace: string, id: number): boolean;
  /** Checks a workspace's pull source (all of them when `sourceId` is absent). */
  testPullSource(
    workspace: string,
    sourceId?: string,
  ): Promise<{ source: string; result: PullTestResult }[]>;
}

/** Creates the processor over `<dataDir>/emulator.sqlite`. */
export function createProcessor(opts: ProcessorOptions): Processor {
  const db = openDb(opts.dataDir);
  const journal = createJournal(db);
  const files = createFilesStore(db);
  const exportsState = exportState(db);
  const memory: ScanMemory = new Map();
  const fsClock = opts.fsClock ?? Date.now;
  const byName = new Map(opts.workspaces.map((w) => [w.name, w]));
  const log = (level: LogEvent['level'], message: string, workspace?: string, file?: string) => {
    journal.log(opts.clock(), level, message, workspace, file);
    opts.log?.({ level, message, ...(workspace ? { workspace } : {}), ...(file ? { file } : {}) });
  };
  const ctx: DropContext = {
    db,
    journal,
    dataDir: opts.dataDir,
    clock: opts.clock,
    zipLimits: opts.zipLimits ?? defaultZipLimits,
    log,
  };
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function cycle(only?: readonly string[], force = false): Promise<CycleReport> {
    const report: CycleReport = {
      startedAt: new Date(opts.clock()).toISOString(),
      finishedAt: '',
      files: [],
      exports: [],
      pulls: [],
      problems: [],
    };
    const problem = (ws: string, file: string | undefined, e: unknown) => {
      const msg = `${ws}${file ? `/${file}` : ''}: ${(e as Error).message}`;
      report.problems.push(msg);
      log(
        'error',
        `Processing stopped and will be retried next cycle: ${(e as Error).message}`,
        ws,
        file,
      );
    };
    // contract §5.9: first finish what a crash left in the processing area.
    for (const claim of journal.open()) {
      const ws = byName.get(claim.ws);
      if (!ws) continue;
      try {
        const r = await runClaim(ctx, ws, claim);
        if (r) report.files.push(r);
      } catch (e) {
        problem(claim.ws, claim.name, e);
      }
      opts.onWorkspaceChanged?.(claim.ws);
    }
    for (const ws of opts.workspaces) {
      if (only && !only.includes(ws.name)) continue;
      // A file taken, failed or stored, an export, or a problem part-way (a file may have been
      // claimed out of New/ already): the workspace's SFTP view may have changed on disk.
      const before = report.files.length + report.exports.length + report.problems.length;
      try {
        await cycleWorkspace(ws, report, problem, force);
      } catch (e) {
        problem(ws.name, undefined, e);
      }
      const after = report.files.length + report.exports.length + report.problems.length;
      if (after !== before) opts.onWorkspaceChanged?.(ws.name);
    }
    report.finishedAt = new Date(opts.clock()).toISOString();
    return report;
  }

  type ProblemFn = (ws: string, f: string | undefined, e: unknown) => void;

  async function cycleWorkspace(
    ws: WorkspaceRuntime,
    report: CycleReport,
    problem: ProblemFn,
    force: boolean,
  ) {
    switch (ws.profile) {
      case 'classic':
      case 'flexible':
        return spotioCycle(ws, report, problem, force);
      case 'space':
      case 'contact-lists':
        return serverFilesCycle(ws, report, problem, force);
      case 'pull':
        for (const src of ws.pullSources) report.pulls.push(await pull(ws, src));
        return;
    }
  }

  /** SPOTIO: records then territories (lower levels first), then a scheduled export if due. */
  async function spotioCycle(
    ws: WorkspaceRuntime,
    report: CycleReport,
    problem: ProblemFn,
    force: boolean,
  ) {
    const profile = getProfile(ws.profile);
    for (const kind of ['records', 'territories'] as const) {
      const drop = profile ? dropFor(profile, kind) : undefined;
      if (!drop) continue;
      const dir = onDisk(ws, drop.newDir);
      const found = await takeableFiles(dir, memory, opts.isOpenForWrite, fsClock(), force);
      const names = kind === 'territories' ? sortByLevel(found) : found;
      for (const name of names) {
        try {
          const r = await takeFile(ctx, ws, kind, drop, name);
          if (r) report.files.push(r);
        } catch (e) {
          problem(ws.name, name, e);
        }
      }
    }
    if (exportDue(ws.exportSchedule, exportsState.last(ws.name), opts.clock())) {
      report.exports.push(...exportNow(ws.name));
      exportsState.record(ws.name, opts.clock());
    }
  }

  /** Space and contact lists: complete files in `/` leave the SFTP view (contract §9). */
  async function serverFilesCycle(
    ws: WorkspaceRuntime,
    report: CycleReport,
    problem: ProblemFn,
    force: boolean,
  ) {
    const names = await takeableFiles(ws.root, memory, opts.isOpenForWrite, fsClock(), force);
    const space = ws.profile === 'space';
    const kind = space ? 'space-file' : 'contact-list';
    await forgetGoneServerFiles(journal, ws);
    for (const name of names) {
      if (!space && !isCsvName(name)) continue;
      try {
        const tried = await tryServerFile(ctx, ws, name, async () => {
          const take = space ? importSpaceFile : takeContactList;
          const f = await take(files, opts.dataDir, ws.name, ws.root, name, opts.clock());
          const rows = f.rows === null ? '' : `, ${f.rows} rows`;
          log(
            'info',
            space
              ? `Imported into the space (${f.size} bytes${rows}) and removed from the server.`
              : `Moved into the server's file list as #${f.id} (${f.size} bytes${rows}).`,
            ws.name,
            name,
          );
          report.files.push({
            workspace: ws.name,
            kind,
            file: name,
            status: 'stored',
            ...(f.rows !== null ? { rowsImported: f.rows } : {}),
          });
        });
        noteServerFileTry(ws.name, kind, name, tried, report);
      } catch (e) {
        problem(ws.name, name, e);
      }
    }
    if (!space) {
      for (const gone of await dropExpiredContactLists(files, ws.name, opts.clock())) {
        log('info', 'Dropped from the server file list after 14 days without use.', ws.name, gone);
      }
    }
  }

  /** Logs a space or contact-list file that was not taken, and reports one given up. */
  function noteServerFileTry(
    ws: string,
    kind: 'space-file' | 'contact-list',
    name: string,
    tried: ServerFileTry,
    report: CycleReport,
  ): void {
    switch (tried.status) {
      case 'taken':
      case 'left':
        return;
      case 'retry':
        return log(
          'warn',
          `Could not take the file (${tried.reason}${detailOf(tried)}); attempt ${tried.attempt} of ${maxAttempts}, tried again next cycle.`,
          ws,
          name,
        );
      case 'given-up':
        log(
          'error',
          `Could not take the file after ${tried.attempts} attempts (${tried.reason}${detailOf(tried)}); it stays on the server with the report ${tried.report} and is not tried again until it is uploaded anew.`,
          ws,
          name,
        );
        report.files.push({ workspace: ws, kind, file: name, status: 'failed' });
    }
  }

  async function pull(ws: WorkspaceRuntime, src: PullSource): Promise<PullOutcome> {
    const dir = join(opts.dataDir, 'pull', ws.name);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${src.id}.download`);
    const prev = files.pullState(ws.name, src.id);
    const now = opts.clock();
    const fetched = await fetchPullFile(src, tmp);
    if (!fetched.ok) {
      files.setPullState(ws.name, src.id, {
        lastSha256: prev?.lastSha256 ?? null,
        lastImportAt: prev?.lastImportAt ?? null,
        lastCheckAt: now,
        lastError: fetched.message,
      });
      log('warn', `Pull failed: ${fetched.message}`, ws.name, src.path);
      await rm(tmp, { force: true });
      return { workspace: ws.name, source: src.id, status: 'failed', message: fetched.message };
    }
    if (prev?.lastSha256 === fetched.sha256) {
      files.setPullState(ws.name, src.id, { ...prev, lastCheckAt: now, lastError: null });
      await rm(tmp, { force: true });
      return {
        workspace: ws.name,
        source: src.id,
        status: 'unchanged',
        message: 'The file has not changed since the last import.',
      };
    }
    const outcome = await importPulled(ws, src, tmp, fetched.sha256);
    files.setPullState(ws.name, src.id, {
      lastSha256: outcome.status === 'imported' ? fetched.sha256 : (prev?.lastSha256 ?? null),
      lastImportAt: outcome.status === 'imported' ? now : (prev?.lastImportAt ?? null),
      lastCheckAt: now,
      lastError: outcome.status === 'imported' ? null : outcome.message,
    });
    return outcome;
  }

  async function importPulled(
    ws: WorkspaceRuntime,
    src: PullSource,
    path: string,
    sha256: string,
  ): Promise<PullOutcome> {
    const dir = join(opts.dataDir, 'pull', ws.name);
    const keep = join(dir, `${src.id}.${sha256.slice(0, 12)}.csv`);
    await rename(path, keep);
    const header = await readHeader(keep);
    const schema: ObjectSchema =
      ws.schemas.find((s) => s.object === 'Lead') ??
      schemaFromHeader('Lead', header.length > 0 ? header : ['Company']);
    const wsId = workspaceId(db, ws.name);
    const writer = createRecordsWriter(db, wsId, opts.clock);
    const errorsPath = join(dir, `${src.id}.errors.csv`);
    const sink = createProblemSink(errorsPath);
    // The file is re-imported whole: the source's earlier rows are replaced (contract §9).
    const before = db
      .prepare('SELECT count(*) FROM records WHERE ws = ? AND pull_source = ?')
      .pluck(true)
      .get(wsId, src.id) as number;
    let summary;
    try {
      summary = await importCsvFile(keep, {
        db,
        writer,
        schema,
        requiredColumnAnyOf: profiles.pull.requiredColumnAnyOf ?? [],
        srcClaim: 0,
        srcRowBase: 0,
        pullSource: src.id,
        sink,
      });
    } finally {
      sink.close();
    }
    if (summary.fileError) {
      log('warn', `Pulled file not imported: ${summary.fileError.message}`, ws.name, src.path);
      return {
        workspace: ws.name,
        source: src.id,
        status: 'failed',
        message: summary.fileError.message,
      };
    }
    const msg = `Imported ${summary.rowsImported} of ${summary.rowsTotal} rows (replacing ${before}); ${summary.rowsFailed} failed.`;
    log(summary.rowsFailed > 0 ? 'warn' : 'info', msg, ws.name, src.path);
    return {
      workspace: ws.name,
      source: src.id,
      status: 'imported',
      message: msg,
      rowsImported: summary.rowsImported,
    };
  }

  function exportNow(workspace: string, object?: string): string[] {
    const ws = byName.get(workspace);
    const profile = ws ? getProfile(ws.profile) : undefined;
    if (!ws || !profile?.exportDir) return [];
    const dirAbs = onDisk(ws, profile.exportDir);
    const out: string[] = [];
    for (const schema of ws.schemas) {
      if (object !== undefined && schema.object.toLowerCase() !== object.toLowerCase()) continue;
      const name = exportObject(db, ws.name, schema, dirAbs, opts.clock());
      out.push(`${profile.exportDir}/${name}`);
      log('info', `Exported ${schema.object} to ${profile.exportDir}/${name}.`, ws.name);
    }
    return out;
  }

  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const next = chain.then(f, f);
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    db,
    files,
    journal,
    runCycle: (only, o) => serial(() => cycle(only, o?.force ?? false)),
    exportNow: (ws, object) =>
      serial(() => {
        const written = exportNow(ws, object);
        if (written.length > 0) opts.onWorkspaceChanged?.(ws);
        return Promise.resolve(written);
      }),
    async close() {
      if (closed) return;
      closed = true;
      await chain;
      db.close();
    },
    useContactListFile: (ws, id) => files.useContactList(ws, id, opts.clock()),
    async testPullSource(workspace, sourceId) {
      const ws = byName.get(workspace);
      const out: { source: string; result: PullTestResult }[] = [];
      for (const src of ws?.pullSources ?? []) {
        if (sourceId !== undefined && src.id !== sourceId) continue;
        out.push({ source: src.id, result: await testPullSource(src) });
      }
      return out;
    },
  };
}

/** Territory files in processing order: by level prefix (none first: they fail), then name. */
function sortByLevel(names: string[]): string[] {
  const lvl = (n: string) => {
    const l = territoryLevel(n);
    return l.ok ? l.level : 0;
  };
  return [...names].sort((a, b) => lvl(a) - lvl(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The first record of a CSV (its header), read from at most its first 1 MiB. */
async function readHeader(path: string): Promise<string[]> {
  let header: string[] | undefined;
  const scanner = createCsvScanner(
    (fields, count) => {
      header ??= fields.slice(0, count).map((f) => f.replace(/^\uFEFF/, '').trim());
    },
    { maxFieldBytes: 1 << 20, maxRowBytes: 1 << 20 },
  );
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of createReadStream(path, { start: 0, end: (1 << 20) - 1 })) {
    scanner.write(decoder.decode(chunk as Buffer, { stream: true }));
    if (header) break;
  }
  return header ?? [];
}

/** An untaken file's error text, for the server log only (never its report: it may name paths). */
function detailOf(tried: { detail?: string }): string {
  return tried.detail === undefined ? '' : `: ${tried.detail}`;
}
