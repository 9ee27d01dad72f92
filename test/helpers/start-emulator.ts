/**
 * An in-process emulator for tests: a fresh temp data folder, 127.0.0.1 port 0, and demo-like
 * workspaces (classic, flexible, space, contact-lists with an RSA-2048 key). `withEmulator` closes
 * it and removes the folder however the test ends. With `ftps: true` (or `startFtpsTestEmulator`)
 * the FTPS listeners of contract §12 open too, both on free ports. node, tests only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSetup } from '../../server-emulator/config/demo.ts';
import {
  startEmulator,
  type EmulatorConfig,
  type FtpsOptions,
  type RunningEmulator,
} from '../../server-emulator/emulator.ts';
import type { WorkspaceConfig } from '../../server-emulator/config/workspace.ts';
import { leadSchema } from '../../core/schema/demo-schemas.ts';

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
  /**
   * Open the FTPS listeners (contract §12): `true` = implicit and explicit TLS on free ports;
   * an object sets ports (0 = free), a passive range or `requireSessionReuse: false`.
   */
  ftps?: boolean | FtpsOptions;
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
    ...(options.ftps ? { ftps: ftpsOptions(options.ftps) } : {}),
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

/** A SPOTIO classic workspace (the Lead template) whose one user is named as it, with `password`. */
export function classicWorkspace(name: string, password: string): WorkspaceConfig {
  return {
    name,
    profile: 'classic',
    users: [{ username: name, password, publicKeys: [] }],
    schemas: [leadSchema],
    exportSchedule: 'none',
    pullSources: [],
  };
}

function ftpsOptions(o: true | FtpsOptions): FtpsOptions {
  return o === true ? { implicitPort: 0, explicitPort: 0 } : o;
}

/** The FTPS side of a test emulator: both ports and the certificate's `SHA256:…` fingerprint. */
export type TestFtps = {
  implicitPort: number;
  explicitPort: number;
  certificateFingerprint: string;
};

/**
 * Starts a test emulator with FTPS on (implicit and explicit TLS on free ports unless `ftps`
 * says otherwise); `ftps` is then always set. For FTPS client tests (curl, lftp, basic-ftp).
 */
export async function startFtpsTestEmulator(
  options: TestEmulatorOptions = {},
): Promise<TestEmulator & { ftps: TestFtps }> {
  const emu = await startTestEmulator({ ftps: true, ...options });
  const f = emu.ftps;
  if (f?.implicitPort === undefined || f.explicitPort === undefined) {
    await emu.close();
    throw new Error('startFtpsTestEmulator needs both FTPS listeners (implicit and explicit)');
  }
  const ftps: TestFtps = {
    implicitPort: f.implicitPort,
    explicitPort: f.explicitPort,
    certificateFingerprint: f.certificateFingerprint,
  };
  return { ...emu, ftps };
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
    await closeTestEmulator(emu, options);
  }
}

/** Closes a test emulator and removes its data folder, unless the test passed one in. */
export async function closeTestEmulator(
  emu: TestEmulator,
  options: Pick<TestEmulatorOptions, 'dataDir'> = {},
): Promise<void> {
  await emu.close();
  if (options.dataDir === undefined) await rm(emu.dataDir, { recursive: true, force: true });
}
