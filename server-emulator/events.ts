/**
 * The emulator's events, past tense, plain data, typed by one map (style §B6). node.
 */
import { EventEmitter } from 'node:events';

export type UploadCompleted = {
  workspace: string;
  /** Virtual path in the workspace (`/Leads/Import/New/x.csv`). */
  path: string;
  size: number;
};

export type EmulatorEvents = {
  'session-opened': [{ workspace: string; username: string; address: string }];
  'session-closed': [{ workspace: string; username: string; address: string }];
  'login-failed': [{ username: string; address: string; reason: string }];
  'address-banned': [{ address: string; untilMs: number }];
  'upload-completed': [UploadCompleted];
  /** `workspaces`: the ones a timed cycle covered; absent for a cycle of all (SIGUSR1, admin). */
  'cycle-finished': [
    { report?: unknown; error?: string; durationMs: number; workspaces?: string[] },
  ];
  log: [{ level: 'info' | 'warn' | 'error'; message: string; workspace?: string; file?: string }];
};

/** A typed EventEmitter of EmulatorEvents. */
export type EmulatorEmitter = EventEmitter<EmulatorEvents>;

export function createEmitter(): EmulatorEmitter {
  return new EventEmitter<EmulatorEvents>();
}
