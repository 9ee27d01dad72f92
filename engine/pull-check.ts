/**
 * "Test connection" for a pull source (contract §9, seed 003): the platform will log in to the
 * customer's own SFTP server and fetch one file, so check reach, host key, login, that the file
 * is there, and that its header has a company-name column. Reads only the first 64 KiB. node.
 */
import { posix } from 'node:path';
import { profiles } from '../core/profiles/profiles.ts';
import type { ConnectOptions, HostKey } from './transport/sftp/connect.ts';
import { connectWithSteps } from './transport/connect-steps.ts';
import { createCsvValidator } from '../core/csv/validator.ts';
import { schemaFromHeader } from '../core/schema/object-schema.ts';
import type { EngineError } from './result.ts';
import { createStepRecorder, type CheckReport, type CheckStep } from './check-steps.ts';

export type PullStepId = 'reach' | 'banner' | 'host-key' | 'login' | 'file' | 'header';
export type PullStep = CheckStep<PullStepId>;
export type PullReport = CheckReport<PullStepId> & { hostKey?: HostKey; header?: string[] };

const labels: Record<PullStepId, string> = {
  reach: 'Reach the server',
  banner: 'SSH greeting',
  'host-key': "Server's identity (host key)",
  login: 'Log in',
  file: 'The file is there',
  header: 'A company name column',
};
const order: PullStepId[] = ['reach', 'banner', 'host-key', 'login', 'file', 'header'];

/** Where the platform will log in (as the SSH dialer takes it, with a password) and what it fetches. */
export type PullCheckOptions = Pick<
  ConnectOptions,
  | 'host'
  | 'port'
  | 'username'
  | 'knownHost'
  | 'onUnknownHostKey'
  | 'connectTimeoutMs'
  | 'readyTimeoutMs'
> & {
  password: string;
  /** Path of the file on the customer's server (absolute). */
  path: string;
  /** Called with each step as it is decided (the page shows them while the check runs). */
  onStep?: (step: PullStep) => void;
};

/** Checks a pull source step by step; stops at the first failure (later steps 'skipped'). */
export async function checkPullSource(o: PullCheckOptions): Promise<PullReport> {
  const { push, finish } = createStepRecorder(order, labels, o.onStep);
  const done = (error?: EngineError, hostKey?: HostKey, header?: string[]): PullReport => ({
    ...finish(error),
    ...(hostKey ? { hostKey } : {}),
    ...(header ? { header } : {}),
  });
  const conn = await connectWithSteps(
    {
      host: o.host,
      port: o.port,
      username: o.username,
      auth: { password: o.password },
      ...(o.knownHost ? { knownHost: o.knownHost } : {}),
      ...(o.onUnknownHostKey ? { onUnknownHostKey: o.onUnknownHostKey } : {}),
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
      readyTimeoutMs: o.readyTimeoutMs ?? 20_000,
    },
    push,
  );
  if (!conn.ok) {
    const { stage: _s, hostKey, ...error } = conn.error;
    return done(error, hostKey);
  }
  const session = conn.value;
  try {
    push({
      id: 'host-key',
      status: 'ok',
      message: `Server key ${session.hostKey.type} ${session.hostKey.fingerprint}.`,
    });
    push({ id: 'login', status: 'ok', message: `Logged in as ${o.username}.` });
    const path = posix.resolve('/', o.path);
    const st = await session.stat(path);
    if (!st.ok || st.value.isDirectory) {
      const error: EngineError =
        !st.ok && st.error.code !== 'not-found'
          ? st.error
          : {
              code: 'not-found',
              message: `There is no file at ${path} on ${o.host}. Check the path (it is case-sensitive).`,
            };
      push({ id: 'file', status: 'failed', message: error.message });
      return done(error, session.hostKey);
    }
    push({ id: 'file', status: 'ok', message: `Found ${path} (${st.value.size} bytes).` });
    const read = await session.readHead(path, 64 * 1024);
    if (!read.ok) {
      push({ id: 'header', status: 'failed', message: read.error.message });
      return done(read.error, session.hostKey);
    }
    const checked = checkPullHeader(new TextDecoder().decode(read.value));
    const header = checked.header;
    if (!checked.ok) {
      const error: EngineError = { code: 'bad-input', message: checked.message };
      push({ id: 'header', status: 'failed', message: error.message });
      return done(error, session.hostKey, header);
    }
    const has = checked.column;
    push({
      id: 'header',
      status: 'ok',
      message: `The company name comes from the "${has}" column.`,
    });
    return done(undefined, session.hostKey, header);
  } finally {
    await session.close();
  }
}

/** File problems the first 64 KiB can show for certain (a cut-off row later on is not one). */
const headerProblems = new Set([
  'not-utf8',
  'empty-file',
  'no-header',
  'duplicate-column',
  'missing-required-column-any-of',
]);

/**
 * Checks a pull file's header with the validator and rule the platform itself applies
 * (contract §3: one implementation; §9: the file needs a company-name column).
 */
function checkPullHeader(
  head: string,
):
  | { ok: true; header: string[]; column: string }
  | { ok: false; header: string[]; message: string } {
  const wanted = profiles.pull.requiredColumnAnyOf ?? [];
  const validator = createCsvValidator(schemaFromHeader('Lead', ['Company']), {
    mode: 'columns-only',
    requiredColumnAnyOf: wanted,
  });
  validator.push(new TextEncoder().encode(head));
  const summary = validator.end();
  const header = summary.header.map((h) => h.trim());
  if (summary.fileError?.code === 'missing-required-column-any-of') {
    const found = header.slice(0, 8).join(', ') || 'empty';
    const message = `The file's header (${found}) has no company name column. ${acceptedColumns(wanted)}`;
    return { ok: false, header, message };
  }
  if (summary.fileError && headerProblems.has(summary.fileError.code)) {
    return { ok: false, header, message: summary.fileError.message };
  }
  const column = header.find((h) => wanted.some((w) => w.toLowerCase() === h.toLowerCase()));
  if (column === undefined) {
    return { ok: false, header, message: acceptedColumns(wanted) };
  }
  return { ok: true, header, column };
}

/** Which header names count as the company-name column (seed 003), in words. */
function acceptedColumns(wanted: readonly string[]): string {
  return `The file needs a column named one of: ${wanted.join(', ')} (any letter case). Add one to the header row (row 1).`;
}
