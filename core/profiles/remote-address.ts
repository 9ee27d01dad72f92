/**
 * The addresses people paste (issue 11, contract §12): `ftps://[user@]host[:port][/…]`,
 * `ftpes://…`, `sftp://…`, `host:port` or a bare host, read into protocol, host and port. One
 * reader for the site form, the CLI's `--url` and the engine. std.
 */
import type { SiteProtocol } from '../ipc/contract.ts';
import { fail, ok, type Result } from '../util/result.ts';

/** The port a protocol uses when none is given: 22, 990 (implicit TLS), 21 (explicit TLS). */
export function defaultPort(protocol: SiteProtocol): number {
  return protocol === 'sftp' ? 22 : protocol === 'ftps' ? 990 : 21;
}

/** What a pasted address says. */
export type RemoteAddress = {
  protocol: SiteProtocol;
  host: string;
  port: number;
  username?: string;
  /** The text named no protocol (a bare host or host:port): the caller may probe. */
  guessed: boolean;
};

const addressShape =
  /^(?:([a-z]+):\/\/)?(?:([^@/\s]+)@)?(\[[0-9a-f:.]+\]|[^:/\s[\]]+)(?::(\d{1,5}))?(?:\/\S*)?$/i;

/**
 * Reads a pasted address. A bare host or host:port is `sftp` with `guessed: true` (port 990 →
 * ftps, 21 → ftpes); plain `ftp://` is refused (it would send the password unencrypted).
 */
export function parseRemoteAddress(text: string): Result<RemoteAddress> {
  const m = addressShape.exec(text.trim());
  if (!m || !m[3]) {
    return fail(
      'bad-input',
      `"${text}" is not a server address. Paste it as the platform shows it, e.g. ftps://ftp.example.com or sftp.example.com.`,
    );
  }
  const scheme = (m[1] ?? '').toLowerCase();
  const protocol = protocolOf(scheme, m[4]);
  if (typeof protocol !== 'string') return protocol;
  const port = m[4] ? Number(m[4]) : defaultPort(protocol);
  if (port < 1 || port > 65535) {
    return fail('bad-input', `The port ${m[4]} is not valid; use a number from 1 to 65535.`);
  }
  let username: string | undefined;
  try {
    username = m[2] ? decodeURIComponent(m[2]) : undefined;
  } catch {
    username = m[2];
  }
  return ok({
    protocol,
    host: m[3].replace(/^\[|\]$/g, ''),
    port,
    ...(username ? { username } : {}),
    guessed: scheme === '',
  });
}

/** The protocol a scheme names (a bare host: guessed from the port), or why it cannot be used. */
function protocolOf(
  scheme: string,
  port: string | undefined,
): SiteProtocol | { ok: false; error: { code: 'bad-input'; message: string } } {
  if (scheme === 'ftps' || scheme === 'ftpes' || scheme === 'sftp') return scheme;
  if (scheme === 'ftp') {
    return fail(
      'bad-input',
      'Plain ftp:// sends your password unencrypted, so this app does not use it. Ask the platform for its ftps:// or sftp:// address (or try ftpes:// with the same host).',
    );
  }
  if (scheme !== '') {
    return fail(
      'bad-input',
      `The address starts with "${scheme}://"; use ftps://, ftpes:// or sftp://.`,
    );
  }
  return port === '990' ? 'ftps' : port === '21' ? 'ftpes' : 'sftp';
}

/** Whether a Host field holds more than a host name (a scheme, a port, a user or a path). */
export function looksLikeAddress(text: string): boolean {
  const t = text.trim();
  return t.includes('://') || t.includes('@') || t.includes('/') || /^[^:]+:\d*$/.test(t);
}
