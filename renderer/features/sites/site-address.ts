/**
 * The addresses people paste into the Host field (issue 11): `ftps://[user@]host[:port][/…]`,
 * `ftpes://…`, `sftp://…`, `host:port` or a bare host, read into protocol, host and port. The same
 * rules as the engine's `parseRemoteAddress` (engine/transport/dial.ts, which the page cannot
 * import: it pulls in the SSH and FTP clients); a unit test holds the two to the same answers.
 * Pure. std.
 */
import type { SiteProtocol } from '../../../core/ipc/contract.ts';

/** 22, 990 (implicit TLS) or 21 (explicit TLS). */
export function defaultPortOf(protocol: SiteProtocol): number {
  return protocol === 'sftp' ? 22 : protocol === 'ftps' ? 990 : 21;
}

export type SiteAddress = {
  protocol: SiteProtocol;
  host: string;
  port: number;
  username?: string;
  /** The text named no protocol (bare host or host:port): "Test connection" finds it. */
  guessed: boolean;
};

/** Reads a pasted address, or says in plain words what is wrong with it. */
export function parseSiteAddress(
  text: string,
): { ok: true; value: SiteAddress } | { ok: false; message: string } {
  const t = text.trim();
  const m =
    /^(?:([a-z]+):\/\/)?(?:([^@/\s]+)@)?(\[[0-9a-f:.]+\]|[^:/\s[\]]+)(?::(\d{1,5}))?(?:\/\S*)?$/i.exec(
      t,
    );
  if (!m || !m[3]) {
    return {
      ok: false,
      message: `"${text}" is not a server address. Paste it as the platform shows it, e.g. ftps://ftp.example.com or sftp.example.com.`,
    };
  }
  const scheme = (m[1] ?? '').toLowerCase();
  const protocol = protocolOf(scheme, m[4]);
  if (typeof protocol !== 'string') return protocol;
  const port = m[4] ? Number(m[4]) : defaultPortOf(protocol);
  if (port < 1 || port > 65535) {
    return { ok: false, message: `The port ${m[4]} is not valid; use a number from 1 to 65535.` };
  }
  let username: string | undefined;
  try {
    username = m[2] ? decodeURIComponent(m[2]) : undefined;
  } catch {
    username = m[2];
  }
  return {
    ok: true,
    value: {
      protocol,
      host: m[3].replace(/^\[|\]$/g, ''),
      port,
      ...(username ? { username } : {}),
      guessed: scheme === '',
    },
  };
}

/** The protocol a scheme names (a bare host: guessed from the port), or why it cannot be used. */
function protocolOf(
  scheme: string,
  port: string | undefined,
): SiteProtocol | { ok: false; message: string } {
  if (scheme === 'ftps' || scheme === 'ftpes' || scheme === 'sftp') return scheme;
  if (scheme === 'ftp') {
    return {
      ok: false,
      message:
        'Plain ftp:// sends your password unencrypted, so this app does not use it. Ask the platform for its ftps:// or sftp:// address (or try ftpes:// with the same host).',
    };
  }
  if (scheme !== '') {
    return {
      ok: false,
      message: `The address starts with "${scheme}://"; use ftps://, ftpes:// or sftp://.`,
    };
  }
  return port === '990' ? 'ftps' : port === '21' ? 'ftpes' : 'sftp';
}

/** Whether the Host field holds more than a host name (a scheme, a port, a user or a path). */
export function looksLikeAddress(text: string): boolean {
  const t = text.trim();
  return t.includes('://') || t.includes('@') || t.includes('/') || /^[^:]+:\d*$/.test(t);
}
