/**
 * Handlers for uploads and their outcome: `upload:start` answers at once with ids and runs the
 * transfer in the background (the engine's `.part` + rename upload, contract §4), pushing
 * progress, then follows the platform's signal with the engine's watcher (contract §5.7, §9)
 * (host/outcome-watch.ts) and records everything in the ledger. Also the site's templates. node.
 */
import { randomUUID } from 'node:crypto';
import { beginSend, recordSendFailure, transferFile, type SendPlan } from '../engine/send-file.ts';
import { listRemoteTemplates } from '../engine/templates.ts';
import type { InvokeHandlers, InvokeResponse, ParsedRequest } from '../core/ipc/contract.ts';
import { fail, ok, toIpcError, type IpcError, type IpcResult } from '../core/ipc/result.ts';
import { dropFor, getProfile } from '../core/profiles/profiles.ts';
import type { HostDeps } from './host-deps.ts';
import type { HostKeyPrompts } from './host-key-prompts.ts';
import { follow } from './outcome-watch.ts';
import { connectSite } from './site-access.ts';

type TransferChannels =
  | 'upload:start'
  | 'upload:cancel'
  | 'upload:list-active'
  | 'watch:start'
  | 'watch:stop'
  | 'templates:list';

type ActiveUpload = {
  uploadId: string;
  entryId: string;
  fileName: string;
  bytes: number;
  total: number;
  controller: AbortController;
};

/** The running transfers and watches, so shutdown can stop them. */
export type TransferState = {
  uploads: Map<string, ActiveUpload>;
  watches: Map<string, AbortController>;
  /** Background jobs still running (tests await them; shutdown aborts them). */
  jobs: Set<Promise<void>>;
};

/** A fresh, empty state. */
export function createTransferState(): TransferState {
  return { uploads: new Map(), watches: new Map(), jobs: new Set() };
}

/** The transfer part of the handler map. */
export function createTransferHandlers(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  state: TransferState,
): Pick<InvokeHandlers, TransferChannels> {
  const background = (job: Promise<void>): void => {
    state.jobs.add(job);
    void job.finally(() => state.jobs.delete(job));
  };
  return {
    'upload:start': (request) => startUpload(deps, prompts, state, background, request),
    'upload:cancel': ({ uploadId }) => {
      const upload = state.uploads.get(uploadId);
      upload?.controller.abort();
      return Promise.resolve(ok({ cancelled: upload !== undefined }));
    },
    'upload:list-active': () =>
      Promise.resolve(
        ok({
          uploads: [...state.uploads.values()].map(
            ({ uploadId, entryId, fileName, bytes, total }) => ({
              uploadId,
              entryId,
              fileName,
              bytes,
              total,
            }),
          ),
          watching: [...state.watches.keys()],
        }),
      ),
    'watch:start': (request) => startWatch(deps, prompts, state, background, request),
    'watch:stop': ({ entryId }) => {
      state.watches.get(entryId)?.abort();
      return Promise.resolve(ok({}));
    },
    'templates:list': async ({ siteId, secret }) => {
      const site = deps.sites.get(siteId);
      if (!site) return fail('not-found', 'That site does not exist (it may have been removed).');
      const session = await connectSite(deps, prompts, site, secret);
      if (!session.ok) return session;
      try {
        const listed = await listRemoteTemplates(session.value);
        if (!listed.ok) return { ok: false, error: toIpcError(listed.error) };
        return ok({
          templates: listed.value.map((t) => ({
            object: t.object,
            headerOnly: t.headerOnly,
            ...(t.schema ? { schema: t.schema } : {}),
            ...(t.header ? { columns: t.header } : {}),
          })),
        });
      } finally {
        await session.value.close();
      }
    },
  };
}

async function startUpload(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  state: TransferState,
  background: (job: Promise<void>) => void,
  request: ParsedRequest<'upload:start'>,
): Promise<IpcResult<InvokeResponse<'upload:start'>>> {
  const site = deps.sites.get(request.siteId);
  if (!site) return fail('not-found', 'That site does not exist (it may have been removed).');
  const profile = getProfile(site.profile);
  const drop = profile ? dropFor(profile, request.kind) : undefined;
  if (!profile || !drop) {
    return fail(
      'bad-request',
      `${profile?.platform ?? 'This platform'} has no folder for ${request.kind} files.`,
    );
  }
  const localPath = deps.resolveLocalRef(request.localRef);
  if (localPath === undefined) {
    return fail('not-found', 'The picked file is no longer available; pick it again.');
  }
  const plan: SendPlan = {
    siteId: site.id,
    profile,
    drop,
    localPath,
    remoteName: request.remoteName,
    ...(request.object ? { object: request.object } : {}),
  };
  const startedMs = deps.clock();
  const begun = await beginSend(deps.ledger, plan, {
    allowDuplicate: request.allowDuplicate === true,
    now: () => startedMs,
  });
  if (!begun.ok) {
    const { duplicate } = begun.error;
    return duplicate
      ? fail(
          'duplicate',
          `This exact file was already sent to ${site.name} on ${duplicate.startedAt.slice(0, 10)} as ${duplicate.fileName} (${duplicate.outcome}). Send it again only if you mean to.`,
        )
      : { ok: false, error: toIpcError(begun.error) };
  }
  const { entry } = begun.value;
  // The check's warnings stay with the upload, for the result and History (issue 12 §6).
  if (request.warnings?.length) deps.ledger.update(entry.id, { warnings: request.warnings });
  const uploadId = randomUUID();
  const upload: ActiveUpload = {
    uploadId,
    entryId: entry.id,
    fileName: request.remoteName,
    bytes: 0,
    total: 0,
    controller: new AbortController(),
  };
  state.uploads.set(uploadId, upload);
  background(runUpload(deps, prompts, state, { upload, site, plan, request, startedMs }));
  return ok({ uploadId, entryId: entry.id });
}

type UploadJob = {
  upload: ActiveUpload;
  site: NonNullable<ReturnType<HostDeps['sites']['get']>>;
  plan: SendPlan;
  request: ParsedRequest<'upload:start'>;
  /** When the upload began: results finished before it are an older file's. */
  startedMs: number;
};

async function runUpload(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  state: TransferState,
  job: UploadJob,
): Promise<void> {
  const { upload } = job;
  // The ledger already holds a transfer's failure (transferFile); this records the others.
  const failed = (error: IpcError, recorded = false): void => {
    state.uploads.delete(upload.uploadId);
    if (!recorded) recordSendFailure(deps.ledger, upload.entryId, error, deps.clock);
    deps.emit('upload:finished', {
      uploadId: upload.uploadId,
      entryId: upload.entryId,
      ok: false,
      error,
    });
  };
  const session = await connectSite(deps, prompts, job.site, job.request.secret);
  if (!session.ok) return failed(session.error);
  try {
    if (upload.controller.signal.aborted) {
      return failed({ code: 'cancelled', message: 'Cancelled.' });
    }
    const sent = await transferFile(deps.ledger, upload.entryId, session.value, job.plan, {
      now: deps.clock,
      signal: upload.controller.signal,
      onProgress: (p) => {
        upload.bytes = p.bytes;
        upload.total = p.total;
        deps.emit('upload:progress', {
          uploadId: upload.uploadId,
          entryId: upload.entryId,
          bytes: p.bytes,
          total: p.total,
          rateBps: p.rateBps,
          etaMs: p.etaMs,
        });
      },
    });
    if (!sent.ok) return failed(toIpcError(sent.error), true);
    state.uploads.delete(upload.uploadId);
    deps.emit('upload:finished', {
      uploadId: upload.uploadId,
      entryId: upload.entryId,
      ok: true,
      remotePath: sent.value.remotePath,
      bytes: sent.value.bytes,
      sha256: sent.value.sha256,
      attempts: sent.value.attempts,
    });
    await deps.discardLocalRef?.(job.request.localRef);
    await follow(deps, state.watches, {
      entryId: upload.entryId,
      session: session.value,
      profile: job.plan.profile,
      remotePath: sent.value.remotePath,
      sinceMs: job.startedMs,
      fileName: job.request.remoteName,
    });
  } finally {
    await session.value.close();
  }
}

async function startWatch(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  state: TransferState,
  background: (job: Promise<void>) => void,
  request: ParsedRequest<'watch:start'>,
): Promise<IpcResult<InvokeResponse<'watch:start'>>> {
  const entry = deps.ledger.list().find((e) => e.id === request.entryId);
  if (!entry) return fail('not-found', 'That upload is not in the history.');
  if (state.watches.has(entry.id)) return ok({});
  if (!['uploaded', 'waiting', 'timeout'].includes(entry.outcome)) {
    return fail(
      'bad-request',
      `The outcome of ${entry.fileName} is already known (${entry.outcome}).`,
    );
  }
  const site = deps.sites.get(entry.siteId);
  const profile = site ? getProfile(site.profile) : undefined;
  if (!site || !profile) return fail('not-found', 'The site this file went to no longer exists.');
  const session = await connectSite(deps, prompts, site, request.secret);
  if (!session.ok) return session;
  background(
    follow(deps, state.watches, {
      entryId: entry.id,
      session: session.value,
      profile,
      remotePath: entry.remotePath,
      sinceMs: Date.parse(entry.startedAt),
      fileName: entry.fileName,
    }).finally(() => session.value.close()),
  );
  return ok({});
}
