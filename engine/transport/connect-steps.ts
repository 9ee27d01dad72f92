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

/**
 * Connects through the one SSH factory, pushing reach and greeting as they pass. On failure it
 * also records the steps that passed silently and the failed step with its code and hint; on
 * success the caller reports the host key and login in its own words.
 */
export async function connectWithSteps(
  options: Omit<ConnectOptions, 'onStage'>,
  push: (step: ConnectStepReport) => void,
  hintFor: (e: EngineError) => string | undefined = () => undefined,
): Promise<Result<SftpSession, ConnectError>> {
  const pushed = new Set<ConnectStepId>();
  const report = (step: ConnectStepReport): void => {
    pushed.add(step.id);
    push(step);
  };
  const conn = await connectSftp({
    ...options,
    onStage: (stage) => {
      if (stage === 'reach') {
        report({
          id: 'reach',
          status: 'ok',
          message: `Connected to ${options.host} port ${options.port}.`,
        });
      }
      if (stage === 'banner') {
        report({ id: 'banner', status: 'ok', message: 'The server answered as an SSH server.' });
      }
    },
  });
  if (conn.ok) return conn;
  const e = conn.error;
  const failed = stepOf(e);
  // A greeting stage passed silently (e.g. the key was rejected right after it): record it.
  if (failed !== 'reach' && failed !== 'banner' && !pushed.has('banner')) {
    report({ id: 'banner', status: 'ok', message: 'The server answered as an SSH server.' });
  }
  if (failed === 'login' && !pushed.has('host-key')) {
    report({ id: 'host-key', status: 'ok', message: 'The server is the one you trusted.' });
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
 * The FTPS counterpart (contract §12): reach and the FTP greeting are pushed as they pass; the
 * TLS handshake and certificate, and the login, are reported by the caller on success (with the
 * trust and TLS version). On failure the steps that passed silently are recorded and the failed
 * step carries its code and hint (certificate changed, no TLS, handshake, …).
 */
export async function connectFtpsWithSteps(
  options: Omit<FtpsConnectOptions, 'onStage'>,
  push: (step: ConnectStepReport) => void,
  hintFor: (e: ConnectError) => string | undefined = () => undefined,
): Promise<Result<FtpsSession, ConnectError>> {
  const pushed = new Set<ConnectStepId>();
  const report = (step: ConnectStepReport): void => {
    pushed.add(step.id);
    push(step);
  };
  const greeted = (): void =>
    report({ id: 'banner', status: 'ok', message: 'The server answered as an FTP server.' });
  const conn = await connectFtps({
    ...options,
    onStage: (stage) => {
      if (stage === 'reach') {
        report({
          id: 'reach',
          status: 'ok',
          message: `Connected to ${options.host} port ${options.port}.`,
        });
      }
      if (stage === 'banner') greeted();
    },
  });
  if (conn.ok) return conn;
  const e = conn.error;
  const failed = stepOf(e);
  // Explicit TLS greets before the handshake; implicit after it. A failure past the greeting
  // means it passed; a TLS failure on the implicit port means it was never reached (skipped).
  if (
    (failed === 'login' || (failed === 'host-key' && options.protocol === 'ftpes')) &&
    !pushed.has('banner')
  ) {
    greeted();
  }
  if (
    (failed === 'login' || (failed === 'banner' && options.protocol === 'ftps')) &&
    !pushed.has('host-key')
  ) {
    report({
      id: 'host-key',
      status: 'ok',
      message: 'The TLS handshake succeeded and the certificate is trusted.',
    });
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
