/**
 * The connection steps every check that logs in reports — reach, SSH greeting, host key, login —
 * shared by the doctor ("Test connection") and the pull-source check, so both tell a failure the
 * same way and carry its error code. node.
 */
import {
  connectSftp,
  type ConnectError,
  type ConnectOptions,
  type SftpSession,
} from './sftp/connect.ts';
import type { EngineError, EngineErrorCode, Result } from '../result.ts';
import type { ConnectStage } from './port.ts';
import { connectFtps, type FtpsConnectOptions, type FtpsSession } from './ftps/connect.ts';

export type ConnectStepId = 'reach' | 'banner' | 'host-key' | 'login';

/** A step as reported while connecting (the caller adds its label). */
export type ConnectStepReport = {
  id: ConnectStepId;
  status: 'ok' | 'failed';
  message: string;
  hint?: string;
  code?: EngineErrorCode;
};

/** What a protocol says for its greeting and trusted identity, and the order its steps pass in. */
type StepWords = {
  banner: string;
  hostKey: string;
  /** The order the steps pass on the wire (implicit TLS checks the certificate before the greeting). */
  order: readonly ConnectStepId[];
};

/**
 * Connects with `connect`, pushing reach and the greeting as they pass. On failure every step
 * that comes before the failed one on the wire and passed silently is recorded as passed (e.g. the
 * key was rejected right after the greeting), then the failed step with its code and hint; on
 * success the caller reports the identity and login in its own words.
 */
async function connectReporting<S>(
  connect: (onStage: (stage: ConnectStage) => void) => Promise<Result<S, ConnectError>>,
  where: { host: string; port: number },
  words: StepWords,
  push: (step: ConnectStepReport) => void,
  hintFor: (e: ConnectError) => string | undefined,
): Promise<Result<S, ConnectError>> {
  const pushed = new Set<ConnectStepId>();
  const report = (step: ConnectStepReport): void => {
    pushed.add(step.id);
    push(step);
  };
  const passed: Record<'banner' | 'host-key', string> = {
    banner: words.banner,
    'host-key': words.hostKey,
  };
  const conn = await connect((stage) => {
    if (stage === 'reach') {
      report({
        id: 'reach',
        status: 'ok',
        message: `Connected to ${where.host} port ${where.port}.`,
      });
    }
    if (stage === 'banner') report({ id: 'banner', status: 'ok', message: words.banner });
  });
  if (conn.ok) return conn;
  const e = conn.error;
  const failed = stepOf(e);
  for (const id of words.order.slice(0, words.order.indexOf(failed))) {
    if (pushed.has(id) || id === 'reach' || id === 'login') continue;
    report({ id, status: 'ok', message: passed[id] });
  }
  const hint = hintFor(e);
  report({
    id: failed,
    status: 'failed',
    code: e.code,
    message: e.message,
    ...(hint ? { hint } : {}),
  });
  return conn;
}

const inOrder: readonly ConnectStepId[] = ['reach', 'banner', 'host-key', 'login'];

/** Connects through the one SSH factory, reporting each step (see connectReporting). */
export function connectWithSteps(
  options: Omit<ConnectOptions, 'onStage'>,
  push: (step: ConnectStepReport) => void,
  hintFor: (e: EngineError) => string | undefined = () => undefined,
): Promise<Result<SftpSession, ConnectError>> {
  return connectReporting(
    (onStage) => connectSftp({ ...options, onStage }),
    options,
    {
      banner: 'The server answered as an SSH server.',
      hostKey: 'The server is the one you trusted.',
      order: inOrder,
    },
    push,
    hintFor,
  );
}

/** The step a connection failure belongs to. */
export function stepOf(e: ConnectError): ConnectStepId {
  switch (e.stage) {
    case 'reach':
      return 'reach';
    case 'banner':
      return 'banner';
    case 'host-key':
      return 'host-key';
    case 'login':
    case 'sftp':
    case 'ready':
      return 'login';
  }
}

/**
 * The FTPS counterpart (contract §12): explicit TLS greets before the handshake, implicit after
 * it, so a TLS failure on the implicit port never reached the greeting (it is skipped). The TLS
 * handshake and certificate, and the login, are reported by the caller on success (with the
 * trust and TLS version).
 */
export function connectFtpsWithSteps(
  options: Omit<FtpsConnectOptions, 'onStage'>,
  push: (step: ConnectStepReport) => void,
  hintFor: (e: ConnectError) => string | undefined = () => undefined,
): Promise<Result<FtpsSession, ConnectError>> {
  return connectReporting(
    (onStage) => connectFtps({ ...options, onStage }),
    options,
    {
      banner: 'The server answered as an FTP server.',
      hostKey: 'The TLS handshake succeeded and the certificate is trusted.',
      order: options.protocol === 'ftps' ? ['reach', 'host-key', 'banner', 'login'] : inOrder,
    },
    push,
    hintFor,
  );
}
