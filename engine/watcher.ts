/**
 * Following an uploaded file to its outcome by the profile's own signal (contract §1, §5.7, §9):
 * SPOTIO moves it to `Success/` or `Failed/` with `<file>.result.json` (+ `<file>.errors.csv`);
 * a Flatfile space removes it; Ocelot moves it out of the SFTP view. Polls on an injected clock
 * and sleep — soon after the upload, then further apart (watch-schedule.ts) — and reports
 * 'timeout' once the expected window (from the profile's cadence) passed with no change. node.
 */
import { posix } from 'node:path';
import { dropFor, type Profile } from '../core/profiles/profiles.ts';
import type { SftpSession } from './transport/sftp/connect.ts';
import type { ResultJson } from './ledger.ts';
import { parseErrorsCsv } from '../core/report/index.ts';
import { fail, ok, type Result } from './result.ts';
import { missingFolderError } from './transport/missing-folder.ts';
import { checkScheduleFor, nextCheckDelay } from './watch-schedule.ts';

/** One failed cell; `row` as a spreadsheet shows it (header = 1), null for a file-level problem. */
export type ReportRow = { row: number | null; column: string; value: string; message: string };

export type VerdictStatus = 'imported' | 'failed' | 'removed' | 'moved-away' | 'timeout';

export type PlatformVerdict = {
  status: VerdictStatus;
  /** Where the file ended (`/Leads/Import/Success/x.csv`), when it still exists. */
  where?: string;
  result?: ResultJson;
  /** Failed rows from `<file>.errors.csv` (or result.json's first 1,000 when the CSV is missing). */
  errors?: ReportRow[];
  /** Row problems in all, when more than `errors` holds. */
  errorCount?: number;
  /** Plain words for the UI. */
  message: string;
};

/** What the watcher sees on each poll, for a progress line. */
export type WatchUpdate = {
  phase: 'waiting' | 'processing' | 'done';
  elapsedMs: number;
  expectedMs: number;
  message: string;
};

export type WatchOptions = {
  session: SftpSession;
  profile: Profile;
  /** Where the file was uploaded (`/Leads/Import/New/x.csv`, `/x.csv`). */
  remotePath: string;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /**
   * A fixed poll interval (tests, `sftp-import --poll`). Default: watch-schedule.ts — 1 s after
   * the upload, then growing ×1.5 to a 60th of the cadence, between 1 s and 30 s.
   */
  pollMs?: number;
  /** How long to wait before 'timeout'. Default: two of the profile's cycles plus a minute. */
  expectedWaitMs?: number;
  /** Only reports finished at/after this time count (ms since epoch). Default: when watching starts. */
  sinceMs?: number;
  onUpdate?: (u: WatchUpdate) => void;
  signal?: AbortSignal;
};

/** Waits for the file's outcome. Connection problems while polling are retried until the deadline. */
export async function watchOutcome(o: WatchOptions): Promise<Result<PlatformVerdict>> {
  const start = o.clock();
  const since = o.sinceMs ?? start;
  const { expected, delay } = watchTiming(o);
  const name = posix.basename(o.remotePath);
  const dir = posix.dirname(o.remotePath);
  const drop =
    o.profile.drops.find((d) => posix.resolve('/', d.newDir) === dir) ??
    dropFor(o.profile, 'records');
  let lastProblem: string | undefined;
  for (;;) {
    if (o.signal?.aborted) {
      return fail(
        'cancelled',
        'Stopped waiting for the result. The platform will still process the file.',
      );
    }
    const elapsed = o.clock() - start;
    const seen = await look(o, dir, name, drop, since);
    if (seen.ok && seen.value.outcome) {
      o.onUpdate?.({
        phase: 'done',
        elapsedMs: elapsed,
        expectedMs: expected,
        message: seen.value.outcome.message,
      });
      return ok(seen.value.outcome);
    }
    if (!seen.ok) {
      if (await isFinalProblem(o, seen.error)) return seen;
      lastProblem = seen.error.message;
    }
    if (elapsed >= expected) return ok(timeoutVerdict(o, expected, lastProblem));
    o.onUpdate?.(
      progressUpdate(o.profile, seen.ok ? seen.value.phase : 'waiting', elapsed, expected),
    );
    await o.sleep(delay(o.clock() - start));
  }
}

/**
 * Whether a problem while looking ends the watch: a report folder that is not there will not
 * appear by waiting (contract §11: say "folder missing" now). A dropped link is dialled again.
 */
async function isFinalProblem(o: WatchOptions, error: { code: string }): Promise<boolean> {
  if (error.code === 'folder-missing') return true;
  if (error.code === 'interrupted' && o.session.closed) await o.session.reconnect();
  return false;
}

/**
 * How long to wait for a result, and the wait before the next look given the time since watching
 * began, i.e. since the upload (contract §1: the platform's cadence).
 */
function watchTiming(o: WatchOptions): {
  expected: number;
  delay: (sinceUploadMs: number) => number;
} {
  const fixed = o.pollMs;
  const schedule = checkScheduleFor(o.profile.cadenceMs);
  return {
    expected: o.expectedWaitMs ?? o.profile.cadenceMs * 2 + 60_000,
    delay: fixed !== undefined ? () => fixed : (since) => nextCheckDelay(schedule, since),
  };
}

/** No result by the deadline: the file is still there; says the last trouble while looking. */
function timeoutVerdict(
  o: WatchOptions,
  expected: number,
  lastProblem: string | undefined,
): PlatformVerdict {
  const mins = Math.round(expected / 60_000);
  return {
    status: 'timeout',
    where: o.remotePath,
    message:
      `No result after ${mins >= 1 ? `${mins} min` : `${Math.round(expected / 1000)} s`}; ${o.profile.platform} usually processes files every ${cadenceWords(o.profile.cadenceMs)}. ` +
      `The file is still on the server; check again later.${lastProblem ? ` (Last problem while checking: ${lastProblem})` : ''}`,
  };
}

/** The waiting/processing update shown while polling. */
function progressUpdate(
  profile: Profile,
  phase: Look['phase'],
  elapsed: number,
  expected: number,
): WatchUpdate {
  return {
    phase,
    elapsedMs: elapsed,
    expectedMs: expected,
    message:
      phase === 'processing'
        ? `${profile.platform} is processing the file…`
        : `Waiting for ${profile.platform} to pick up the file (every ${cadenceWords(profile.cadenceMs)}).`,
  };
}

type Look = { phase: 'waiting' | 'processing'; outcome?: PlatformVerdict };

type FoundReport = { file: string; result: ResultJson };

/** Looks once: still in the drop folder, gone (by the platform's signal), or a result report. */
async function look(
  o: WatchOptions,
  dir: string,
  name: string,
  drop: Profile['drops'][number] | undefined,
  since: number,
): Promise<Result<Look>> {
  const still = await o.session.exists(posix.join(dir, name));
  if (!still.ok) return still;
  if (still.value) {
    const given = await givenUpReport(o, dir, name, since);
    if (given) {
      const outcome = await failedVerdict(o.session, posix.join(dir, name), given);
      return ok({ phase: 'processing', outcome });
    }
    return ok({ phase: 'waiting' });
  }
  if (o.profile.signal !== 'moved') return goneBySignal(o.profile);
  if (!drop?.successDir || !drop.failedDir) return ok({ phase: 'processing' });
  for (const [status, folder] of [
    ['imported', drop.successDir],
    ['failed', drop.failedDir],
  ] as const) {
    const hit = await newestReport(o.session, folder, name, since);
    if (!hit.ok) return hit;
    if (!hit.value) continue;
    const where = posix.join(folder, hit.value.file);
    const outcome =
      status === 'imported'
        ? importedVerdict(where, hit.value.result)
        : await failedVerdict(o.session, where, hit.value.result);
    return ok({ phase: 'processing', outcome });
  }
  return ok({ phase: 'processing' });
}

/**
 * A platform without Failed/ (space, contact-lists: success is the file leaving) that gave up on
 * the file leaves it where it is with `.<name>.result.json` beside it, `failed` (contract
 * appendix, docs/emulator-processing.md). Such a report from since the upload ends the wait.
 */
async function givenUpReport(
  o: WatchOptions,
  dir: string,
  name: string,
  since: number,
): Promise<ResultJson | undefined> {
  if (o.profile.signal !== 'removed' && o.profile.signal !== 'moved-away') return undefined;
  const raw = await o.session.readFile(posix.join(dir, `.${name}.result.json`), 4 * 1024 * 1024);
  if (!raw.ok) return undefined;
  const result = freshReport(raw.value, since);
  // Only a dated give-up counts: an undated one could be from any earlier upload of this name.
  return result?.status === 'failed' && result.finishedAt !== undefined ? result : undefined;
}

/**
 * A report's text as its result, when it finished since the upload (1 s of clock slack; a report
 * without a time counts); undefined when it is older or still being written (the next poll).
 */
function freshReport(raw: Buffer, since: number): ResultJson | undefined {
  try {
    const result = JSON.parse(raw.toString('utf8')) as ResultJson;
    const finished = Date.parse(result.finishedAt ?? '');
    return Number.isNaN(finished) || finished + 1000 >= since ? result : undefined;
  } catch {
    return undefined;
  }
}

/** The file left the drop folder on a platform whose signal is not a moved report (contract §1). */
function goneBySignal(profile: Profile): Result<Look> {
  switch (profile.signal) {
    case 'removed':
      return ok({
        phase: 'processing',
        outcome: {
          status: 'removed',
          message: `${profile.platform} imported the file and removed it from the server (that is its success signal).`,
        },
      });
    case 'moved-away':
      return ok({
        phase: 'processing',
        outcome: {
          status: 'moved-away',
          message: `${profile.platform} took the file into its file list. Pick it there within ${profile.retentionDays ?? 14} days, or it is dropped.`,
        },
      });
    case 'fetched':
      return fail(
        'bad-input',
        `${profile.platform} fetches files itself; there is no upload to follow.`,
      );
    case 'moved':
      return ok({ phase: 'processing' });
  }
}

/**
 * The newest `<file>.result.json` in `folder` for the uploaded name (or its ` (2)` renames) that
 * finished since the upload; undefined when there is none yet.
 */
async function newestReport(
  session: SftpSession,
  folder: string,
  name: string,
  since: number,
): Promise<Result<FoundReport | undefined>> {
  const listed = await session.list(folder);
  if (!listed.ok) {
    if (listed.error.code !== 'not-found') return listed;
    const why = "the platform's verdict cannot be seen there";
    return { ok: false, error: missingFolderError(folder, why, listed.error.detail) };
  }
  const names = new Set(listed.value.map((e) => e.name));
  const candidates = [...names].filter((n) => sameFile(n, name) && names.has(`${n}.result.json`));
  // Newest report first; it must have finished since the upload.
  const found: FoundReport[] = [];
  for (const c of candidates) {
    const raw = await session.readFile(posix.join(folder, `${c}.result.json`), 4 * 1024 * 1024);
    if (!raw.ok) continue;
    const result = freshReport(raw.value, since);
    if (result) found.push({ file: c, result });
  }
  found.sort(
    (a, b) => Date.parse(b.result.finishedAt ?? '') - Date.parse(a.result.finishedAt ?? ''),
  );
  return ok(found[0]);
}

function importedVerdict(where: string, r: ResultJson): PlatformVerdict {
  return {
    status: 'imported',
    where,
    result: r,
    message: `Imported: ${r.rowsImported ?? r.rowsTotal ?? 0} row(s) into ${r.object ?? 'the platform'}.`,
  };
}

/** A failed import with its error rows (the error report, else the result's own list). */
async function failedVerdict(
  session: SftpSession,
  where: string,
  r: ResultJson,
): Promise<PlatformVerdict> {
  const errors = await readErrors(session, `${where}.errors.csv`, r);
  const count = typeof r.errorCount === 'number' ? r.errorCount : errors.length;
  const fileError = (r.fileError as { message?: string } | undefined)?.message;
  return {
    status: 'failed',
    where,
    result: r,
    errors,
    errorCount: count,
    message: fileError
      ? `The file failed: ${fileError}`
      : `${r.rowsFailed ?? errors.length} of ${r.rowsTotal ?? '?'} row(s) failed${r.rowsImported ? ` (${r.rowsImported} imported)` : ''}. See the error report.`,
  };
}

async function readErrors(
  session: SftpSession,
  path: string,
  result: ResultJson,
): Promise<ReportRow[]> {
  const raw = await session.readFile(path, 32 * 1024 * 1024);
  if (raw.ok) {
    const parsed = parseErrorsCsv(raw.value.toString('utf8'));
    if (parsed.ok) return parsed.rows.map((r) => ({ ...r, row: r.row > 0 ? r.row : null }));
  }
  const list = Array.isArray(result.errors) ? result.errors : [];
  return list.map((e) => {
    const p = e as { row?: number | null; column?: string; value?: string; message?: string };
    return {
      row: p.row ?? null,
      column: p.column ?? '',
      value: p.value ?? '',
      message: p.message ?? '',
    };
  });
}

/** `x.csv` matches `x.csv` and the platform's ` (2)`-style renames `x (2).csv` (contract §5.7). */
export function sameFile(candidate: string, name: string): boolean {
  if (candidate === name) return true;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  if (!candidate.startsWith(`${stem} (`) || !candidate.endsWith(`)${ext}`)) return false;
  return /^\d+$/.test(candidate.slice(stem.length + 2, candidate.length - ext.length - 1));
}

function cadenceWords(ms: number): string {
  if (ms >= 3_600_000) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`;
  if (ms >= 60_000) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  return `${Math.round(ms / 1000)} seconds`;
}
