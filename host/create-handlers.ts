/**
 * The main side's use-cases: one handler per contract channel, mapping each to the engine
 * (engine). Both shells call this with their own capabilities (Electron main: its
 * userData and Notification; the web host: its WebSocket `emit` and staging folder).
 * node.
 */
import type { InvokeHandlers } from '../core/ipc/contract.ts';
import { createAppHandlers } from './app-handlers.ts';
import { createHistoryHandlers } from './history-handlers.ts';
import type { HostDeps } from './host-deps.ts';
import { createHostKeyPrompts, type HostKeyPrompts } from './host-key-prompts.ts';
import { createSiteHandlers } from './site-handlers.ts';
import {
  createTransferHandlers,
  createTransferState,
  type TransferState,
} from './transfer-handlers.ts';

export type { HostDeps } from './host-deps.ts';

/** The handlers plus what a shell needs to shut down cleanly. */
export type HostHandlers = {
  handlers: InvokeHandlers;
  prompts: HostKeyPrompts;
  transfers: TransferState;
  /** Cancels prompts, uploads and watches, and waits for their jobs to end. */
  shutdown(): Promise<void>;
};

/** Builds every handler of the contract from the given capabilities. */
export function createHostHandlers(deps: HostDeps): HostHandlers {
  const prompts = createHostKeyPrompts({
    emit: deps.emit,
    clock: deps.clock,
    ...(deps.hostKeyPromptTimeoutMs ? { timeoutMs: deps.hostKeyPromptTimeoutMs } : {}),
  });
  const transfers = createTransferState();
  const handlers: InvokeHandlers = {
    ...createAppHandlers(deps, prompts),
    ...createHistoryHandlers(deps, prompts),
    ...createSiteHandlers(deps, prompts),
    ...createTransferHandlers(deps, prompts, transfers),
  };
  return {
    handlers,
    prompts,
    transfers,
    async shutdown() {
      prompts.cancelAll();
      for (const u of transfers.uploads.values()) u.controller.abort();
      for (const w of transfers.watches.values()) w.abort();
      await Promise.allSettled([...transfers.jobs]);
    },
  };
}

/** Just the handler map (see createHostHandlers for shutdown). */
export function createHandlers(deps: HostDeps): InvokeHandlers {
  return createHostHandlers(deps).handlers;
}
