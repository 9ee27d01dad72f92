/**
 * `sftp-import upload FILE... --host H --port P --user U --profile NAME [--object X]
 * [--host-key SHA256:…] [--key PATH] [--password-file PATH | --password-stdin] [--wait] [--json]
 * [--force] [--again]` (contract §8), or with `--url ftps://USER@HOST[:PORT]` (also `ftpes://`,
 * `sftp://`) and `--cert SHA256:…` for FTPS (§12). The password comes from --password-file,
 * --password-stdin, SFTP_IMPORT_PASSWORD or the OS keychain (account `user@host:port`), never an
 * argument. An unknown host key or untrusted certificate is refused unless pinned with
 * --host-key/--cert, and then remembered in the known-hosts store (certificates as type `x509`).
 * CSVs are validated against the workspace's /Templates first. Exit codes: 0 ok, 1 file/import
 * failed, 2 usage, 3 connection/host key/certificate/authentication. node.
 */
import { open, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, extname, join, resolve as resolvePath } from 'node:path';
import { createCsvValidator } from '../core/csv/index.ts';
import type { CsvValidationSummary } from '../core/csv/types.ts';
import { dropFor, getProfile, type DropTarget, type Profile } from '../core/profiles/profiles.ts';
import { schemaFromHeader, type ObjectSchema } from '../core/schema/object-schema.ts';
import type { SecretAuth } from '../engine/transport/sftp/connect.ts';
import { connectRemote } from '../engine/transport/dial.ts';
import { parseRemoteAddress } from '../core/profiles/remote-address.ts';
import type {
  CertificateIdentity,
  RemoteSession,
  ServerIdentity,
  TransportProtocol,
} from '../engine/transport/port.ts';
import {
  certFlag,
  hostKeyFlag,
  missingFlag,
  portFlag,
  readFlags,
  stringFlag,
  type ReadFlags,
} from './flags.ts';
import { keyPassphraseAccountOf } from '../engine/key-passphrase.ts';
import {
  createKnownHostsStore,
  type KnownHost,
  type KnownHostsStore,
} from '../engine/known-hosts.ts';
import { createLedger } from '../engine/ledger.ts';
import { accountFor, createKeyringSecretStore, type SecretStore } from '../engine/secret-store.ts';
import {
  passwordFor,
  passwordSourceFlag,
  passwordSourceOptions,
  passwordSourceUsage,
  readSourcedSecret,
  takeSecretEnv,
  type PasswordSource,
} from './password-source.ts';
import { cliMessage, type CliContext, type SecretOrigin } from './cli-words.ts';
import { resolveInputFile } from './cli-io.ts';
import { listRemoteTemplates, type RemoteTemplate } from '../engine/templates.ts';
import { checkRemoteName } from '../engine/uploads.ts';
import { awaitVerdict, beginSend, transferFile, type SendPlan } from '../engine/send-file.ts';
import { territoryLevel } from '../core/naming/index.ts';
import type { PlatformVerdict } from '../engine/watcher.ts';
import type { CliIo } from './cli-io.ts';

const usage = `Usage: sftp-import upload FILE... --host H [--port 22] --user U --profile classic|flexible|space|contact-lists
         [--object X] [--host-key SHA256:...] [--key PATH] [--password-file PATH | --password-stdin]
         [--wait] [--json] [--force] [--again]
       sftp-import upload FILE... --url ftps://USER@HOST[:PORT] --profile classic|flexible
         [--object X] [--cert SHA256:...] [--password-file PATH | --password-stdin] [--wait] [--json] ...
  --url URL       the server as the platform publishes it: ftps://USER@HOST[:990] (FTP over implicit TLS),
                  ftpes://USER@HOST[:21] (explicit TLS, AUTH TLS) or sftp://USER@HOST[:22]; plain ftp:// is refused
  --object X      flexible: upload as X_<file name> (the object comes from the name)
  --host-key FP   SFTP: trust this server's key (first connection); printed when it is unknown
  --cert FP       FTPS: trust this server's TLS certificate (first connection); printed when no certificate
                  authority vouches for it. Remembered, like host keys, for the next runs
  --key PATH      private key file (contact-lists); its passphrase comes from --password-file, --password-stdin,
                  SFTP_IMPORT_PASSPHRASE or the keychain (the key's entry passphrase:<real path>, else user@host:port)
${passwordSourceUsage}
  --wait          follow each file to its outcome and print it (failed rows as a table); the platform
                  looks every hour (SPOTIO), minute (Flatfile) or 5 minutes (Ocelot)
  --json          machine-readable output on stdout
  --force         send even when the local check finds invalid rows
  --again         send even when the same content was already sent to this folder
  --poll S        with --wait: seconds between checks, fixed (default: 1 s after the upload, then
                  further apart, up to 30 s for SPOTIO, 5 s for Ocelot, 1 s for Flatfile)
  --wait-timeout S  with --wait: give up after S seconds (default: two of the platform's cycles + 1 min)
The password comes from --password-file, --password-stdin, SFTP_IMPORT_PASSWORD or the OS keychain
(account user@host:port); never from an argument.`;

type Args = {
  files: string[];
  protocol: TransportProtocol;
  host: string;
  port: number;
  user: string;
  profile: Profile;
  object?: string;
  hostKey?: string;
  /** FTPS: the certificate's pinned fingerprint (`--cert`). */
  cert?: string;
  key?: string;
  passwordSource?: PasswordSource;
  wait: boolean;
  json: boolean;
  force: boolean;
  again: boolean;
  /** `--poll`: a fixed interval; omitted = the watcher's schedule (engine/watch-schedule.ts). */
  pollMs?: number;
  waitTimeoutMs?: number;
};

/** Options the tests (and scripts) may inject. */
export type UploadCommandDeps = {
  secrets?: SecretStore;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
};

type FileReport = {
  file: string;
  remotePath?: string;
  bytes?: number;
  sha256?: string;
  attempts?: number;
  status: 'uploaded' | 'invalid' | 'skipped' | 'error' | PlatformVerdict['status'];
  message: string;
  /** The engine's error code when status is 'error'. */
  code?: string;
  validation?: Pick<
    CsvValidationSummary,
    'valid' | 'rowsTotal' | 'rowsValid' | 'rowsInvalid' | 'errors' | 'warnings'
  > & { fileError?: string };
  outcome?: PlatformVerdict;
  /** Where the platform's `<file>.errors.csv` is on the server, when the import failed. */
  report?: string;
};

/** Runs `sftp-import upload`. */
// eslint-disable-next-line complexity -- one command's steps in order: plan, secret, connect, send each file
export async function uploadCommand(
  argv: readonly string[],
  io: CliIo,
  deps: UploadCommandDeps = {},
): Promise<number> {
  const parsed = parseArgs(argv);
  if ('help' in parsed) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`${parsed.error}\n\n${usage}\n`);
    return 2;
  }
  const a = parsed;
  const say = (t: string): void => {
    if (!a.json) io.stdout(t + '\n');
  };
  const warn = (t: string): void => io.stderr(t + '\n');

  // Plan each file's destination before connecting: usage errors cost no network.
  const plans: { local: string; name: string; drop: DropTarget }[] = [];
  for (const f of a.files) {
    const input = await resolveInputFile(io, f, 'CSV, ZIP or KML');
    if (!input.ok) return input.exitCode;
    const local = input.path;
    const plan = planFile(local, a);
    if ('error' in plan) {
      io.stderr(`${plan.error}\n`);
      return 2;
    }
    plans.push({ local, ...plan });
  }

  const auth = await secretFor(a, io, deps.secrets);
  if ('error' in auth) {
    io.stderr(auth.error + '\n');
    return auth.code;
  }
  const words: CliContext = {
    account: `${a.user}@${a.host}:${a.port}`,
    secretOrigin: auth.origin,
    usesKey: a.key !== undefined,
    identityFlag: a.protocol === 'sftp' ? '--host-key' : '--cert',
  };

  const dataDir = cliDataDir(io);
  const knownHosts = createKnownHostsStore({ dir: dataDir });
  // One store for both (contract §11/§12): host keys by their SSH type, certificates as 'x509'.
  const isCert = (k: { type: string }): boolean => k.type === 'x509';
  const pinned = knownHosts
    .get(a.host, a.port)
    .filter((k) => (a.protocol === 'sftp' ? !isCert(k) : isCert(k)));
  const flagPin = a.protocol === 'sftp' ? a.hostKey : a.cert;
  const knownHost = flagPin
    ? [{ fingerprint: flagPin }]
    : pinned.map((k) => ({ fingerprint: k.fingerprint }));
  const conn = await connectRemote({
    protocol: a.protocol,
    host: a.host,
    port: a.port,
    username: a.user,
    auth: auth.value,
    ...(knownHost.length > 0 ? { knownHost } : {}),
    ...(io.env.SFTP_IMPORT_ROOT ? { root: io.env.SFTP_IMPORT_ROOT } : {}),
  });
  if (!conn.ok) {
    const e = conn.error;
    if (e.code === 'host-key-rejected' && e.hostKey) {
      io.stderr(unknownIdentityWords(a, e.hostKey));
    } else {
      io.stderr(`${cliMessage(e, words)}\n`);
    }
    if (a.json) {
      io.stdout(
        JSON.stringify({
          ok: false,
          error: { code: e.code, message: e.message, ...(e.hostKey ? { hostKey: e.hostKey } : {}) },
        }) + '\n',
      );
    }
    return 3;
  }
  const session = conn.value;
  rememberIdentity(knownHosts, a, flagPin, pinned, session, warn);
  const ledger = createLedger({ dir: dataDir });
  const siteId = `${a.user}@${a.host}:${a.port}`;
  const reports: FileReport[] = [];
  let exit = 0;
  try {
    const templates = a.profile.hasTemplates
      ? await listRemoteTemplates(session)
      : { ok: true as const, value: [] };
    if (!templates.ok) {
      warn(
        `Could not read the templates (${templates.error.message}); files are sent without a local check.`,
      );
    }
    for (const plan of plans) {
      const report = await sendOne(plan, a, session, templates.ok ? templates.value : [], {
        ledger,
        siteId,
        say,
        warn,
        deps,
        words,
      });
      reports.push(report);
      if (report.status === 'error' && connectionCodes.has(report.code ?? '')) {
        exit = Math.max(exit, 3);
      } else if (
        report.status !== 'uploaded' &&
        report.status !== 'imported' &&
        report.status !== 'removed' &&
        report.status !== 'moved-away'
      ) {
        exit = Math.max(exit, 1);
      }
    }
  } finally {
    await session.close();
  }
  if (a.json) {
    io.stdout(
      JSON.stringify({ ok: exit === 0, hostKey: session.hostKey, files: reports }, null, 2) + '\n',
    );
  }
  return exit;
}

/**
 * The refusal of an identity no one vouched for (contract §11/§12): what it is, and the exact
 * flag to add once it has been checked with the platform.
 */
function unknownIdentityWords(a: Args, id: ServerIdentity | CertificateIdentity): string {
  if (a.protocol === 'sftp') {
    return (
      `The server ${a.host}:${a.port} is not known yet. Its host key is ${id.type} ${id.fingerprint}.\n` +
      `Confirm this fingerprint with the platform, then run the same command with:\n  --host-key ${id.fingerprint}\n`
    );
  }
  const c = id as Partial<CertificateIdentity>;
  const lines = [
    `The server ${a.protocol}://${a.host}:${a.port} is not known yet, and no certificate authority vouches for its TLS certificate.`,
    `  fingerprint: ${id.fingerprint}`,
    ...(c.subject ? [`  subject:     ${c.subject}`] : []),
    ...(c.issuer ? [`  issuer:      ${c.issuer}`] : []),
    ...(c.validFrom && c.validTo ? [`  valid:       ${c.validFrom} to ${c.validTo}`] : []),
    ...(c.reason ? [`  not trusted: ${c.reason.replace(/^Not trusted:\s*/i, '')}`] : []),
    'Nothing was sent (no user name, no password).',
    'Confirm this fingerprint with the platform, then run the same command with:',
    `  --cert ${id.fingerprint}`,
  ];
  return lines.join('\n') + '\n';
}

/**
 * Remembers an identity trusted by a flag (--host-key/--cert) for the next runs. A certificate
 * given with --cert replaces the host's older certificates (the person checked the new one); one
 * the system's CAs vouch for needs no pin and is not stored.
 */
function rememberIdentity(
  store: KnownHostsStore,
  a: Args,
  flagPin: string | undefined,
  pinned: KnownHost[],
  session: RemoteSession,
  warn: (t: string) => void,
): void {
  if (!flagPin || session.hostKeyTrust !== 'known') return;
  const fp = session.hostKey.fingerprint.replace(/=+$/, '');
  if (pinned.some((k) => k.fingerprint.replace(/=+$/, '') === fp)) return;
  if (a.protocol !== 'sftp') {
    for (const old of pinned) {
      store.forget(a.host, a.port, old.fingerprint);
      warn(`Forgot the old certificate ${old.fingerprint} of ${a.host}:${a.port}.`);
    }
  }
  store.remember({ host: a.host, port: a.port, type: session.hostKey.type, fingerprint: fp });
}

/** Errors that are about the connection, the host key or the login: exit 3 (contract §8). */
export const connectionCodes: ReadonlySet<string> = new Set([
  'interrupted',
  'timeout',
  'refused',
  'dns',
  'auth-failed',
  'host-key-changed',
  'host-key-rejected',
]);

type SendContext = {
  ledger: ReturnType<typeof createLedger>;
  siteId: string;
  say: (t: string) => void;
  warn: (t: string) => void;
  deps: UploadCommandDeps;
  words: CliContext;
};

// eslint-disable-next-line complexity -- the per-file steps in order: object, local check, duplicate, send, wait
async function sendOne(
  plan: { local: string; name: string; drop: DropTarget },
  a: Args,
  session: RemoteSession,
  templates: RemoteTemplate[],
  c: SendContext,
): Promise<FileReport> {
  const file = plan.local;
  // Flexible: the object comes from the file name and must be one of the workspace's (contract §4).
  let schema: ObjectSchema | undefined;
  let headerOnly = false;
  if (plan.drop.kind === 'records' && a.profile.hasTemplates) {
    const object = a.profile.objectFromFileName
      ? plan.name.slice(0, plan.name.indexOf('_'))
      : 'Lead';
    const t = templates.find((x) => x.object.toLowerCase() === object.toLowerCase());
    if (a.profile.objectFromFileName && templates.length > 0 && !t) {
      const msg = `"${plan.name}" names the object "${object}", which this workspace does not have. Valid objects: ${templates.map((x) => x.object).join(', ')}. Rename the file to <Object>_<name>.csv or use --object.`;
      c.warn(msg);
      return { file, status: 'invalid', message: msg };
    }
    if (t?.schema) schema = t.schema;
    else if (t?.header) {
      schema = schemaFromHeader(t.object, t.header);
      headerOnly = true;
    }
  }
  if (schema && extname(plan.name).toLowerCase() === '.csv') {
    const summary = await validateLocal(file, schema, headerOnly, a.profile);
    const validation = {
      valid: summary.valid,
      rowsTotal: summary.rowsTotal,
      rowsValid: summary.rowsValid,
      rowsInvalid: summary.rowsInvalid,
      errors: summary.errors.slice(0, 100),
      warnings: summary.warnings,
      ...(summary.fileError ? { fileError: summary.fileError.message } : {}),
    };
    if (!summary.valid) {
      c.warn(
        `${basename(file)}: the local check found problems (${summary.fileError ? summary.fileError.message : `${summary.rowsInvalid} of ${summary.rowsTotal} rows invalid`}).`,
      );
      // A file-level problem (not UTF-8, no header…) has no rows: no empty table after it.
      if (!a.json && summary.errors.length > 0) {
        c.warn(
          problemTable(
            summary.errors
              .slice(0, 20)
              .map((p) => ({ row: p.row, column: p.column, value: p.value, message: p.message })),
          ),
        );
      }
      if (!a.force) {
        const msg =
          'Not sent: fix the file, or add --force to send it anyway (invalid rows will fail on the platform).';
        c.warn(msg);
        return { file, status: 'invalid', message: msg, validation };
      }
    } else c.say(`${basename(file)}: ${summary.rowsTotal} row(s) pass the local check.`);
  }
  const send: SendPlan = {
    siteId: c.siteId,
    profile: a.profile,
    drop: plan.drop,
    localPath: file,
    remoteName: plan.name,
  };
  const now = c.deps.clock ?? Date.now;
  const begun = await beginSend(c.ledger, send, { allowDuplicate: a.again, now });
  if (!begun.ok) {
    const { duplicate } = begun.error;
    if (duplicate) {
      const msg = `${basename(file)} has the same content as ${duplicate.fileName}, sent to ${plan.drop.newDir} on ${duplicate.startedAt}. Not sent again; add --again to send it anyway.`;
      c.warn(msg);
      return { file, status: 'skipped', message: msg, sha256: duplicate.sha256 };
    }
    c.warn(`${basename(file)}: ${cliMessage(begun.error, c.words)}`);
    return { file, status: 'error', code: begun.error.code, message: begun.error.message };
  }
  const { entry } = begun.value;
  // A line a second, the first after a second: a file sent faster than that needs none.
  let lastLine = Date.now();
  const started = now();
  const up = await transferFile(c.ledger, entry.id, session, send, {
    now,
    onProgress: (p) => {
      if (a.json || Date.now() - lastLine < 1000) return;
      lastLine = Date.now();
      const eta = p.etaMs >= 0 ? `, ${Math.ceil(p.etaMs / 1000)} s left` : '';
      c.warn(
        `  ${basename(file)}: ${Math.floor((p.bytes / Math.max(1, p.total)) * 100)}% (${(p.rateBps / 1e6).toFixed(1)} MB/s${eta})`,
      );
    },
  });
  if (!up.ok) {
    c.warn(`${basename(file)}: ${cliMessage(up.error, c.words)}`);
    return { file, status: 'error', code: up.error.code, message: up.error.message };
  }
  c.say(
    `Uploaded ${basename(file)} to ${up.value.remotePath} (${up.value.bytes} bytes, SHA-256 ${up.value.sha256.slice(0, 16)}…).`,
  );
  const base: FileReport = {
    file,
    remotePath: up.value.remotePath,
    bytes: up.value.bytes,
    sha256: up.value.sha256,
    attempts: up.value.attempts,
    status: 'uploaded',
    message: 'Uploaded.',
  };
  if (!a.wait) return base;
  c.say(waitingLine(a));
  const watched = await awaitVerdict(c.ledger, entry.id, {
    session,
    profile: a.profile,
    remotePath: up.value.remotePath,
    clock: now,
    sleep: c.deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    ...(a.pollMs !== undefined ? { pollMs: a.pollMs } : {}),
    sinceMs: started - 1000,
    ...(a.waitTimeoutMs !== undefined ? { expectedWaitMs: a.waitTimeoutMs } : {}),
  });
  if (!watched.ok) {
    c.warn(`${basename(file)}: ${cliMessage(watched.error, c.words)}`);
    return { ...base, status: 'error', code: watched.error.code, message: watched.error.message };
  }
  const o = watched.value;
  c.say(`${basename(file)}: ${o.message}`);
  if (o.status === 'failed' && !a.json) sayFailedRows(c, o);
  const report = o.status === 'failed' && o.where ? `${o.where}.errors.csv` : undefined;
  if (report) c.say(`The platform's report is on the server at ${report}.`);
  if (o.status === 'timeout') {
    c.say(
      `It is at ${up.value.remotePath}; look there later, or wait longer with --wait-timeout S.`,
    );
  }
  return {
    ...base,
    status: o.status,
    message: o.message,
    outcome: o,
    ...(report ? { report } : {}),
  };
}

/**
 * The platform's failed rows as a table. Problems with the whole file (no row) are not a table:
 * when they are all there is, each is said once as a line (the verdict's own sentence already
 * said the first), so no table of "-" and empty cells follows it.
 */
function sayFailedRows(c: { say: (s: string) => void }, o: PlatformVerdict): void {
  const rows = o.errors ?? [];
  if (rows.every((r) => r.row === null)) {
    for (const m of new Set(rows.map((r) => r.message))) {
      if (m && !o.message.includes(m)) c.say(m);
    }
    return;
  }
  c.say(problemTable(rows.slice(0, 50)));
  const total = Math.max(o.errorCount ?? 0, rows.length);
  if (total > 50) c.say(`… and ${total - 50} more.`);
}

async function validateLocal(
  path: string,
  schema: ObjectSchema,
  headerOnly: boolean,
  profile: Profile,
): Promise<CsvValidationSummary> {
  const v = createCsvValidator(schema, {
    mode: headerOnly ? 'columns-only' : 'full',
    ...(profile.externalIdColumn ? { externalIdColumn: profile.externalIdColumn } : {}),
  });
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      v.push(new Uint8Array(buf.subarray(0, bytesRead)));
      if (v.failed) break;
    }
  } finally {
    await fh.close();
  }
  return v.end();
}

/** A plain-text table of problems: Row | Column | Value | Problem. */
export function problemTable(
  rows: { row: number | null; column: string; value: string; message: string }[],
): string {
  const cells = rows.map((r) => [
    r.row === null ? '-' : String(r.row),
    r.column,
    clip(r.value, 30),
    r.message,
  ]);
  const head = ['Row', 'Column', 'Value', 'Problem'];
  const widths = head.map((h, i) =>
    Math.min(i === 3 ? 200 : 30, Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length))),
  );
  const line = (c: string[]): string =>
    c.map((x, i) => (i === 3 ? x : x.padEnd(widths[i] ?? 0))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function clip(s: string, n: number): string {
  const oneLine = s.replace(/[\r\n\t]/g, ' ');
  return oneLine.length > n ? oneLine.slice(0, n - 1) + '…' : oneLine;
}

function planFile(local: string, a: Args): { name: string; drop: DropTarget } | { error: string } {
  const original = basename(local);
  const ext = extname(original).toLowerCase();
  let drop: DropTarget | undefined;
  if (ext === '.kml') drop = dropFor(a.profile, 'territories');
  else drop = a.profile.drops.find((d) => d.kind !== 'territories' && d.extensions.includes(ext));
  if (!drop) {
    const accepted = [...new Set(a.profile.drops.flatMap((d) => d.extensions))].join(', ');
    return {
      error: `${original}: ${a.profile.title} does not accept ${ext || 'files without an extension'}; it accepts ${accepted}.`,
    };
  }
  let name = original;
  if (drop.kind === 'records' && a.profile.objectFromFileName) {
    if (a.object) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(a.object)) {
        return { error: `--object "${a.object}" is not an object name (letters and digits).` };
      }
      name = `${a.object}_${original}`;
    } else if (!/^[A-Za-z][A-Za-z0-9]*_.+/.test(original)) {
      return {
        error: `${original}: in flexible mode the file name says the object: <Object>_<anything>${ext} (e.g. Account_march${ext}). Rename it or add --object Account.`,
      };
    }
  } else if (a.object) {
    return { error: '--object only applies to flexible-mode record files.' };
  }
  if (drop.kind === 'territories') {
    const level = territoryLevel(name);
    if (!level.ok) return { error: level.message };
  }
  const bad = checkRemoteName(name);
  if (bad) return { error: `${original}: ${bad}` };
  return { name, drop };
}

async function secretFor(
  a: Args,
  io: CliIo,
  secrets: SecretStore | undefined,
): Promise<
  { value: SecretAuth; origin?: SecretOrigin } | { error: string; code: number; origin?: undefined }
> {
  const store = (): SecretStore => secrets ?? createKeyringSecretStore();
  if (a.key) return keyAuth(a, a.key, io, store);
  if (a.profile.auth.includes('publickey') && !a.profile.auth.includes('password')) {
    return {
      error: `${a.profile.platform} logs in with an SSH key only; add --key PATH.`,
      code: 2,
    };
  }
  return passwordFor(a, io, secrets);
}

/** Where the CLI keeps known hosts and its upload ledger (the app's data folder). */
export function cliDataDir(io: CliIo): string {
  return io.env.SFTP_IMPORT_DATA_DIR ?? join(homedir(), '.config', 'sftp-import-assistant');
}

/**
 * A key file and its passphrase: --password-file/--password-stdin, else SFTP_IMPORT_PASSPHRASE
 * (deleted from the environment once read), else the keychain.
 */
async function keyAuth(
  a: Args,
  key: string,
  io: CliIo,
  store: () => SecretStore,
): Promise<
  { value: SecretAuth; origin?: SecretOrigin } | { error: string; code: number; origin?: undefined }
> {
  let privateKey: Buffer;
  try {
    privateKey = await readFile(resolvePath(io.cwd, key));
  } catch {
    return { error: `The key file ${key} cannot be read.`, code: 2 };
  }
  const env = takeSecretEnv(io, 'SFTP_IMPORT_PASSPHRASE');
  if (a.passwordSource) {
    const read = await readSourcedSecret(a.passwordSource, io);
    if (!read.ok) return { error: read.error, code: read.code };
    return { value: { privateKey, passphrase: read.value }, origin: read.origin };
  }
  if (env !== undefined || !isEncryptedKey(privateKey)) {
    return {
      value: { privateKey, ...(env ? { passphrase: env } : {}) },
      ...(env ? { origin: 'environment' as const } : {}),
    };
  }
  // The key's own entry (the app keeps a generated key's passphrase there), else the one the
  // app saved for a key site of this user@host:port.
  const got = await store().get(await keyPassphraseAccountOf(key, io.cwd));
  const found =
    got.ok && got.value !== null
      ? got
      : await store().get(accountFor({ username: a.user, host: a.host, port: a.port }));
  if (found.ok && found.value !== null) {
    return { value: { privateKey, passphrase: found.value }, origin: 'keychain' };
  }
  const why = got.ok ? '' : ' No OS keychain is available here.';
  return {
    error: `The key ${key} is protected by a passphrase, and the keychain has none for it.${why} Give it with SFTP_IMPORT_PASSPHRASE, --password-file PATH or --password-stdin.`,
    code: 3,
  };
}

function isEncryptedKey(key: Buffer): boolean {
  const text = key.toString('latin1');
  if (text.includes('ENCRYPTED')) return true;
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text);
  if (!m) return false;
  const body = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  // openssh-key-v1\0, then the cipher name: "none" means unencrypted.
  const at = 15;
  const len = body.length >= at + 4 ? body.readUInt32BE(at) : 0;
  return body.subarray(at + 4, at + 4 + len).toString('latin1') !== 'none';
}

const uploadFlags = {
  url: { type: 'string' },
  cert: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  profile: { type: 'string' },
  object: { type: 'string' },
  'host-key': { type: 'string' },
  key: { type: 'string' },
  poll: { type: 'string' },
  'wait-timeout': { type: 'string' },
  wait: { type: 'boolean' },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  again: { type: 'boolean' },
  ...passwordSourceOptions,
} as const;

// eslint-disable-next-line complexity -- one flag check after another, each a plain sentence
function parseArgs(argv: readonly string[]): Args | { error: string } | { help: true } {
  const f = readFlags(argv, uploadFlags, { positionals: true });
  if ('help' in f || 'error' in f) return f;
  if (f.positionals.length === 0) return { error: 'Name at least one file to upload.' };
  const server = serverFlags(f);
  if ('error' in server) return server;
  const missing = missingFlag(f, ['profile']);
  if (missing) return { error: missing };
  const profileName = stringFlag(f, 'profile')!;
  const profile = getProfile(profileName);
  if (!profile) {
    return {
      error: `Unknown profile "${profileName}"; choose classic, flexible, space or contact-lists.`,
    };
  }
  if (profile.signal === 'fetched') {
    return {
      error: `${profile.platform} fetches files from your own server; there is nothing to upload. Check that file with: sftp-import check-pull --host H --port P --user U --path /x.csv`,
    };
  }
  const hostKey = hostKeyFlag(stringFlag(f, 'host-key'));
  if (!hostKey.ok) return { error: hostKey.error };
  const cert = certFlag(stringFlag(f, 'cert'));
  if (!cert.ok) return { error: cert.error };
  const timing = waitTiming(stringFlag(f, 'poll'), stringFlag(f, 'wait-timeout'));
  if ('error' in timing) return timing;
  const object = stringFlag(f, 'object');
  const key = stringFlag(f, 'key');
  const source = passwordSourceFlag(f);
  if (!source.ok) return { error: source.error };
  const conflict = identityConflict(server.protocol, hostKey.value, cert.value, key, profile);
  if (conflict) return { error: conflict };
  return {
    files: f.positionals,
    ...server,
    profile,
    ...(object ? { object } : {}),
    ...(hostKey.value ? { hostKey: hostKey.value } : {}),
    ...(cert.value ? { cert: cert.value } : {}),
    ...(key ? { key } : {}),
    ...(source.value ? { passwordSource: source.value } : {}),
    wait: f.values.wait === true,
    json: f.values.json === true,
    force: f.values.force === true,
    again: f.values.again === true,
    ...timing,
  };
}

/** A flag that does not fit the protocol: --cert with SFTP; --host-key, --key or a key-only profile with FTPS. */
function identityConflict(
  protocol: TransportProtocol,
  hostKey: string | undefined,
  cert: string | undefined,
  key: string | undefined,
  profile: Profile,
): string | undefined {
  if (protocol === 'sftp') {
    return cert
      ? "--cert pins an FTPS server's TLS certificate; an SFTP server is pinned with --host-key."
      : undefined;
  }
  if (hostKey) {
    return `--host-key pins an SSH host key; a ${protocol}:// server shows a TLS certificate: use --cert SHA256:… instead.`;
  }
  if (key) {
    return 'FTPS logs in with a password; --key (an SSH key) works only with SFTP. Drop --key and give the password with --password-file PATH, --password-stdin, SFTP_IMPORT_PASSWORD or the OS keychain.';
  }
  if (!profile.auth.includes('password')) {
    return `${profile.platform} logs in with an SSH key, and FTPS logs in with a password: use --url sftp://USER@HOST with --key PATH.`;
  }
  return undefined;
}

/**
 * Where to connect: `--url PROTO://USER@HOST[:PORT]` (contract §8: ftps, ftpes or sftp), or the
 * SFTP flags `--host`, `--port`, `--user`. Plain `ftp://` and an address without its protocol
 * are refused: the CLI does not guess, and never sends a password unencrypted.
 */
function serverFlags(
  f: ReadFlags,
): { protocol: TransportProtocol; host: string; port: number; user: string } | { error: string } {
  const url = stringFlag(f, 'url');
  const userFlag = stringFlag(f, 'user');
  if (url === undefined) {
    const missing = missingFlag(f, ['host', 'user']);
    if (missing) {
      return { error: `${missing.replace(/\.$/, '')} (or give --url ftps://USER@HOST).` };
    }
    const port = portFlag(stringFlag(f, 'port'), 22);
    if (!port.ok) return { error: port.error };
    return { protocol: 'sftp', host: stringFlag(f, 'host')!, port: port.value, user: userFlag! };
  }
  if (stringFlag(f, 'host') !== undefined || stringFlag(f, 'port') !== undefined) {
    return { error: 'Give --url or --host/--port, not both (put the port in the URL: HOST:PORT).' };
  }
  const parsed = parseRemoteAddress(url);
  if (!parsed.ok) return { error: `--url: ${parsed.error.message}` };
  const p = parsed.value;
  if (p.guessed) {
    return {
      error: `--url "${url}" names no protocol; write ftps://${url.trim()} (implicit TLS), ftpes://${url.trim()} (explicit TLS) or sftp://${url.trim()}.`,
    };
  }
  if (p.username && userFlag && p.username !== userFlag) {
    return { error: `--url names the user ${p.username} and --user ${userFlag}; give one.` };
  }
  const user = p.username ?? userFlag;
  if (!user) return { error: `--url needs the user name: ${p.protocol}://USER@${p.host}.` };
  return { protocol: p.protocol, host: p.host, port: p.port, user };
}

/** `--poll` and `--wait-timeout`, in seconds; without --poll the watcher's schedule applies. */
function waitTiming(
  poll: string | undefined,
  wait: string | undefined,
): { pollMs?: number; waitTimeoutMs?: number } | { error: string } {
  const pollS = poll === undefined ? undefined : Number(poll);
  const waitS = wait === undefined ? undefined : Number(wait);
  if ((pollS !== undefined && !(pollS > 0)) || (waitS !== undefined && !(waitS > 0))) {
    return { error: '--poll and --wait-timeout are seconds (positive numbers).' };
  }
  return {
    ...(pollS !== undefined ? { pollMs: pollS * 1000 } : {}),
    ...(waitS !== undefined ? { waitTimeoutMs: waitS * 1000 } : {}),
  };
}

/**
 * What `--wait` says before it waits: how often the platform looks (the profile's cadence) and
 * how long this run waits at most (engine/watcher.ts: two cycles and a minute, or --wait-timeout).
 */
export function waitingLine(a: { profile: Profile; waitTimeoutMs?: number }): string {
  const p = a.profile;
  const limit = a.waitTimeoutMs ?? p.cadenceMs * 2 + 60_000;
  const every = duration(p.cadenceMs).replace(/^1 /, '');
  return `Waiting for ${p.platform} to process it: it looks for new files every ${every}, so this can take up to ${duration(p.cadenceMs)}; giving up after ${duration(limit)} (--wait-timeout).`;
}

/** A duration in words: "30 s", "1 minute", "5 minutes", "1 hour", "2 h 1 min". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? '1 minute' : `${m} minutes`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (rest === 0) return h === 1 ? '1 hour' : `${h} hours`;
  return `${h} h ${rest} min`;
}
