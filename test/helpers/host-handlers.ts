/**
 * The app's handlers for host integration tests, driven as the renderer drives them: the shells'
 * own wiring (host/open-host.ts) on a temp work folder (`data/` for the stores, `staging/` for
 * staged files), every call through dispatchInvoke, every pushed event kept and awaitable.
 * Create it at module level (its event list exists before the host), `open` it in `before`,
 * `close` it in `after`. node, tests only.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../core/ipc/contract.ts';
import { dispatchInvoke } from '../../core/ipc/dispatch.ts';
import type { IpcResult } from '../../core/ipc/result.ts';
import type { HostHandlers } from '../../host/create-handlers.ts';
import { createLocalFiles, type LocalFiles } from '../../host/local-files.ts';
import { openHost, type HostShell } from '../../host/open-host.ts';
import { createKeyringSecretStore, type SecretStore } from '../../engine/secret-store.ts';

/** The test's part of the wiring: the keychain and timings (the rest is the helper's). */
export type TestShell = Omit<HostShell, 'emit' | 'dataDir' | 'localFiles' | 'warn' | 'app'>;

type Call = <C extends InvokeChannel>(
  channel: C,
  request: InvokeRequest<C>,
) => Promise<IpcResult<InvokeResponse<C>>>;

export type HandlersUnderTest = {
  /** Pushed events as they come (for a test's own listener). */
  events: EventEmitter;
  /** Every pushed event, in order. */
  seen: { event: string; payload: unknown }[];
  /** Every call's result, in order. */
  responses: unknown[];
  /** A call as the page makes it (request checked by the contract's schema). */
  call: Call;
  /** The next pushed `event` that `accept` takes (listening starts now). */
  next: <E extends EventChannel>(
    event: E,
    accept?: (payload: EventPayload<E>) => boolean,
  ) => Promise<EventPayload<E>>;
  /**
   * Opens the stores in a new temp folder named from `prefix`; a store warning fails the test.
   * Files are staged by path (as Electron does).
   */
  open(prefix: string, shell: TestShell): Promise<{ work: string; files: LocalFiles }>;
  /** Stages `path`, starts its upload, and waits for the upload's `upload:finished` event. */
  upload(
    path: string,
    request: Omit<InvokeRequest<'upload:start'>, 'localRef'>,
  ): Promise<{
    started: InvokeResponse<'upload:start'>;
    done: EventPayload<'upload:finished'>;
  }>;
  /**
   * Runs the emulator's processing cycles (at most `cycles`) until the platform's verdict is
   * pushed: the first one `accept` takes, other than `waiting`.
   */
  untilVerdict(
    emu: { processNow(): Promise<unknown> },
    cycles: number,
    accept?: (p: EventPayload<'outcome:update'>) => boolean,
  ): Promise<EventPayload<'outcome:update'>>;
  /** Shuts the handlers down (watchers, prompts) and removes the work folder. */
  close(): Promise<void>;
};

/**
 * Timings for tests that upload and wait for the verdict: the watcher polls every 50 ms and
 * expects a verdict within 20 s; an unanswered host-key question closes after 10 s.
 */
export const quickTimings = {
  watchPollMs: 50,
  watchExpectedWaitMs: 20_000,
  hostKeyPromptTimeoutMs: 10_000,
} as const;

/**
 * The real OS keychain under a private service name, and whether it answers here (a test that
 * needs it skips with `reason` otherwise: run it under scripts/with-keyring.sh).
 */
export async function testKeychain(): Promise<{
  secrets: SecretStore;
  keychain: { available: boolean; reason: string };
}> {
  const secrets = createKeyringSecretStore(`sia-test-${randomUUID()}`);
  const status = await secrets.status();
  return { secrets, keychain: { available: status.available, reason: status.reason ?? '' } };
}

/** The value of an ok result; fails the test with the whole result otherwise. */
export function value<T>(result: IpcResult<T>): T {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

export function handlersUnderTest(): HandlersUnderTest {
  const events = new EventEmitter();
  const seen: HandlersUnderTest['seen'] = [];
  const responses: unknown[] = [];
  let host: HostHandlers | undefined;
  let work: string | undefined;

  const call: Call = async (channel, request) => {
    if (!host) throw new Error('handlersUnderTest: call before open()');
    const result = await dispatchInvoke(host.handlers, channel, request);
    responses.push(result);
    return result as never;
  };
  const next: HandlersUnderTest['next'] = (event, accept = () => true) =>
    new Promise((resolve) => {
      const on = (p: Parameters<typeof accept>[0]): void => {
        if (!accept(p)) return;
        events.off(event, on);
        resolve(p);
      };
      events.on(event, on);
    });

  return {
    events,
    seen,
    responses,
    call,
    next,
    async open(prefix, shell) {
      work = await mkdtemp(join(tmpdir(), prefix));
      const files = createLocalFiles({ stagingDir: join(work, 'staging') });
      host = openHost({
        dataDir: join(work, 'data'),
        emit: (event, payload) => {
          seen.push({ event, payload });
          events.emit(event, payload);
        },
        localFiles: files,
        warn: (w) => assert.fail(`unexpected store warning: ${w}`),
        stagePath: (path) => files.registerPath(path),
        app: {
          name: 'SFTP Import Assistant',
          version: '0.0.0-test',
          platform: process.platform,
          transport: 'electron',
        },
        ...shell,
      });
      return { work, files };
    },
    async upload(path, request) {
      const staged = value(await call('files:stage-path', { path }));
      const finished = next('upload:finished');
      const started = value(await call('upload:start', { ...request, localRef: staged.localRef }));
      return { started, done: await finished };
    },
    async untilVerdict(emu, cycles, accept = () => true) {
      const verdict = next('outcome:update', (p) => p.outcome !== 'waiting' && accept(p));
      let outcome: EventPayload<'outcome:update'> | undefined;
      void verdict.then((v) => (outcome = v));
      for (let i = 0; i < cycles && outcome === undefined; i++) {
        await emu.processNow();
        await Promise.race([verdict, new Promise((r) => setTimeout(r, 200))]);
      }
      assert.ok(outcome, `no verdict after ${cycles} processing cycles`);
      return outcome;
    },
    async close() {
      await host?.shutdown();
      if (work) await rm(work, { recursive: true, force: true });
    },
  };
}
