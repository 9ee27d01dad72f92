/**
 * The seam to the processing cycle and the admin endpoint (server-emulator/processing/ and
 * admin/, built separately): the API the SFTP side codes against, and the loader that wires them
 * in. node.
 */
import type { WorkspaceRuntime } from './workspace.ts';

import {
  createProcessor,
  type CycleReport,
  type LogEvent,
  type Processor,
} from './processing/processor.ts';

export type { CycleReport, Processor };
export type ProcessorLog = (e: LogEvent) => void;

export type ProcessingOptions = {
  dataDir: string;
  workspaces: WorkspaceRuntime[];
  clock: () => number;
  isOpenForWrite: (absPath: string) => boolean;
  log?: ProcessorLog;
};

export type Processing = {
  processor: Processor;
  startAdmin(opts: {
    host: string;
    port: number;
    workspaces: WorkspaceRuntime[];
    dataDir: string;
  }): Promise<{ port: number; close(): Promise<void> }>;
};

type AdminModule = {
  startAdminServer?: (o: {
    host: string;
    port: number;
    processor: Processor;
    workspaces: WorkspaceRuntime[];
    dataDir: string;
  }) => Promise<{ port: number; close(): Promise<void> }>;
};

// The admin endpoint is built separately; loaded by a specifier in a variable until it lands.
const adminSpecifier = './admin/admin-server.ts';

/** Creates the processor over `<dataDir>/emulator.sqlite`, and the admin starter. */
export function loadProcessing(opts: ProcessingOptions): Processing {
  const processor = createProcessor(opts);
  return {
    processor,
    async startAdmin(a) {
      const am = (await import(adminSpecifier)) as AdminModule;
      if (typeof am.startAdminServer !== 'function') {
        throw new Error('the admin module has no startAdminServer');
      }
      return am.startAdminServer({ ...a, processor });
    },
  };
}
