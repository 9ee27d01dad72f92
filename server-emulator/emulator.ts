/**
 * `startEmulator(config)`: the emulated platform's SFTP server (ssh2), its per-address guard,
 * its workspaces on disk, and the processing cycle and admin endpoint wired in (style §B6,
 * contract §8-§10). The imperative shell around sftp-session.ts and the processor. node.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Server as NetServer, Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ParsedKey, PublicKeyAuthContext } from 'ssh2';
import { checkWorkspaces } from './config/config.ts';
import { cycleIntervals, groupByInterval } from './config/cycle-intervals.ts';
import { createEmitter, type EmulatorEmitter, type EmulatorEvents } from './events.ts';
import { firstKey, loadOrCreateHostKey } from './auth/host-key.ts';
import { createLoginGuard, defaultGuardLimits, safeEqual, type GuardLimits } from './auth/auth.ts';
import { parseKeyLine } from './auth/key-rules.ts';
import { disconnectCode, refusalMessage, type Refusal } from './auth/refusals.ts';
import { disconnectWithReason } from './auth/ssh-disconnect.ts';
import { serveSftp } from './sftp/sftp-session.ts';
import { createOpenWrites, removeOrphanTemps } from './vfs/uploads.ts';
import { createDiskUsage, type DiskUsage } from './vfs/disk-usage.ts';
import { createJail, type Jail } from './vfs/jail.ts';
import type { WorkspaceConfig, WorkspaceRuntime, WorkspaceUser } from './config/workspace.ts';
import { setUpWorkspaces } from './config/workspace-setup.ts';
import { loadProcessing, type CycleReport, type Processor } from './processing/processing-link.ts';
import { startFtps, type RunningFtps } from './ftps/ftps-server.ts';
import type { FtpLogin } from './ftps/ftp-session.ts';

const { Server, utils } = ssh2;

/** Limits of the SFTP front door (S5, S6). */
export type EmulatorLimits = GuardLimits & {
  /** A session with no request for this long is closed. */
  idleTimeoutMs: number;
  /**
   * Simultaneous SSH connections in all (handshaking or not); one more is told so and closed.
   * Beyond this plus a small margin, sockets are dropped without a word (a flood).
   */
  maxConnections: number;
  /** A connection not logged in within this long is closed (issue 14). Default 30 s. */
  loginTimeoutMs: number;
};

/** Sockets over `maxConnections` that may still be told why before they are dropped silently. */
const refusalMargin = 32;

export type EmulatorConfig = {
  /** Where the host key, workspaces and database live (created if missing). */
  dataDir: string;
  workspaces: readonly WorkspaceConfig[];
  /** Bind address; 127.0.0.1 by default. */
  host?: string;
  /** 0 picks a free port (the real one is returned). Default 0. */
  port?: number;
  /**
   * Processing interval in ms for every workspace that sets no `interval` of its own. Omitted:
   * each workspace follows its profile's cadence (SPOTIO and pull 1 h, space 1 min,
   * contact-lists 5 min; contract §8, §9).
   */
  intervalMs?: number;
  /** Start the admin endpoint on this port (0 = a free port); omitted = no admin endpoint. */
  adminPort?: number;
  /** false = SFTP only, no processing cycle (tests of the SFTP layer). Default true. */
  processing?: boolean;
  /** Time source for bans, idle timeouts and processing (ms). Default Date.now. */
  clock?: () => number;
  limits?: Partial<EmulatorLimits>;
  /** Also receives every 'log' event, including those emitted while starting. */
  log?: (e: EmulatorEvents['log'][0]) => void;
  /** The FTPS front end of the SPOTIO workspaces (contract §12); omitted = none. */
  ftps?: FtpsOptions;
  /** The workspaces' running byte totals (tests inject one over a counting file system). */
  diskUsage?: DiskUsage;
};

/** Ports of the FTPS listeners: 0 = any free port, omitted = that listener off. */
export type FtpsOptions = {
  implicitPort?: number;
  explicitPort?: number;
  /** Passive data ports; omitted = any free port. */
  passivePorts?: { min: number; max: number };
  /** Default true: refuse data connections that do not resume the control's TLS session. */
  requireSessionReuse?: boolean;
};

/** Profiles served over FTPS (SPOTIO's transport, contract §12); the others are SFTP-only. */
export const ftpsProfiles: ReadonlySet<string> = new Set(['classic', 'flexible']);

export type RunningEmulator = {
  host: string;
  port: number;
  /** `SHA256:<base64>` of the host key, as clients show it. */
  hostKeyFingerprint: string;
  adminPort?: number;
  /** The admin endpoint's secret (random per start); every request must carry it. */
  adminToken?: string;
  /** The admin page's address with its token: `http://127.0.0.1:PORT/?token=…`. */
  adminUrl?: string;
  /** The FTPS listeners when started (contract §12). */
  ftps?: { implicitPort?: number; explicitPort?: number; certificateFingerprint: string };
  dataDir: string;
  workspaces: WorkspaceRuntime[];
  /** Each workspace's processing interval in ms, by name (see `intervalMs`). */
  intervals: ReadonlyMap<string, number>;
  events: EmulatorEmitter;
  /** Whether a disk path is open for writing by an SFTP session now (contract §4). */
  isOpenForWrite(absPath: string): boolean;
  /** Runs a cycle of every workspace now (after a running one); resolves to its report. */
  processNow(): Promise<CycleReport | undefined>;
  /** Ends every session, stops the cycle and the admin endpoint, and closes the port. */
  close(): Promise<void>;
};

export const defaultLimits: EmulatorLimits = {
  ...defaultGuardLimits,
  idleTimeoutMs: 10 * 60_000,
  maxConnections: 256,
  loginTimeoutMs: 30_000,
};

type Account = {
  workspace: WorkspaceRuntime;
  jail: Jail;
  user: WorkspaceUser;
  keys: { blob: Buffer; key: ParsedKey }[];
};

/** Starts the emulator; rejects with a message naming the problem for a bad config. */
export async function startEmulator(config: EmulatorConfig): Promise<RunningEmulator> {
  const problems = checkWorkspaces(config.workspaces);
  if (problems.length > 0) {
    throw new Error(`the emulator config is not valid:\n  ${problems.join('\n  ')}`);
  }
  const clock = config.clock ?? Date.now;
  const limits: EmulatorLimits = { ...defaultLimits, ...config.limits };
  const dataDir = resolvePath(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  const hostKey = await loadOrCreateHostKey(dataDir);
  const workspaces = await setUpWorkspaces(dataDir, config.workspaces);
  const accounts = await buildAccounts(workspaces);

  const events = createEmitter();
  const log = (e: EmulatorEvents['log'][0]): void => {
    config.log?.(e);
    events.emit('log', e);
  };
  const openWrites = createOpenWrites();
  const usage = config.diskUsage ?? createDiskUsage();
  const guard = createLoginGuard(limits, clock);
  const clients = new Set<Connection>();
  /** Records a failed login; true when it started a ban of the address. */
  const recordFailedLogin = (
    username: string,
    address: string,
    reason: string,
    count: boolean,
  ): boolean => {
    events.emit('login-failed', { username, address, reason });
    if (count && guard.recordFailure(address)) {
      const untilMs = clock() + limits.banMs;
      events.emit('address-banned', { address, untilMs });
      log({ level: 'warn', message: `${address} banned after repeated failed logins` });
      return true;
    }
    return false;
  };
  /** Why a new connection from `address` is refused now (ban, then caps), or undefined. */
  const refusalOf = (address: string): Refusal | undefined => {
    const until = guard.bannedUntil(address);
    if (until !== undefined) return { kind: 'banned', untilMs: until, nowMs: clock() };
    if (clients.size >= limits.maxConnections) return { kind: 'total' };
    if (guard.sessions(address) >= limits.maxSessionsPerAddress) return { kind: 'per-address' };
    return undefined;
  };
  /** Tells the client why (issue 14: the reason names the limit) and closes the connection. */
  const refuse = (client: Connection, address: string, r: Refusal): void => {
    const message = refusalMessage(r, limits);
    log({ level: 'warn', message: `connection from ${address} refused: ${message}` });
    disconnectWithReason(client, disconnectCode[r.kind], message);
  };
  /** Raw sockets not yet logged in, with their login deadline (and ssh2 client once known). */
  const awaitingLogin = new Map<Socket, { timer: NodeJS.Timeout; client?: Connection }>();

  const server = new Server(
    { hostKeys: [hostKey.privateKey], ident: 'SFTP-Import-Emulator' },
    (client, info) => {
      const address = info.ip;
      // Throughput: without this, Nagle's algorithm delays the small STATUS replies the client's
      // pipelined WRITEs wait on (the team measured a bare ssh2 server reach 0.89x of sshd only
      // with it; bench/emulator-sftp.bench.ts measures this server).
      (client as Connection & { setNoDelay(on: boolean): void }).setNoDelay(true);
      const socket = (client as unknown as { _sock?: Socket })._sock;
      const waiting = socket ? awaitingLogin.get(socket) : undefined;
      if (waiting) waiting.client = client;
      client.on('error', () => {
        /* a client that vanishes mid-handshake: nothing to do but close */
      });
      const refusal = refusalOf(address);
      if (refusal || !guard.openSession(address)) {
        refuse(client, address, refusal ?? { kind: 'per-address' });
        return;
      }
      clients.add(client);
      let lastActivity = clock();
      const touch = (): void => {
        lastActivity = clock();
      };
      const idleCheck = setInterval(
        () => {
          if (clock() - lastActivity >= limits.idleTimeoutMs) {
            log({ level: 'info', message: `closing an idle session from ${address}` });
            client.end();
          }
        },
        Math.max(50, Math.min(30_000, Math.floor(limits.idleTimeoutMs / 4))),
      );
      idleCheck.unref();
      let account: Account | undefined;
      let keyFailureCounted = false;

      const fail = (ctx: AuthContext, reason: string, count: boolean): void => {
        const banned = recordFailedLogin(ctx.username, address, reason, count);
        const until = banned ? guard.bannedUntil(address) : undefined;
        // The failure that starts a ban ends the connection with the ban's reason instead of
        // a bare "authentication failed" (no USERAUTH_FAILURE first: the client would stop there).
        if (until === undefined) return ctx.reject(['publickey', 'password']);
        refuse(client, address, { kind: 'banned', untilMs: until, nowMs: clock() });
      };

      client.on('authentication', (ctx) => {
        touch();
        const until = guard.bannedUntil(address);
        if (until !== undefined) {
          events.emit('login-failed', {
            username: ctx.username,
            address,
            reason: 'address banned',
          });
          return refuse(client, address, { kind: 'banned', untilMs: until, nowMs: clock() });
        }
        const verdict = checkCredentials(ctx, accounts.get(ctx.username));
        switch (verdict.kind) {
          case 'accept':
            account = verdict.account;
            return ctx.accept();
          case 'key-ok':
            return ctx.accept();
          case 'ask':
            return ctx.reject(['publickey', 'password']);
          case 'reject': {
            // An unknown key counts once per connection: clients offer several keys in turn.
            const count = verdict.perConnection ? !keyFailureCounted : true;
            if (verdict.perConnection) keyFailureCounted = true;
            return fail(ctx, verdict.reason, count);
          }
        }
      });

      client.on('ready', () => {
        const acct = account;
        if (!acct) {
          client.end();
          return;
        }
        touch();
        const pending = socket ? awaitingLogin.get(socket) : undefined;
        if (pending && socket) {
          clearTimeout(pending.timer);
          awaitingLogin.delete(socket);
        }
        events.emit('session-opened', {
          workspace: acct.workspace.name,
          username: acct.user.username,
          address,
        });
        client.on('session', (accept) => {
          const session = accept();
          session.on('sftp', (acceptSftp) => {
            const sftp = acceptSftp();
            serveSftp(sftp, {
              workspace: acct.workspace,
              jail: acct.jail,
              username: acct.user.username,
              openWrites,
              usage,
              events,
              clock,
              touch,
            });
          });
        });
      });

      client.on('close', () => {
        clearInterval(idleCheck);
        clients.delete(client);
        guard.closeSession(address);
        if (account) {
          events.emit('session-closed', {
            workspace: account.workspace.name,
            username: account.user.username,
            address,
          });
        }
      });
    },
  );

  // Every raw socket, including ones that never finish the SSH handshake, so close() can end
  // them all (ssh2 keeps its net.Server as `_srv`; without it only handshaken clients are known).
  const sockets = new Set<Socket>();
  // Each socket has `loginTimeoutMs` to log in (issue 14): a silent one would otherwise hold a
  // session slot of its address until the idle limit.
  (server as unknown as { _srv?: NetServer })._srv?.on('connection', (socket: Socket) => {
    sockets.add(socket);
    const timer = setTimeout(() => {
      const waiting = awaitingLogin.get(socket);
      awaitingLogin.delete(socket);
      const address = socket.remoteAddress ?? '?';
      log({ level: 'info', message: `closing a connection from ${address} that did not log in` });
      if (waiting?.client) {
        disconnectWithReason(
          waiting.client,
          disconnectCode['login-timeout'],
          refusalMessage({ kind: 'login-timeout' }, limits),
        );
        setTimeout(() => socket.destroy(), 1000).unref();
      } else socket.destroy();
    }, limits.loginTimeoutMs);
    timer.unref();
    awaitingLogin.set(socket, { timer });
    socket.once('close', () => {
      sockets.delete(socket);
      clearTimeout(awaitingLogin.get(socket)?.timer);
      awaitingLogin.delete(socket);
    });
  });
  server.maxConnections = limits.maxConnections + refusalMargin;

  const host = config.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err: Error) =>
    log({ level: 'error', message: `server error: ${err.message}` }),
  );
  const port = portOf(server.address());

  let ftps: RunningFtps | undefined;
  if (config.ftps) {
    const ftpsLogin: FtpLogin = (username, password, from) => {
      if (guard.isBanned(from)) {
        events.emit('login-failed', { username, address: from, reason: 'address banned' });
        return { ok: false, message: 'too many failed logins from your address; try again later' };
      }
      const verdict = passwordVerdict(password, accounts.get(username));
      if (verdict.kind !== 'accept') {
        recordFailedLogin(username, from, 'wrong username or password', true);
        return { ok: false, message: 'wrong username or password' };
      }
      const { workspace, jail } = verdict.account;
      if (!ftpsProfiles.has(workspace.profile)) {
        return {
          ok: false,
          message: `this platform (${workspace.profile}) is SFTP-only: connect with sftp://${host}:${port} instead of FTPS`,
        };
      }
      return { ok: true, account: { workspace, jail, username } };
    };
    try {
      ftps = await startFtps({
        dataDir,
        host,
        ...config.ftps,
        login: ftpsLogin,
        guard,
        openWrites,
        usage,
        events,
        clock,
        idleTimeoutMs: limits.idleTimeoutMs,
        maxConnections: limits.maxConnections,
        limits,
        log,
      });
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw err;
    }
  }

  const isOpenForWrite = (absPath: string): boolean => openWrites.has(absPath);
  const processing =
    config.processing === false
      ? undefined
      : loadProcessing({
          dataDir,
          workspaces,
          clock,
          isOpenForWrite,
          log,
          // A cycle moved files in or out of the workspace: its running total is rebuilt.
          onWorkspaceChanged: (name) => invalidateByName(usage, workspaces, name),
        });
  let admin: { port: number; close(): Promise<void> } | undefined;
  const adminToken = randomBytes(24).toString('base64url');
  if (processing && config.adminPort !== undefined) {
    // The admin page is a QA aid: if it cannot start, SFTP and processing still run.
    admin = await processing
      .startAdmin({
        host: '127.0.0.1',
        port: config.adminPort,
        workspaces,
        dataDir,
        addressesOf: (name) => addressesOf(name, workspaces, host, port, ftps),
        token: adminToken,
      })
      .catch((err: unknown) => {
        log({ level: 'warn', message: `admin endpoint not started: ${(err as Error).message}` });
        return undefined;
      });
  }
  const cycles = createCycleRunner(processing?.processor, events, clock);
  // One timer per distinct interval, each cycling only its workspaces (contract §9: a
  // contact-lists file moves within 5 min while SPOTIO keeps its hour).
  const intervals = cycleIntervals(config.workspaces, config.intervalMs);
  const timers = processing
    ? groupByInterval(intervals).map(([ms, names]) => {
        const t = setInterval(() => void cycles.tick(names), ms);
        t.unref();
        return t;
      })
    : [];

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    hostKeyFingerprint: hostKey.fingerprint,
    ...(admin
      ? {
          adminPort: admin.port,
          adminToken,
          adminUrl: `http://127.0.0.1:${admin.port}/?token=${adminToken}`,
        }
      : {}),
    ...(ftps ? { ftps: ftpsInfo(ftps) } : {}),
    dataDir,
    workspaces,
    intervals,
    events,
    isOpenForWrite,
    processNow: () => cycles.now(),
    close: () => {
      closing ??= (async () => {
        for (const t of timers) clearInterval(t);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const c of clients) c.end();
        // A client that ignores our disconnect must not hold close() forever.
        const force = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 2000);
        await ftps?.close();
        await closed;
        clearTimeout(force);
        await cycles.idle();
        await admin?.close();
        await processing?.processor.close();
      })();
      return closing;
    },
  };
}

/** The listening port of a server address (0 when not listening). */
function portOf(address: ReturnType<InstanceType<typeof Server>['address']>): number {
  return typeof address === 'object' && address ? address.port : 0;
}

/** What the caller learns of the FTPS listeners. */
function ftpsInfo(ftps: RunningFtps): NonNullable<RunningEmulator['ftps']> {
  return {
    ...(ftps.implicitPort !== undefined ? { implicitPort: ftps.implicitPort } : {}),
    ...(ftps.explicitPort !== undefined ? { explicitPort: ftps.explicitPort } : {}),
    certificateFingerprint: ftps.certificateFingerprint,
  };
}

/** Forgets a workspace's running byte total (after processing changed its files). */
function invalidateByName(usage: DiskUsage, workspaces: readonly WorkspaceRuntime[], name: string) {
  const ws = workspaces.find((w) => w.name === name);
  if (ws) usage.invalidate(ws.root);
}

/** The URLs a workspace's users connect to: SFTP, and FTPS for SPOTIO profiles (contract §12). */
function addressesOf(
  name: string,
  workspaces: readonly WorkspaceRuntime[],
  host: string,
  port: number,
  ftps: RunningFtps | undefined,
): string[] {
  const ws = workspaces.find((w) => w.name === name);
  if (!ws) return [];
  const user = ws.users[0]?.username;
  const at = `${user !== undefined ? `${encodeURIComponent(user)}@` : ''}${host}`;
  const out = [`sftp://${at}:${port}`];
  if (ftps && ftpsProfiles.has(ws.profile)) {
    if (ftps.implicitPort !== undefined) out.push(`ftps://${at}:${ftps.implicitPort}`);
    if (ftps.explicitPort !== undefined) out.push(`ftpes://${at}:${ftps.explicitPort}`);
  }
  return out;
}

/** Sweeps orphan upload temps and maps each username to its workspace, jail and keys. */
async function buildAccounts(workspaces: WorkspaceRuntime[]): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  for (const ws of workspaces) {
    await removeOrphanTemps(ws.root); // contract §4: partial uploads of a previous run
    const jail = await createJail(ws.root);
    for (const user of ws.users) {
      accounts.set(user.username, { workspace: ws, jail, user, keys: parseUserKeys(user) });
    }
  }
  return accounts;
}

type Verdict =
  | { kind: 'accept'; account: Account }
  | { kind: 'key-ok' }
  | { kind: 'ask' }
  | { kind: 'reject'; reason: string; perConnection: boolean };

/** Checks one authentication attempt against the account of its username (undefined = none). */
function checkCredentials(ctx: AuthContext, acct: Account | undefined): Verdict {
  switch (ctx.method) {
    case 'password':
      return passwordVerdict(ctx.password, acct);
    case 'publickey':
      return keyVerdict(ctx, acct);
    case 'none':
    case 'keyboard-interactive':
    case 'hostbased':
      return { kind: 'ask' };
  }
}

function passwordVerdict(password: string, acct: Account | undefined): Verdict {
  const expected = acct?.workspace.profile === 'contact-lists' ? undefined : acct?.user.password;
  // Compare even for unknown users, so timing does not tell which usernames exist.
  const match = safeEqual(password, expected ?? '\u0000no-password');
  if (acct && expected !== undefined && match) return { kind: 'accept', account: acct };
  return { kind: 'reject', reason: 'wrong username or password', perConnection: false };
}

function keyVerdict(ctx: PublicKeyAuthContext, acct: Account | undefined): Verdict {
  const found = acct?.keys.find((k) => safeEqual(k.blob, ctx.key.data));
  if (!acct || !found) {
    return { kind: 'reject', reason: 'public key not accepted', perConnection: true };
  }
  if (!ctx.signature || !ctx.blob) return { kind: 'key-ok' }; // "would this key do?" query
  if (found.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) {
    return { kind: 'accept', account: acct };
  }
  return { kind: 'reject', reason: 'public key signature did not verify', perConnection: false };
}

function parseUserKeys(user: WorkspaceUser): Account['keys'] {
  const out: Account['keys'] = [];
  for (const line of user.publicKeys) {
    const parsedLine = parseKeyLine(line);
    if (!parsedLine.ok) continue; // checkWorkspaces already refused bad keys
    const key = firstKey(utils.parseKey(line));
    if (key) out.push({ blob: key.getPublicSSH(), key });
  }
  return out;
}

/**
 * Runs cycles one at a time, in order. A timer's tick is skipped while a cycle of the same
 * workspaces is still queued or running (a slow cycle never piles up); `now()` queues one cycle
 * of every workspace, shared by calls made before it starts.
 */
function createCycleRunner(
  processor: Processor | undefined,
  events: EmulatorEmitter,
  clock: () => number,
) {
  let chain: Promise<unknown> = Promise.resolve();
  /** Cycles queued or running, by the workspaces they cover ('' = all). */
  const pending = new Map<string, Promise<CycleReport | undefined>>();
  let queuedAll: Promise<CycleReport | undefined> | undefined;
  // `force`: "process now" takes every completed upload, however recent (the age rule of
  // contract §4 belongs to the scheduled cycle).
  const run = async (only?: string[], force = false): Promise<CycleReport | undefined> => {
    if (!processor) return undefined;
    const started = clock();
    const which = only ? { workspaces: only } : {};
    try {
      const report = await processor.runCycle(only, { force });
      events.emit('cycle-finished', { report, durationMs: clock() - started, ...which });
      return report;
    } catch (err) {
      events.emit('cycle-finished', {
        error: (err as Error).message,
        durationMs: clock() - started,
        ...which,
      });
      throw err;
    }
  };
  const enqueue = (key: string, only: string[] | undefined, onStart: () => void, force = false) => {
    const job = chain.then(() => {
      onStart();
      return run(only, force);
    });
    chain = job.catch(() => undefined);
    pending.set(key, job);
    void job
      .catch(() => undefined)
      .finally(() => {
        if (pending.get(key) === job) pending.delete(key);
      });
    return job;
  };
  return {
    tick(only: string[]): Promise<CycleReport | undefined> {
      const key = only.join('\n');
      return (pending.get(key) ?? enqueue(key, only, () => undefined)).catch(() => undefined);
    },
    now(): Promise<CycleReport | undefined> {
      queuedAll ??= enqueue(
        '',
        undefined,
        () => {
          queuedAll = undefined;
        },
        true,
      );
      return queuedAll;
    },
    async idle(): Promise<void> {
      await chain;
    },
  };
}
