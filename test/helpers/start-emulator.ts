/**
 * An in-process emulator for tests: a fresh temp data folder, 127.0.0.1 port 0, and demo-like
 * workspaces (classic, flexible, space, contact-lists with an RSA-2048 key). `withEmulator` closes
 * it and removes the folder however the test ends. node, tests only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSetup } from '../../server-emulator/config/demo.ts';
import {
  startEmulator,
  type EmulatorConfig,
  type RunningEmulator,
} from '../../server-emulator/emulator.ts';
import type { WorkspaceConfig } from '../../server-emulator/config/workspace.ts';

export type TestEmulatorOptions = {
  /** Run the processing cycle (default false: SFTP only; call `processNow()` when true). */
  processing?: boolean;
  /** Start the admin endpoint on a free port (needs processing). Default false. */
  admin?: boolean;
  /**
   * Processing interval of every workspace without its own `interval` (default 1 h for all, so
   * only `processNow()` runs cycles; `null` = each profile's cadence, as the real command).
   */
  intervalMs?: number | null;
  /** Extra workspaces beside the demo ones (names and usernames must not clash with them). */
  extraWorkspaces?: WorkspaceConfig[];
  /** Replace the demo workspaces entirely. */
  workspaces?: WorkspaceConfig[];
  clock?: () => number;
  limits?: EmulatorConfig['limits'];
  /** Reuse a data folder (e.g. to restart on the same data); it is then not removed. */
  dataDir?: string;
};

export type TestEmulator = RunningEmulator & {
  /** The temp data folder (host key, `workspaces/<name>/`, database). */
  dataDir: string;
  /** Password users of the demo workspaces (`classic`, `flexible`, `space`; password `demo`). */
  users: { username: string; password: string; workspace: string }[];
  /** Private key (OpenSSH format) of the `contact-lists` user. */
  contactListsKeyPath: string;
  /** Disk path of a workspace's root. */
  rootOf(workspace: string): string;
};

/** Starts an emulator in a fresh temp folder (remove it with `close()` + `rm`, or use withEmulator). */
export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sia-emu-')));
  const demo = await demoSetup(dataDir);
  const workspaces = options.workspaces ?? [...demo.workspaces, ...(options.extraWorkspaces ?? [])];
  const running = await startEmulator({
    dataDir,
    workspaces,
    host: '127.0.0.1',
    port: 0,
    processing: options.processing ?? false,
    ...(options.admin ? { adminPort: 0 } : {}),
    ...(options.intervalMs === null ? {} : { intervalMs: options.intervalMs ?? 60 * 60_000 }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const users = workspaces.flatMap((w) =>
    w.users.flatMap((u) =>
      u.password !== undefined
        ? [{ username: u.username, password: u.password, workspace: w.name }]
        : [],
    ),
  );
  return {
    ...running,
    dataDir,
    users,
    contactListsKeyPath: demo.contactListsKeyPath,
    rootOf(workspace) {
      const ws = running.workspaces.find((w) => w.name === workspace);
      if (!ws) throw new Error(`no workspace "${workspace}"`);
      return ws.root;
    },
  };
}

/** Runs `run` against a fresh emulator, then closes it and removes its data folder. */
export async function withEmulator<T>(
  run: (emu: TestEmulator) => Promise<T>,
  options: TestEmulatorOptions = {},
): Promise<T> {
  const emu = await startTestEmulator(options);
  try {
    return await run(emu);
  } finally {
    await emu.close();
    if (options.dataDir === undefined) await rm(emu.dataDir, { recursive: true, force: true });
  }
}
