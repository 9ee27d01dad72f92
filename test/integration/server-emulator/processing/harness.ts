/**
 * Test harness for the processing cycle: a temp data dir with demo workspaces laid out on disk,
 * helpers to drop files (aged past the first-sight wait) and to read folders and the database.
 * node, tests only.
 */
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSchemas } from '../../../../core/schema/demo-schemas.ts';
import {
  createProcessor,
  type Processor,
  type ProcessorOptions,
} from '../../../../server-emulator/processing/processor.ts';
import { setUpWorkspaces } from '../../../../server-emulator/config/workspace-setup.ts';
import type {
  WorkspaceConfig,
  WorkspaceRuntime,
} from '../../../../server-emulator/config/workspace.ts';

export type Harness = {
  dataDir: string;
  workspaces: WorkspaceRuntime[];
  processor: Processor;
  now: { t: number };
  ws(name: string): WorkspaceRuntime;
  /** Writes a file into a workspace folder with an mtime 5 s in the past. */
  drop(ws: string, dir: string, name: string, content: string | Uint8Array): Promise<string>;
  list(ws: string, dir: string): Promise<string[]>;
  read(ws: string, path: string): Promise<string>;
  count(object: string, ws?: string): number;
  close(): Promise<void>;
};

export const demoWorkspaces: WorkspaceConfig[] = [
  {
    name: 'classic',
    profile: 'classic',
    users: [],
    schemas: [...demoSchemas.classic],
    exportSchedule: 'none',
    pullSources: [],
  },
  {
    name: 'flexible',
    profile: 'flexible',
    users: [],
    schemas: [...demoSchemas.flexible],
    exportSchedule: 'none',
    pullSources: [],
  },
  {
    name: 'space',
    profile: 'space',
    users: [],
    schemas: [],
    exportSchedule: 'none',
    pullSources: [],
  },
  {
    name: 'contact-lists',
    profile: 'contact-lists',
    users: [],
    schemas: [],
    exportSchedule: 'none',
    pullSources: [],
  },
];

export async function startHarness(
  configs: WorkspaceConfig[] = demoWorkspaces,
  extra: Partial<ProcessorOptions> = {},
  dataDir?: string,
): Promise<Harness> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'sia-proc-')));
  const workspaces = await setUpWorkspaces(dir, configs);
  const now = { t: Date.UTC(2026, 10, 22, 12, 0, 0) };
  const processor = createProcessor({
    dataDir: dir,
    workspaces,
    clock: () => now.t,
    isOpenForWrite: () => false,
    ...extra,
  });
  const ws = (name: string) => {
    const w = workspaces.find((x) => x.name === name);
    if (!w) throw new Error(`no workspace ${name}`);
    return w;
  };
  const abs = (w: string, p: string) => join(ws(w).root, ...p.split('/').filter(Boolean));
  return {
    dataDir: dir,
    workspaces,
    processor,
    now,
    ws,
    async drop(w, d, name, content) {
      const p = join(abs(w, d), name);
      await writeFile(p, content);
      const past = new Date(Date.now() - 5000);
      await utimes(p, past, past);
      return p;
    },
    list: async (w, d) => (await readdir(abs(w, d))).sort(),
    read: (w, p) => readFile(abs(w, p), 'utf8'),
    count(object, w) {
      const sql = w
        ? 'SELECT count(*) FROM records r JOIN workspaces s ON s.id = r.ws WHERE r.object = ? AND s.name = ?'
        : 'SELECT count(*) FROM records WHERE object = ?';
      const st = processor.db.prepare(sql).pluck(true);
      return (w ? st.get(object, w) : st.get(object)) as number;
    },
    async close() {
      await processor.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A CSV text from a header and rows (no quoting needed by the callers). */
export function csv(header: string[], rows: string[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}
