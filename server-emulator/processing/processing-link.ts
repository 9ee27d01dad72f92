/**
 * The seam to the processing cycle and the admin endpoint (server-emulator/processing/ and
 * admin/, built separately): creates the processor for the emulator and starts the admin page
 * over it. node.
 */
import { startAdminServer } from '../admin/admin-server.ts';
import { createProcessor, type CycleReport, type LogEvent, type Processor } from './processor.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';

export type { CycleReport, Processor };
export type ProcessorLog = (e: LogEvent) => void;

export type ProcessingOptions = {
  dataDir: string;
  workspaces: WorkspaceRuntime[];
  clock: () => number;
  isOpenForWrite: (absPath: string) => boolean;
  log?: ProcessorLog;
  /** Called after a cycle or an export added or removed files in a workspace. */
  onWorkspaceChanged?: (workspace: string) => void;
};

export type Processing = {
  processor: Processor;
  startAdmin(opts: {
    host: string;
    port: number;
    workspaces: WorkspaceRuntime[];
    dataDir: string;
    addressesOf?: (workspace: string) => readonly string[];
    /** The admin endpoint's secret, printed in its URL (issue 14). */
    token: string;
  }): Promise<{ port: number; close(): Promise<void> }>;
};

/** Creates the processor over `<dataDir>/emulator.sqlite`, and the admin starter. */
export function loadProcessing(opts: ProcessingOptions): Processing {
  const processor = createProcessor(opts);
  return {
    processor,
    startAdmin: (a) => startAdminServer({ ...a, processor }),
  };
}
