/**
 * `sftp-import check-pull --host H [--port 22] --user U --path /x.csv [--host-key SHA256:…]
 * [--json]` (contract §8, §9; seed 003): checks the file the pull platform (Leadbay) will fetch
 * from the customer's own server — reach, SSH greeting, host key, login, the file is there, its
 * header has a company-name column — with the engine's checkPullSource, printing each step in
 * plain words as it is decided. The password comes from --password-file, --password-stdin,
 * SFTP_IMPORT_PASSWORD (deleted from the environment once read) or the OS keychain, never an
 * argument. Exit codes: 0 ok, 1 file or header problem, 2 usage, 3 connection, host
 * key or authentication. node.
 */
import { hostKeyFlag, missingFlag, portFlag, readFlags, stringFlag } from './flags.ts';
import { createKnownHostsStore } from '../engine/known-hosts.ts';
import {
  checkPullSource,
  type PullReport,
  type PullStep,
  type PullStepId,
} from '../engine/pull-check.ts';
import type { SecretStore } from '../engine/secret-store.ts';
import type { CliIo } from './cli-io.ts';
import { cliDataDir, connectionCodes } from './upload-command.ts';
import {
  passwordFor,
  passwordSourceFlag,
  passwordSourceOptions,
  passwordSourceUsage,
  type PasswordSource,
} from './password-source.ts';
import { cliMessage, type CliContext } from './cli-words.ts';

export const checkPullUsage = `Usage: sftp-import check-pull --host H [--port 22] --user U --path /x.csv [--host-key SHA256:...]
         [--password-file PATH | --password-stdin] [--json]
  --path P        full path of the CSV on your server, as you will give it to Leadbay
  --host-key FP   trust this server's key (first check); printed when it is unknown
${passwordSourceUsage}
  --json          machine-readable report on stdout
The password comes from --password-file, --password-stdin, SFTP_IMPORT_PASSWORD or the OS keychain
(account user@host:port); never from an argument.
Exit codes: 0 the platform can fetch the file, 1 the file or its header is the problem,
2 usage error, 3 connection, host key or login problem.`;

type Args = {
  host: string;
  port: number;
  user: string;
  path: string;
  hostKey?: string;
  passwordSource?: PasswordSource;
  json: boolean;
};

/** Options the tests may inject. */
export type CheckPullDeps = { secrets?: SecretStore };

/** Steps whose failure is about the connection, the host key or the login: exit 3. */
const connectionSteps = new Set<PullStepId>(['reach', 'banner', 'host-key', 'login']);

/** Runs `sftp-import check-pull`; resolves to its exit code. */
export async function checkPullCommand(
  argv: readonly string[],
  io: CliIo,
  deps: CheckPullDeps = {},
): Promise<number> {
  const parsed = parseArgs(argv);
  if ('help' in parsed) {
    io.stdout(checkPullUsage + '\n');
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`${parsed.error}\n\n${checkPullUsage}\n`);
    return 2;
  }
  const a = parsed;
  const auth = await passwordFor(a, io, deps.secrets);
  if ('error' in auth) {
    io.stderr(auth.error + '\n');
    return auth.code;
  }
  const words: CliContext = { account: `${a.user}@${a.host}:${a.port}`, secretOrigin: auth.origin };
  const knownHosts = createKnownHostsStore({ dir: cliDataDir(io) });
  const pinned = knownHosts.get(a.host, a.port);
  // --host-key replaces the remembered keys for this run, as in `upload`.
  const pins = a.hostKey
    ? [{ fingerprint: a.hostKey }]
    : pinned.map((k) => ({ fingerprint: k.fingerprint }));
  if (!a.json) io.stdout(`Checking ${a.path} on ${a.host}:${a.port} as ${a.user}…\n`);
  const report = await checkPullSource({
    host: a.host,
    port: a.port,
    username: a.user,
    password: auth.value.password,
    path: a.path,
    ...(pins.length > 0 ? { knownHost: pins } : {}),
    onStep: (step) => {
      if (!a.json) io.stdout(stepLine(step));
    },
  });
  // A key given with --host-key that the server really presented is remembered for next time.
  const keyPassed = report.steps.some((s) => s.id === 'host-key' && s.status === 'ok');
  if (
    report.hostKey &&
    a.hostKey &&
    keyPassed &&
    !pinned.some((k) => k.fingerprint === a.hostKey)
  ) {
    knownHosts.remember({
      host: a.host,
      port: a.port,
      type: report.hostKey.type,
      fingerprint: report.hostKey.fingerprint,
    });
  }
  printOutcome(io, a, report, words);
  return exitCode(report);
}

/** 0 ok; 3 when the connection, host key or login failed (also mid-read); else 1. */
function exitCode(report: PullReport): number {
  if (report.ok) return 0;
  const failed = report.steps.find((s) => s.status === 'failed');
  const aboutConnection =
    (failed !== undefined && connectionSteps.has(failed.id)) ||
    connectionCodes.has(report.error?.code ?? '');
  return aboutConnection ? 3 : 1;
}

function printOutcome(io: CliIo, a: Args, report: PullReport, words: CliContext): void {
  const unknownKey = report.error?.code === 'host-key-rejected' ? report.hostKey : undefined;
  if (unknownKey) {
    io.stderr(
      `The server ${a.host}:${a.port} is not known yet. Its host key is ${unknownKey.type} ${unknownKey.fingerprint}.\n` +
        `Confirm this fingerprint with the server's owner, then run the same command with:\n  --host-key ${unknownKey.fingerprint}\n`,
    );
  }
  if (a.json) {
    const { ok, steps, hostKey, header, error } = report;
    const json = {
      ok,
      steps,
      ...(hostKey ? { hostKey } : {}),
      ...(header ? { header } : {}),
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  const failed = report.steps.find((s) => s.status === 'failed');
  if (report.ok) {
    io.stdout(
      `All checks passed: Leadbay can fetch ${a.path}. Give it host ${a.host}, port ${a.port}, user ${a.user}, this path and the host key ${report.hostKey?.fingerprint ?? ''} (the password you give it yourself).\n`,
    );
  } else if (failed && !unknownKey) {
    const why = report.error ? cliMessage(report.error, words) : failed.message;
    io.stderr(`Not ready: "${failed.label}" failed. ${why}\n`);
  }
}

/** One step as a line: `[ok] Reach the server: Connected to …` (+ what to do, when known). */
function stepLine(step: PullStep): string {
  const hint = step.hint ? `\n       What to do: ${step.hint}` : '';
  return `  [${step.status}] ${step.label}: ${step.message}${hint}\n`;
}

const pullFlags = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  path: { type: 'string' },
  'host-key': { type: 'string' },
  json: { type: 'boolean' },
  ...passwordSourceOptions,
} as const;

function parseArgs(argv: readonly string[]): Args | { error: string } | { help: true } {
  const f = readFlags(argv, pullFlags, {
    positionals: false,
    noPositionalsMessage: (arg) =>
      `Unexpected argument "${arg}"; check-pull takes no file, only --path.`,
  });
  if ('help' in f || 'error' in f) return f;
  const missing = missingFlag(f, ['host', 'user', 'path']);
  if (missing) return { error: missing };
  const port = portFlag(stringFlag(f, 'port'), 22);
  if (!port.ok) return { error: port.error };
  const path = stringFlag(f, 'path')!;
  if (!path.startsWith('/')) {
    return {
      error: `--path must be the full path of the file on the server, starting with / (e.g. /exports/leads.csv), not "${path}".`,
    };
  }
  const hostKey = hostKeyFlag(stringFlag(f, 'host-key'));
  if (!hostKey.ok) return { error: hostKey.error };
  const source = passwordSourceFlag(f);
  if (!source.ok) return { error: source.error };
  return {
    host: stringFlag(f, 'host')!,
    port: port.value,
    user: stringFlag(f, 'user')!,
    path,
    ...(hostKey.value ? { hostKey: hostKey.value } : {}),
    ...(source.value ? { passwordSource: source.value } : {}),
    json: f.values.json === true,
  };
}
