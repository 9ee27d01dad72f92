/**
 * The seam to the processing cycle and the admin endpoint (server-emulator/processing/ and
 * admin/, built separately): the API the SFTP side codes against, and the loader that wires them
 * in. node.
 */
import type { WorkspaceRuntime } from './workspace.ts';

export type ProcessorLog = (e: {
  level: 'info' | 'warn' | 'error';
  message: string;
  workspace?: string;
  file?: string;
}) => void;

/** What the processing helper's `createProcessor` returns. */
export type Processor = {
  runCycle(): Promise<unknown>;
  exportNow(workspace: string, object?: string): Promise<string[]>;
  close(): Promise<void>;
};

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

type ProcessorModule = { createProcessor?: (o: ProcessingOptions) => Processor };
type AdminModule = {
  startAdminServer?: (o: {
    host: string;
    port: number;
    processor: Processor;
    workspaces: WorkspaceRuntime[];
    dataDir: string;
  }) => Promise<{ port: number; close(): Promise<void> }>;
};

// Specifiers in variables: the modules are built by another part of the project.
const processorSpecifier = './processing/processor.ts';
const adminSpecifier = './admin/admin-server.ts';

/** Creates the processor (and the admin starter); undefined when processing is not installed. */
export async function loadProcessing(opts: ProcessingOptions): Promise<Processing | undefined> {
  const pm = (await import(processorSpecifier).catch(() => ({}))) as ProcessorModule;
  if (typeof pm.createProcessor !== 'function') {
    opts.log?.({ level: 'warn', message: 'processing is not available in this build; files are not processed' });
    return undefined;
  }
  const processor = pm.createProcessor(opts);
  return {
    processor,
    async startAdmin(a) {
      const am = (await import(adminSpecifier).catch(() => ({}))) as AdminModule;
      if (typeof am.startAdminServer !== 'function') throw new Error('the admin endpoint is not available in this build');
      return am.startAdminServer({ ...a, processor });
    },
  };
}
