/**
 * An in-memory `Bridge` for design work in a plain browser (`vite`) and for component tests:
 * demo sites, a doctor that walks its steps, a host-key prompt on first test, uploads with
 * progress, and a verdict (files whose name contains "bad" fail with server rows). std.
 */
import type { Bridge, StagedFile } from '../../core/ipc/bridge.ts';
import type {
  DoctorStep,
  EventChannel,
  EventPayload,
  HistoryEntry,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  KnownHostView,
  SiteView,
} from '../../core/ipc/contract.ts';
import type { IpcResult } from '../../core/ipc/result.ts';
import { demoSchemas } from '../../core/schema/demo-schemas.ts';

type Handler<C extends InvokeChannel> = (
  req: InvokeRequest<C>,
) => Promise<IpcResult<InvokeResponse<C>>>;
export type FakeBridgeOptions = { delayMs?: number; sites?: SiteView[]; history?: HistoryEntry[] };

/** What a test can poke at besides the bridge. */
export type FakeBridge = Bridge & {
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
  calls: { channel: string; request: unknown }[];
  files: Map<string, File>;
};

const ok = <T>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });

/** Creates a fake bridge with demo data. */
export function createFakeBridge(options: FakeBridgeOptions = {}): FakeBridge {
  const delay = options.delayMs ?? 120;
  const wait = (ms = delay) => new Promise<void>((r) => setTimeout(r, ms));
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const sites: SiteView[] = [...(options.sites ?? [])];
  const history: HistoryEntry[] = [...(options.history ?? [])];
  const known: KnownHostView[] = [];
  const files = new Map<string, File>();
  const calls: FakeBridge['calls'] = [];
  let seq = 0;
  const emit = <E extends EventChannel>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const prompts = new Map<string, (d: string) => void>();

  const handlers: { [C in InvokeChannel]?: Handler<C> } = {
    'app:get-info': () =>
      ok({
        name: 'SFTP Import Assistant',
        version: 'dev',
        platform: 'browser',
        transport: 'web',
        dataDir: '(memory)',
      }),
    'sites:list': () => ok({ sites: [...sites] }),
    'sites:save': ({ site, secret }) => {
      const id = site.id ?? `site-${++seq}`;
      const prev = sites.find((s) => s.id === id);
      const view: SiteView = {
        ...site,
        id,
        hasSecret: secret !== undefined || (prev?.hasSecret ?? false),
      };
      const i = sites.findIndex((s) => s.id === id);
      if (i >= 0) sites[i] = view;
      else sites.push(view);
      return ok({ site: view });
    },
    'sites:remove': ({ siteId }) => {
      const i = sites.findIndex((s) => s.id === siteId);
      if (i >= 0) sites.splice(i, 1);
      return ok({});
    },
    'sites:test': async ({ siteId, testId }) => {
      const site = sites.find((s) => s.id === siteId);
      const steps: DoctorStep[] = [];
      const step = async (
        id: string,
        label: string,
        message: string,
        status: DoctorStep['status'] = 'ok',
      ) => {
        const s: DoctorStep = { id, label, status, message };
        emit('doctor:step', {
          siteId,
          ...(testId ? { testId } : {}),
          step: { ...s, status: 'running' },
        });
        await wait();
        steps.push(s);
        emit('doctor:step', { siteId, ...(testId ? { testId } : {}), step: s });
        return s;
      };
      await step(
        'reach',
        'Reach the server',
        `Connected to ${site?.host ?? '?'}:${site?.port ?? 22}.`,
      );
      await step('banner', 'SSH greeting', 'The server speaks SSH.');
      const hostKey = {
        type: 'ssh-ed25519',
        fingerprint: 'SHA256:q1w2e3r4t5y6u7i8o9p0AsDfGhJkLzXcVbNm1234567',
      };
      if (site && !known.some((k) => k.host === site.host && k.port === site.port)) {
        const promptId = `prompt-${++seq}`;
        const decision = await new Promise<string>((resolve) => {
          prompts.set(promptId, resolve);
          emit('hostkey:prompt', {
            promptId,
            host: site.host,
            port: site.port,
            keyType: hostKey.type,
            fingerprint: hostKey.fingerprint,
            expiresAt: Date.now() + 120_000,
          });
        });
        if (decision === 'cancel') {
          await step(
            'host-key',
            'Server identity',
            'You did not accept the server’s key, so nothing was sent.',
            'failed',
          );
          return ok({ report: { ok: false, steps } });
        }
        if (decision === 'accept') {
          known.push({
            host: site.host,
            port: site.port,
            ...hostKey,
            addedAt: new Date().toISOString(),
          });
        }
      }
      await step('host-key', 'Server identity', `Key ${hostKey.fingerprint} matches.`);
      await step('login', 'Log in', `Logged in as ${site?.username ?? '?'}.`);
      await step('folders', 'Folders', 'The platform’s folders are there.');
      await step('write', 'Write a test file', 'A test file was written and removed.');
      return ok({ report: { ok: true, steps, hostKey } });
    },
    'files:stage-path': () =>
      Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Not in a browser.' } }),
    'files:discard': ({ localRef }) => (files.delete(localRef), ok({})),
    'secrets:status': () => ok({ available: true, backend: 'memory' }),
    'hostkeys:list': () => ok({ hosts: [...known] }),
    'hostkeys:forget': ({ host, port }) => {
      const i = known.findIndex((k) => k.host === host && k.port === port);
      if (i >= 0) known.splice(i, 1);
      return ok({});
    },
    'hostkey:answer': ({ promptId, decision }) => {
      prompts.get(promptId)?.(decision);
      prompts.delete(promptId);
      emit('hostkey:prompt-closed', { promptId, decision });
      return ok({});
    },
    'keys:generate': ({ comment }) =>
      ok({
        keyId: `key-${++seq}`,
        publicKey: `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDfake${seq} ${comment ?? 'sftp-import'}`,
        privateKeyPath: '(memory)',
        accepted: true,
      }),
    'templates:list': ({ siteId }) => {
      const site = sites.find((s) => s.id === siteId);
      const list = site?.profile === 'flexible' ? demoSchemas.flexible : demoSchemas.classic;
      return ok({
        templates: list.map((schema) => ({ object: schema.object, schema, headerOnly: false })),
      });
    },
    'upload:start': (req) => {
      const uploadId = `upload-${++seq}`;
      const entryId = `entry-${seq}`;
      const total = files.get(req.localRef)?.size ?? 1000;
      void fakeUpload(req.siteId, req.remoteName, uploadId, entryId, total);
      return ok({ uploadId, entryId });
    },
    'upload:cancel': () => ok({ cancelled: true }),
    'upload:list-active': () => ok({ uploads: [], watching: [] }),
    'watch:start': () => ok({}),
    'watch:stop': () => ok({}),
    'history:list': () => ok({ entries: [...history].reverse() }),
    'history:report': ({ entryId }) => {
      const entry = history.find((h) => h.id === entryId);
      if (!entry) {
        return Promise.resolve({
          ok: false,
          error: { code: 'not-found', message: 'No such upload.' },
        });
      }
      const errors = entry.outcome === 'failed' ? demoErrors : [];
      return ok({ entry, result: { status: entry.outcome }, errors, errorsTruncated: false });
    },
    'settings:get': () => ok({ settings: { theme: 'system', notify: false } }),
    'settings:set': ({ patch }) =>
      ok({ settings: { theme: patch.theme ?? 'system', notify: patch.notify ?? false } }),
    'pull:check': () => ok({ report: { ok: true, steps: [] } }),
  };

  async function fakeUpload(
    siteId: string,
    remoteName: string,
    uploadId: string,
    entryId: string,
    total: number,
  ) {
    const started = Date.now();
    for (let i = 1; i <= 10; i++) {
      await wait(delay / 2);
      const bytes = Math.round((total * i) / 10);
      const elapsed = Math.max(1, Date.now() - started);
      emit('upload:progress', {
        uploadId,
        entryId,
        bytes,
        total,
        rateBps: (bytes / elapsed) * 1000,
        etaMs: ((total - bytes) / bytes) * elapsed,
      });
    }
    emit('upload:finished', {
      uploadId,
      entryId,
      ok: true,
      remotePath: `/New/${remoteName}`,
      bytes: total,
      attempts: 1,
    });
    const bad = remoteName.toLowerCase().includes('bad');
    const entry: HistoryEntry = {
      id: entryId,
      siteId,
      fileName: remoteName,
      remotePath: `/New/${remoteName}`,
      sha256: 'f'.repeat(64),
      bytes: total,
      startedAt: new Date(started).toISOString(),
      outcome: 'waiting',
      hasErrorReport: false,
    };
    history.push(entry);
    emit('outcome:update', { entryId, outcome: 'waiting', message: 'Waiting for the platform.' });
    await wait(delay * 3);
    Object.assign(
      entry,
      bad
        ? {
            outcome: 'failed',
            rowsTotal: 3,
            rowsImported: 1,
            rowsFailed: 2,
            hasErrorReport: true,
            message: 'Failed: 2 rows with errors',
          }
        : {
            outcome: 'imported',
            rowsTotal: 3,
            rowsImported: 3,
            rowsFailed: 0,
            message: 'Imported 3 rows',
          },
    );
    entry.finishedAt = new Date().toISOString();
    emit('outcome:update', {
      entryId,
      outcome: entry.outcome,
      message: entry.message ?? '',
      rowsTotal: 3,
      rowsImported: entry.rowsImported ?? 0,
      rowsFailed: entry.rowsFailed ?? 0,
    });
  }

  return {
    calls,
    files,
    emit,
    invoke(channel, request) {
      calls.push({ channel, request });
      const h = handlers[channel];
      if (!h) {
        return Promise.resolve({
          ok: false,
          error: { code: 'internal', message: `fake: ${channel}` },
        });
      }
      return h(request);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    stageFile(file: File): Promise<IpcResult<StagedFile>> {
      const localRef = `file-${++seq}`;
      files.set(localRef, file);
      return ok({ localRef, name: file.name, size: file.size });
    },
  };
}

const demoErrors = [
  {
    row: 3,
    column: 'Email',
    value: 'not-an-email',
    message: 'Email: "not-an-email" is not an email address.',
  },
  {
    row: 4,
    column: 'RelatedTo',
    value: 'R-999',
    message:
      'RelatedTo: no record with RecordID "R-999". Export the parent records and copy their RecordID.',
  },
];
