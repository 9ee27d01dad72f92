/**
 * The first step of every connection, SFTP or FTPS: a valid port, the host name looked up (DNS),
 * and a TCP connection, each failure told apart in plain words (wrong name, nothing listening,
 * no answer, no network) so the doctor and the app can say what to do. node.
 */
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { errorText, ok, type Result } from '../result.ts';
import type { ConnectError } from './port.ts';

export type TcpTarget = {
  host: string;
  port: number;
  /** DNS and TCP connect limit. Default 10 s. */
  connectTimeoutMs?: number;
  /** How the protocol is named in advice, and its usual port: "SFTP is usually 22". */
  usual: { name: string; port: number };
};

const reachError = (
  code: ConnectError['code'],
  message: string,
  detail?: string,
): ConnectError => ({
  code,
  message,
  ...(detail !== undefined ? { detail } : {}),
  stage: 'reach',
});

/** Connects a TCP socket to the target. Never throws. */
export async function dialTcp(t: TcpTarget): Promise<Result<Socket, ConnectError>> {
  const where = `${t.host}:${t.port}`;
  const limit = t.connectTimeoutMs ?? 10_000;
  const usually = `${t.usual.name} is usually ${t.usual.port}`;
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) {
    return {
      ok: false,
      error: reachError(
        'bad-input',
        `The port ${t.port} is not valid; use a number from 1 to 65535 (${usually}).`,
      ),
    };
  }
  const address = await resolveHost(t.host, limit);
  if (!address.ok) return address;
  return new Promise((resolve) => {
    const socket = netConnect({ host: address.value, port: t.port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({
        ok: false,
        error: reachError(
          'timeout',
          `No answer from ${where} within ${Math.round(limit / 100) / 10} s. A firewall may be dropping the connection; check the host, the port and your network.`,
        ),
      });
    }, limit);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(ok(socket));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const code = err.code ?? '';
      const unreachable = code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
      resolve({
        ok: false,
        error:
          code === 'ECONNREFUSED'
            ? reachError(
                'refused',
                `Connection refused by ${where}: nothing is listening on that port. Check the port number (${usually}) and that the server is running, or a firewall is blocking it.`,
                code,
              )
            : reachError(
                unreachable ? 'timeout' : 'refused',
                unreachable
                  ? `The network cannot reach ${where}. Check that this computer is online and the host is right.`
                  : `Could not connect to ${where}.`,
                code || errorText(err),
              ),
      });
    });
  });
}

/** The address to dial: an IP as it is, a name through DNS within the limit. */
async function resolveHost(host: string, limit: number): Promise<Result<string, ConnectError>> {
  if (isIP(host)) return ok(host);
  let timer: NodeJS.Timeout | undefined;
  const found = await Promise.race([
    lookup(host).then(
      (v) => ({ ok: true as const, address: v.address }),
      (e: unknown) => ({ ok: false as const, detail: errorText(e) }),
    ),
    new Promise<{ ok: false; detail: string }>(
      (r) => (timer = setTimeout(() => r({ ok: false, detail: 'DNS lookup timed out' }), limit)),
    ),
  ]);
  clearTimeout(timer);
  if (found.ok) return ok(found.address);
  return {
    ok: false,
    error: reachError(
      'dns',
      `The server name "${host}" could not be found (DNS). Check the spelling of the host name, and that this computer is online.`,
      found.detail,
    ),
  };
}
