/**
 * Effects of the import wizard, each taking the bridge (and the worker factory) as arguments:
 * load templates, check files in a worker, upload them one by one with live progress, and turn
 * the platform's verdicts into `wizard/outcome` actions. std + DOM File.
 */
import type { Bridge } from '../../../core/ipc/bridge.ts';
import type {
  DropKind,
  EventPayload,
  InvokeResponse,
  RemoteTemplate,
} from '../../../core/ipc/contract.ts';
import { getProfile } from '../../../core/profiles/profiles.ts';
import type { IpcErrorCode } from '../../../core/ipc/result.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { describeError } from '../../lib/ipc-errors.ts';
import { fromServerErrors } from '../../lib/problems.ts';
import { inProcessingOrder } from '../../lib/remote-name.ts';
import type { TerritoryCollection } from '../territories/territory-features.ts';
import { territoryFilesToSend } from '../territories/kmz-files.ts';
import { runCheck, type WorkerLike } from './check-client.ts';
import { fileFailed, fromCsvSummary, fromKmlResults } from './check-summary.ts';
import { passwordRefused } from './password-refused.ts';
import type {
  ImportTarget,
  VerdictView,
  TerritoryChange,
  WizardAction,
} from './import-wizard-machine.ts';

type Dispatch = (a: WizardAction) => void;

/**
 * What History hands to the wizard for "fix and resubmit" (a whole corrected file) or, with
 * `fixRows`, "Fix the failed rows" (only the rows the platform's report names).
 */
export type Resubmit = {
  entryId: string;
  siteId: string;
  fileName: string;
  target: ImportTarget;
  fixRows?: boolean;
};

/** The site's templates from its /Templates folder (contract §3). */
export async function loadTemplates(
  bridge: Bridge,
  siteId: string,
  secret?: string,
): Promise<
  { ok: true; templates: RemoteTemplate[] } | { ok: false; message: string; code: IpcErrorCode }
> {
  const r = await bridge.invoke('templates:list', secret ? { siteId, secret } : { siteId });
  return r.ok
    ? { ok: true, templates: r.value.templates }
    : { ok: false, message: describeError(r.error), code: r.error.code };
}

export type CheckRules = {
  schema: ObjectSchema;
  mode: 'full' | 'columns-only';
  externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
  requiredColumnAnyOf?: readonly string[];
};

/**
 * Checks picked files locally and dispatches progress and the summary. Territories return their
 * map collection; records return null. `remoteNames` names each file for the server.
 */
export async function checkFiles(
  createWorker: () => WorkerLike,
  dispatch: Dispatch,
  target: ImportTarget,
  files: readonly File[],
  rules: CheckRules | null,
  remoteName: (fileName: string) => string,
  /** Territories: the files to upload (a .kmz's KML in its place: territories/kmz-files.ts). */
  onFilesToSend?: (files: File[]) => void,
): Promise<TerritoryCollection | null> {
  const onProgress = (p: { bytes: number; total: number; rows: number }) =>
    dispatch({ type: 'wizard/check-progress', progress: p });
  const names = files.map((f) => remoteName(f.name));
  if (target.kind === 'territories') {
    const handle = runCheck(
      createWorker,
      { type: 'check-kml', files: files.map((f) => ({ name: f.name, file: f })) },
      onProgress,
    );
    const m = await handle.done;
    if (m.type !== 'kml-done') {
      return failCheck(dispatch, m.type === 'failed' ? m.message : 'Unexpected answer.', names);
    }
    dispatch({
      type: 'wizard/check-finished',
      summary: fromKmlResults(m.files, m.collection),
      remoteNames: names,
    });
    onFilesToSend?.(territoryFilesToSend(files, m.files));
    return m.collection;
  }
  const file = files[0];
  if (!file || !rules) return failCheck(dispatch, 'Pick a CSV file.', names);
  const handle = runCheck(createWorker, { type: 'check-csv', file, ...rules }, onProgress);
  const m = await handle.done;
  if (m.type !== 'csv-done') {
    return failCheck(dispatch, m.type === 'failed' ? m.message : 'Unexpected answer.', names);
  }
  dispatch({
    type: 'wizard/check-finished',
    summary: fromCsvSummary(m.summary, rules.mode === 'columns-only'),
    remoteNames: names,
  });
  return null;
}

function failCheck(dispatch: Dispatch, message: string, names: string[]): null {
  dispatch({ type: 'wizard/check-finished', summary: fileFailed(message), remoteNames: names });
  return null;
}

/** Files in the order they must be uploaded (territory levels first: contract §4). */
export function uploadOrder(files: readonly File[]): File[] {
  return inProcessingOrder(files);
}

export type UploadJob = {
  siteId: string;
  kind: DropKind;
  object?: string;
  files: readonly File[];
  remoteNames: readonly string[];
  /** The password typed for this import ("ask every time"); a refusal of it asks again. */
  secret?: string;
  now: () => number;
  /** Told the running upload's id (null when it ends), so a Cancel button can stop it. */
  onUploadId?: (uploadId: string | null) => void;
  /** Index of the first file to send (a retry goes on from the file that failed). */
  from?: number;
  /** The user saw "this exact file was uploaded before" and chose to send it again. */
  allowDuplicate?: boolean;
  /** The check's warnings, kept with the upload for the result and History (issue 12 §6). */
  warnings?: readonly string[];
};

/** The contract's bounds on the warnings kept with an upload (`Warnings` in core/ipc/contract.ts). */
const maxWarnings = 100;
const maxWarningChars = 2000;

/**
 * The check's warnings as `upload:start` takes them: a request past the contract's bounds is
 * refused whole, which would stop the upload itself. A wide file's list of ignored columns can
 * pass 2,000 characters, so a long warning is cut (ending in "…"), and a list of more than 100
 * ends with how many more there were.
 */
export function warningsToKeep(warnings: readonly string[]): string[] {
  const cut = (w: string) =>
    w.length <= maxWarningChars ? w : `${w.slice(0, maxWarningChars - 1)}…`;
  if (warnings.length <= maxWarnings) return warnings.map(cut);
  const kept = warnings.slice(0, maxWarnings - 1).map(cut);
  return [...kept, `…and ${warnings.length - kept.length} more warnings.`];
}

/** Stops a running upload; the engine removes the partial file (`upload:cancel`). */
export async function cancelUpload(bridge: Bridge, uploadId: string): Promise<void> {
  await bridge.invoke('upload:cancel', { uploadId });
}

/**
 * Uploads each file in turn from `job.from` (stage → `upload:start` → wait for
 * `upload:finished`), dispatching progress; on success dispatches `wizard/uploaded` with the
 * profile's expected wait. A file sent before stops with `duplicate` so the page can ask;
 * `allowDuplicate` answers for the first file of this run only (each later one asks again).
 */
export async function uploadAll(bridge: Bridge, dispatch: Dispatch, job: UploadJob): Promise<void> {
  const from = job.from ?? 0;
  for (let i = from; i < job.files.length; i++) {
    const file = job.files[i] as File;
    dispatch({ type: 'wizard/upload-started', index: i, total: file.size });
    const staged = await bridge.stageFile(file);
    if (!staged.ok) {
      return dispatch({ type: 'wizard/upload-failed', message: describeError(staged.error) });
    }
    const result = await uploadOne(
      bridge,
      dispatch,
      { ...job, allowDuplicate: i === from && job.allowDuplicate === true },
      staged.value.localRef,
      job.remoteNames[i] ?? file.name,
    );
    if (!result.ok) {
      if (result.duplicate) {
        void bridge.invoke('files:discard', { localRef: staged.value.localRef });
      }
      return dispatch({
        type: 'wizard/upload-failed',
        message: result.message,
        ...(result.cancelled ? { cancelled: true } : {}),
        ...(result.duplicate ? { duplicate: true } : {}),
        ...(passwordRefused(result.code, job.secret !== undefined)
          ? { passwordRefused: true }
          : {}),
      });
    }
    dispatch({ type: 'wizard/file-uploaded', index: i, entryId: result.entryId });
  }
  const cadence = getProfile(await siteProfile(bridge, job.siteId))?.cadenceMs ?? 60 * 60 * 1000;
  dispatch({ type: 'wizard/uploaded', at: job.now(), expectedWaitMs: cadence });
}

async function uploadOne(
  bridge: Bridge,
  dispatch: Dispatch,
  job: UploadJob,
  localRef: string,
  remoteName: string,
): Promise<UploadOutcome> {
  let uploadId: string | null = null;
  const early: EventPayload<'upload:finished'>[] = [];
  let finish: (p: EventPayload<'upload:finished'>) => void = (p) => void early.push(p);
  const offProgress = bridge.on('upload:progress', (p) => {
    if (p.uploadId === uploadId) dispatch({ type: 'wizard/upload-progress', progress: p });
  });
  const offFinished = bridge.on('upload:finished', (p) => finish(p));
  try {
    const r = await bridge.invoke('upload:start', {
      siteId: job.siteId,
      localRef,
      kind: job.kind,
      remoteName,
      ...(job.object ? { object: job.object } : {}),
      ...(job.secret ? { secret: job.secret } : {}),
      ...(job.allowDuplicate ? { allowDuplicate: true } : {}),
      ...(job.warnings?.length ? { warnings: warningsToKeep(job.warnings) } : {}),
    });
    if (!r.ok) {
      // The same content sent to this site before is refused unless allowed (upload:start).
      return r.error.code === 'duplicate'
        ? { ok: false, message: r.error.message, duplicate: true }
        : { ok: false, message: describeError(r.error), code: r.error.code };
    }
    uploadId = r.value.uploadId;
    const id = uploadId;
    job.onUploadId?.(id);
    const finished = await new Promise<EventPayload<'upload:finished'>>((resolve) => {
      const hit = early.find((p) => p.uploadId === id);
      if (hit) return resolve(hit);
      finish = (p) => p.uploadId === id && resolve(p);
    });
    return finished.ok ? { ok: true, entryId: r.value.entryId } : failedUpload(finished);
  } finally {
    job.onUploadId?.(null);
    offProgress();
    offFinished();
  }
}

type UploadOutcome =
  | { ok: true; entryId: string }
  | { ok: false; message: string; cancelled?: boolean; duplicate?: boolean; code?: string };

/** A transfer that ended without the file on the server: cancelled, or why not (with its code). */
function failedUpload(finished: EventPayload<'upload:finished'>): UploadOutcome {
  if (finished.error?.code === 'cancelled') {
    return {
      ok: false,
      cancelled: true,
      message: 'You cancelled the upload. Nothing was left on the server.',
    };
  }
  return {
    ok: false,
    message: finished.error ? describeError(finished.error) : 'The upload failed.',
    ...(finished.error ? { code: finished.error.code } : {}),
  };
}

async function siteProfile(bridge: Bridge, siteId: string): Promise<string> {
  const r = await bridge.invoke('sites:list', {});
  return (r.ok && r.value.sites.find((s) => s.id === siteId)?.profile) || 'classic';
}

const finalStatuses = new Set(['imported', 'failed', 'removed', 'moved-away', 'timeout', 'error']);

/**
 * Follows `outcome:update` pushes for the given entries; a final one becomes `wizard/outcome`
 * (a failure fetches the server's error rows for the table; a territory file, whatever its
 * verdict, what each Placemark created or updated). Returns the unsubscribe function.
 */
export function followOutcomes(
  bridge: Bridge,
  dispatch: Dispatch,
  entryIds: readonly string[],
  options: { territories?: boolean } = {},
): () => void {
  const seen = new Set<string>();
  const take = (p: EventPayload<'outcome:update'>) => {
    if (!entryIds.includes(p.entryId) || !finalStatuses.has(p.outcome) || seen.has(p.entryId)) {
      return;
    }
    seen.add(p.entryId);
    void toOutcome(bridge, p, options.territories === true).then((outcome) =>
      dispatch({ type: 'wizard/outcome', entryId: p.entryId, outcome }),
    );
  };
  const off = bridge.on('outcome:update', take);
  // A verdict may have come before we listened (a fast platform): the ledger has it.
  void bridge.invoke('history:list', {}).then((r) => {
    if (!r.ok) return;
    for (const e of r.value.entries) {
      take({
        entryId: e.id,
        outcome: e.outcome,
        message: e.message ?? '',
        ...(e.rowsTotal !== undefined ? { rowsTotal: e.rowsTotal } : {}),
        ...(e.rowsImported !== undefined ? { rowsImported: e.rowsImported } : {}),
        ...(e.rowsFailed !== undefined ? { rowsFailed: e.rowsFailed } : {}),
      });
    }
  });
  return off;
}

async function toOutcome(
  bridge: Bridge,
  p: EventPayload<'outcome:update'>,
  territories: boolean,
): Promise<VerdictView> {
  const status: VerdictView['status'] =
    p.outcome === 'error' ? 'failed' : (p.outcome as VerdictView['status']);
  const base: VerdictView = {
    status,
    problems: [],
    message: p.error ? describeError(p.error) : p.message,
    ...(p.rowsTotal !== undefined ? { rowsTotal: p.rowsTotal } : {}),
    ...(p.rowsImported !== undefined ? { rowsImported: p.rowsImported } : {}),
    ...(p.rowsFailed !== undefined ? { rowsFailed: p.rowsFailed } : {}),
  };
  if (status !== 'failed' && !territories) return base;
  const report = await bridge.invoke('history:report', { entryId: p.entryId });
  if (!report.ok) return base;
  return {
    ...base,
    ...(status === 'failed' ? { problems: fromServerErrors(report.value.errors) } : {}),
    ...(territories ? territoryOutcome(report.value.result) : {}),
  };
}

/**
 * result.json's optional territory extras (created / updated per Placemark), read defensively:
 * a platform that does not write them gives nothing, and the page then says nothing about it.
 */
export function territoryOutcome(
  result: InvokeResponse<'history:report'>['result'],
): Pick<VerdictView, 'territoriesCreated' | 'territoriesUpdated' | 'territories'> {
  if (!result) return {};
  const out: Pick<VerdictView, 'territoriesCreated' | 'territoriesUpdated' | 'territories'> = {};
  const r = result as Record<string, unknown>;
  if (typeof r.territoriesCreated === 'number') out.territoriesCreated = r.territoriesCreated;
  if (typeof r.territoriesUpdated === 'number') out.territoriesUpdated = r.territoriesUpdated;
  if (Array.isArray(r.territories)) {
    out.territories = r.territories.flatMap((t: unknown): TerritoryChange[] => {
      if (typeof t !== 'object' || t === null) return [];
      const c = t as Record<string, unknown>;
      return typeof c.name === 'string' &&
        typeof c.level === 'number' &&
        (c.action === 'created' || c.action === 'updated')
        ? [{ name: c.name, level: c.level, action: c.action }]
        : [];
    });
  }
  return out;
}

/** What the ledger knows about the site's territories (`history:known-territories`), or null. */
export async function loadKnownTerritories(
  bridge: Bridge,
  siteId: string,
): Promise<InvokeResponse<'history:known-territories'> | null> {
  const r = await bridge.invoke('history:known-territories', { siteId });
  return r.ok ? r.value : null;
}

/** The rules a resubmitted file is checked with, or why they are not known yet. */
export type ResubmitRules =
  | { ok: true; target: ImportTarget; schema: ObjectSchema | null }
  /** The server has no template of the object: the first upload used a template file. */
  | { ok: false; needsTemplateFile: true; object: string }
  | { ok: false; needsTemplateFile?: false; message: string; code?: IpcErrorCode };

/**
 * The rules for a resubmission, the same as for a first upload: the server's template of the
 * same object (full, or columns only when /Templates holds just the header row, as when it is
 * picked under "What do you want to import?"); with none on the server, the template file the
 * user picks. Territories are checked as KML; files of platforms without templates need none.
 * `secret` is the password of an "ask every time" site.
 */
export async function resubmitRules(
  bridge: Bridge,
  r: Resubmit,
  secret?: string,
): Promise<ResubmitRules> {
  if (r.target.kind !== 'records') return { ok: true, target: r.target, schema: null };
  const object = r.target.object.toLowerCase();
  const t = await loadTemplates(bridge, r.siteId, secret);
  if (!t.ok) return { ok: false, message: t.message, code: t.code };
  const hit = t.templates.find((x) => x.object.toLowerCase() === object);
  if (!hit) return { ok: false, needsTemplateFile: true, object: r.target.object };
  return { ok: true, ...rulesOf(hit) };
}

/** A server template as wizard rules: its schema, or its header row checked as columns only. */
export function rulesOf(t: RemoteTemplate): { target: ImportTarget; schema: ObjectSchema } {
  return t.schema && !t.headerOnly
    ? { target: { kind: 'records', object: t.object, rules: 'server-schema' }, schema: t.schema }
    : {
        target: { kind: 'records', object: t.object, rules: 'template-file' },
        schema: {
          object: t.object,
          fields: (t.columns ?? []).map((name) => ({ name, type: 'text' as const })),
        },
      };
}
