/**
 * What the main side's handlers are given (capabilities passed in, no singletons): the engine's
 * stores, the clock, the way to push events to the page and to find a staged file. Both shells
 * (Electron main, the web host) build one of these. node (types only).
 */
import type { ByteStaging } from './byte-staging.ts';
import type { StagedFile } from '../core/ipc/bridge.ts';
import type { EventChannel, EventPayload } from '../core/ipc/contract.ts';
import type { IpcResult } from '../core/ipc/result.ts';
import type { KnownHostsStore } from '../engine/known-hosts.ts';
import type { Ledger } from '../engine/ledger.ts';
import type { SecretStore } from '../engine/secret-store.ts';
import type { SiteStore } from '../engine/sites.ts';
import type { SettingsStore } from './settings-store.ts';

/** Pushes an event to the page(s). */
export type Emit = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export type HostDeps = {
  secrets: SecretStore;
  sites: SiteStore;
  knownHosts: KnownHostsStore;
  ledger: Ledger;
  settings: SettingsStore;
  /** Folder for the app's own files (keys/, reports/); shown in "About". */
  dataDir: string;
  clock: () => number;
  sleep?: (ms: number) => Promise<void>;
  emit: Emit;
  /** The local path behind a `localRef`, or undefined when it is unknown. */
  resolveLocalRef(ref: string): string | undefined;
  /** Electron only: registers a picked file's path. Absent → `files:stage-path` is refused. */
  stagePath?(path: string): Promise<IpcResult<StagedFile>>;
  /** Electron only: receives a page-made file's bytes. Absent → `files:stage-open` is refused. */
  stageBytes?: ByteStaging;
  /** Forgets a staged file (deleting the web host's copy). */
  discardLocalRef?(ref: string): Promise<void>;
  /** Electron only: the native picker for a private key file (null = cancelled). */
  pickKeyFile?(): Promise<string | null>;
  /** A desktop notification ("import done"); optional. */
  notify?(title: string, body: string): void;
  app: { name: string; version: string; platform: string; transport: 'electron' | 'web' };
  /** Timing knobs (tests shorten them). */
  hostKeyPromptTimeoutMs?: number;
  connectTimeoutMs?: number;
  readyTimeoutMs?: number;
  watchPollMs?: number;
  watchExpectedWaitMs?: number;
};
