/**
 * `sftp-import-emulator` (contract §8, §12): parses flags, starts the emulator, prints where it
 * listens (SFTP, then FTPS), its host key and certificate, the demo users, the admin URL and each workspace's processing interval,
 * processes on those intervals and on SIGUSR1, and stops cleanly on SIGINT/SIGTERM. Usage errors
 * exit 2. node.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfigFile } from './config/config.ts';
import { formatInterval, groupByInterval, parseInterval } from './config/cycle-intervals.ts';
import { demoSetup } from './config/demo.ts';
import { startEmulator, type RunningEmulator } from './emulator.ts';
import type { WorkspaceConfig } from './config/workspace.ts';

export const usage = `usage: sftp-import-emulator [--config FILE] [--demo] [--host 127.0.0.1] [--port 2222]
                            [--data DIR] [--interval 1h] [--admin-port N]
                            [--ftps-port N] [--ftpes-port N] [--no-ftps]
                            [--login-timeout 30s] [--allow-demo-on-network]

  --config FILE     workspaces as JSON: { "workspaces": [ ... ] } (see docs/emulator.md)
  --demo            one demo workspace per profile (users classic, flexible, space: password "demo";
                    contact-lists: an RSA key written under --data)
  --host ADDR       address to listen on (default 127.0.0.1); --demo (password "demo") only on a
                    loopback address unless --allow-demo-on-network is given
  --port N          SFTP port (default 2222; 0 picks a free one)
  --data DIR        host key, workspaces and database (default ./emulator-data)
  --interval T      processing interval of every workspace that sets none in the config:
                    500ms, 5s, 5m, 1h (default: the profile's cadence, 1h for SPOTIO and pull,
                    1m for space, 5m for contact-lists); SIGUSR1 processes all at once
  --admin-port N    admin page and JSON API on 127.0.0.1 (default 0 = a free port)
  --ftps-port N     FTPS with implicit TLS (ftps://) for the SPOTIO workspaces (0 = a free port)
  --ftpes-port N    FTPS with explicit TLS (ftpes://, AUTH TLS) (0 = a free port)
                    --demo opens both on free ports unless given
  --no-ftps         no FTPS listener at all
  --login-timeout T a connection not logged in within T is closed (default 30s)
  --allow-demo-on-network
                    let --demo listen on a non-loopback --host (anyone who can reach it can log in)`;

export type CliOptions = {
  config?: string;
  demo: boolean;
  host: string;
  port: number;
  data: string;
  /** Given with --interval: every workspace without its own `interval`; else profile cadences. */
  intervalMs?: number;
  adminPort: number;
  /** FTPS ports (contract §12); undefined = that listener off (with --demo: a free port). */
  ftpsPort?: number;
  ftpesPort?: number;
  noFtps: boolean;
  /** --login-timeout: ms a connection has to log in (issue 14); undefined = the default 30 s. */
  loginTimeoutMs?: number;
  /** --allow-demo-on-network: --demo's fixed password on a non-loopback address. */
  allowDemoOnNetwork?: boolean;
};

export { parseInterval };

const valueFlags = [
  '--config',
  '--host',
  '--port',
  '--data',
  '--interval',
  '--admin-port',
  '--ftps-port',
  '--ftpes-port',
  '--login-timeout',
];

/** Whether `host` is a loopback address (--demo's fixed password is safe only there). Pure. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Parses argv into options, or a usage error message. Pure. */
export function parseArgs(
  argv: readonly string[],
): { ok: true; value: CliOptions } | { ok: false; message: string } {
  const o: CliOptions = {
    demo: false,
    host: '127.0.0.1',
    port: 2222,
    data: './emulator-data',
    adminPort: 0,
    noFtps: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--demo' || flag === '--no-ftps' || flag === '--allow-demo-on-network') {
      if (flag === '--demo') o.demo = true;
      else if (flag === '--no-ftps') o.noFtps = true;
      else o.allowDemoOnNetwork = true;
      continue;
    }
    if (!valueFlags.includes(flag)) return { ok: false, message: `unknown option "${arg}"` };
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value` };
    const problem = applyFlag(o, flag, value);
    if (problem) return { ok: false, message: problem };
  }
  if (!o.demo && o.config === undefined) {
    return { ok: false, message: 'give --config FILE, --demo, or both' };
  }
  if (o.demo && !isLoopbackHost(o.host) && o.allowDemoOnNetwork !== true) {
    return {
      ok: false,
      message: `--demo logs everyone in with the password "demo", so it listens only on a loopback address, not --host ${o.host}; use --host 127.0.0.1, or add --allow-demo-on-network if every machine that can reach ${o.host} may log in`,
    };
  }
  if (o.noFtps && (o.ftpsPort !== undefined || o.ftpesPort !== undefined)) {
    return { ok: false, message: '--no-ftps cannot be combined with --ftps-port or --ftpes-port' };
  }
  return { ok: true, value: o };
}

/** Sets one valued flag on `o`; returns a usage message when the value is bad. */
function applyFlag(o: CliOptions, flag: string, value: string): string | undefined {
  if (flag === '--config') o.config = value;
  else if (flag === '--host') o.host = value;
  else if (flag === '--data') o.data = value;
  else if (flag === '--interval' || flag === '--login-timeout') {
    const ms = parseInterval(value);
    if (ms === undefined) {
      return `${flag} takes a duration like 500ms, 5s, 5m or 1h, not "${value}"`;
    }
    if (flag === '--interval') o.intervalMs = ms;
    else o.loginTimeoutMs = ms;
  } else {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      return `${flag} must be a port number 0-65535, not "${value}"`;
    }
    if (flag === '--port') o.port = n;
    else if (flag === '--ftps-port') o.ftpsPort = n;
    else if (flag === '--ftpes-port') o.ftpesPort = n;
    else o.adminPort = n;
  }
  return undefined;
}

export type CliIo = {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Ends the process (default process.exit). */
  exit: (code: number) => void;
};

/**
 * Writes to a standard stream that may have been closed by its reader (`… | head`): EPIPE and
 * other write errors drop the output instead of crashing the emulator (issue 14); the server
 * keeps serving.
 */
function safeWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let broken = false;
  stream.on('error', () => {
    broken = true;
  });
  return (line) => {
    if (broken || stream.destroyed) return;
    try {
      stream.write(line + '\n');
    } catch {
      broken = true;
    }
  };
}

const defaultIo: CliIo = {
  out: safeWriter(process.stdout),
  err: safeWriter(process.stderr),
  exit: (code) => process.exit(code),
};

type Demo = Awaited<ReturnType<typeof demoSetup>>;

/** Runs the CLI; resolves once the emulator has stopped (or at once for a usage error). */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage);
    return;
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`sftp-import-emulator: ${parsed.message}\n\n${usage}`);
    return io.exit(2);
  }
  const o = parsed.value;
  // Signals are listened for from the first moment: Node would otherwise start its debugger on
  // SIGUSR1 and die on SIGINT/SIGTERM that arrive while the server is still starting.
  const signals = listenForSignals();
  const dataDir = resolve(o.data);
  const loaded = await loadWorkspaces(o, dataDir);
  if (!loaded.ok) {
    signals.stop();
    io.err(`sftp-import-emulator: ${loaded.message}`);
    return io.exit(2);
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      dataDir,
      workspaces: loaded.workspaces,
      host: o.host,
      port: o.port,
      ...(o.intervalMs !== undefined ? { intervalMs: o.intervalMs } : {}),
      adminPort: o.adminPort,
      ...ftpsOf(o),
      ...(o.loginTimeoutMs !== undefined ? { limits: { loginTimeoutMs: o.loginTimeoutMs } } : {}),
      log: (e) =>
        (e.level === 'info' ? io.out : io.err)(
          `${e.level}: ${e.workspace ? `[${e.workspace}] ` : ''}${e.message}`,
        ),
    });
  } catch (err) {
    signals.stop();
    const e = err as NodeJS.ErrnoException;
    const inUse = e.code === 'EADDRINUSE';
    const which = inUse ? portInUse(o, e) : undefined;
    io.err(
      `sftp-import-emulator: ${which ? `port ${which.port} on ${o.host} is in use; pick another with ${which.flag} (0 = any free port)` : e.message}`,
    );
    return io.exit(inUse ? 1 : 2);
  }
  printBanner(io, emulator, dataDir, loaded.demo);
  await runUntilStopped(emulator, io, signals);
}

/** The FTPS listeners to open (contract §12): the flags given, both on free ports with --demo. */
function ftpsOf(o: CliOptions): { ftps?: { implicitPort?: number; explicitPort?: number } } {
  if (o.noFtps) return {};
  const implicitPort = o.ftpsPort ?? (o.demo ? 0 : undefined);
  const explicitPort = o.ftpesPort ?? (o.demo ? 0 : undefined);
  if (implicitPort === undefined && explicitPort === undefined) return {};
  return {
    ftps: {
      ...(implicitPort !== undefined ? { implicitPort } : {}),
      ...(explicitPort !== undefined ? { explicitPort } : {}),
    },
  };
}

/** Which flag's port was in use (EADDRINUSE carries the port). */
function portInUse(
  o: CliOptions,
  e: NodeJS.ErrnoException & { port?: number },
): { port: number; flag: string } {
  if (e.port !== undefined && e.port !== 0) {
    if (e.port === o.ftpsPort) return { port: e.port, flag: '--ftps-port' };
    if (e.port === o.ftpesPort) return { port: e.port, flag: '--ftpes-port' };
  }
  return { port: o.port, flag: '--port' };
}

type Signal = 'SIGUSR1' | 'SIGINT' | 'SIGTERM';
type SignalQueue = { handle(fn: (s: Signal) => void): void; stop(): void };

/** Listens for the emulator's signals; queues them until a handler is set. */
function listenForSignals(): SignalQueue {
  const pending: Signal[] = [];
  let handler: ((s: Signal) => void) | undefined;
  const listeners = (['SIGUSR1', 'SIGINT', 'SIGTERM'] as const).map((sig) => {
    const fn = (): void => (handler ? handler(sig) : void pending.push(sig));
    process.on(sig, fn);
    return [sig, fn] as const;
  });
  return {
    handle(fn) {
      handler = fn;
      for (const s of pending.splice(0)) fn(s);
    },
    stop() {
      for (const [sig, fn] of listeners) process.off(sig, fn);
    },
  };
}

async function loadWorkspaces(
  o: CliOptions,
  dataDir: string,
): Promise<
  { ok: true; workspaces: WorkspaceConfig[]; demo?: Demo } | { ok: false; message: string }
> {
  const workspaces: WorkspaceConfig[] = [];
  if (o.config !== undefined) {
    const cfg = await loadConfigFile(o.config);
    if (!cfg.ok) {
      return {
        ok: false,
        message: `the config file ${o.config} has problems:\n  ${cfg.errors.join('\n  ')}`,
      };
    }
    workspaces.push(...cfg.value.workspaces);
  }
  if (!o.demo) return { ok: true, workspaces };
  await mkdir(dataDir, { recursive: true });
  const demo = await demoSetup(dataDir);
  workspaces.push(...demo.workspaces);
  return { ok: true, workspaces, demo };
}

function printBanner(
  io: CliIo,
  emulator: RunningEmulator,
  dataDir: string,
  demo: Demo | undefined,
): void {
  io.out(`listening on ${emulator.host}:${emulator.port}`);
  // issue 13: the PID, so "process now" is one `kill -USR1` away.
  io.out(`pid ${process.pid} (kill -USR1 ${process.pid} processes every completed upload now)`);
  io.out(`host key ${emulator.hostKeyFingerprint}`);
  // contract §12: the FTPS lines come after the SFTP ones.
  const f = emulator.ftps;
  if (f?.implicitPort !== undefined) {
    io.out(`ftps listening on ${emulator.host}:${f.implicitPort} (implicit TLS)`);
  }
  if (f?.explicitPort !== undefined) {
    io.out(`ftpes listening on ${emulator.host}:${f.explicitPort} (explicit TLS)`);
  }
  if (f) io.out(`certificate ${f.certificateFingerprint}`);
  if (emulator.adminUrl !== undefined) io.out(`admin ${emulator.adminUrl}`);
  io.out(`data ${dataDir}`);
  for (const [ms, names] of groupByInterval(emulator.intervals)) {
    io.out(`processing every ${formatInterval(ms)}: ${names.join(', ')}`);
  }
  if (demo) {
    io.out('demo users:');
    for (const u of demo.users) {
      io.out(
        u.keyPath
          ? `  ${u.username} (${u.profile}): key ${u.keyPath}`
          : `  ${u.username} (${u.profile}): password "${u.password ?? ''}"`,
      );
    }
  }
  emulator.events.on('upload-completed', (u) =>
    io.out(`upload completed: ${u.workspace} ${u.path} (${u.size} bytes)`),
  );
  emulator.events.on('cycle-finished', (c) => {
    const which = c.workspaces ? ` (${c.workspaces.join(', ')})` : '';
    io.out(
      c.error ? `cycle failed${which}: ${c.error}` : `cycle finished in ${c.durationMs} ms${which}`,
    );
  });
}

/** Processes on SIGUSR1; closes and exits 0 on SIGINT/SIGTERM. */
function runUntilStopped(
  emulator: RunningEmulator,
  io: CliIo,
  signals: SignalQueue,
): Promise<void> {
  return new Promise<void>((done) => {
    let stopping = false;
    signals.handle((signal) => {
      if (signal === 'SIGUSR1') {
        if (stopping) return;
        io.out('SIGUSR1: processing now');
        emulator.processNow().catch(() => undefined);
        return;
      }
      if (stopping) return;
      stopping = true;
      io.out(`${signal}: stopping`);
      emulator
        .close()
        .then(() => {
          signals.stop();
          io.out('stopped');
          done();
          io.exit(0);
        })
        .catch((err: unknown) => {
          signals.stop();
          io.err(`error while stopping: ${(err as Error).message}`);
          done();
          io.exit(1);
        });
    });
  });
}
