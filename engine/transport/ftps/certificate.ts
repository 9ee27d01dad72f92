/**
 * Trusting an FTPS server's certificate before any credential is sent (contract §11, §12): a
 * certificate the system's CAs vouch for, for the host name dialled, is trusted ('ca'); any other
 * is pinned by its SHA-256 fingerprint like an SSH host key: a pinned one passes ('known'), a
 * remembered one that changed blocks ('host-key-changed'), an unknown one is shown (fingerprint,
 * subject, issuer, validity, why it is not trusted) for accept / once / cancel. node.
 */
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import { fingerprintOfCertificate } from '../../fingerprint.ts';
import type { CertificateIdentity } from '../port.ts';

/** What the TLS handshake showed: the certificate and whether the system's CAs vouch for it. */
export type SeenCertificate = { identity: CertificateIdentity; caTrusted: boolean };

/** Reads the peer certificate of a finished handshake; undefined when the server sent none. */
export function seenCertificate(socket: TLSSocket, host: string): SeenCertificate | undefined {
  const cert = socket.getPeerCertificate(true);
  if (!cert || !cert.raw || cert.raw.length === 0) return undefined;
  // socket.authorized: the chain verified against the CAs Node trusts. The host name check is
  // made here explicitly (Node also makes it, but only when it verifies at all).
  const nameError = checkServerIdentity(host, cert);
  const chainError = socket.authorized ? undefined : String(socket.authorizationError ?? '');
  const caTrusted = socket.authorized && !nameError;
  const reason = caTrusted ? undefined : reasonWords(chainError, nameError, cert, host);
  return {
    caTrusted,
    identity: {
      type: 'x509',
      fingerprint: fingerprintOfCertificate(cert.raw),
      subject: dnText(cert.subject),
      issuer: dnText(cert.issuer),
      validFrom: isoDate(cert.valid_from),
      validTo: isoDate(cert.valid_to),
      ...(reason ? { reason } : {}),
    },
  };
}

function reasonWords(
  chainError: string | undefined,
  nameError: Error | undefined,
  cert: PeerCertificate,
  host: string,
): string {
  const parts: string[] = [];
  switch (chainError) {
    case undefined:
    case '':
      break;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      parts.push('it is self-signed (no certificate authority vouches for it)');
      break;
    case 'CERT_HAS_EXPIRED':
      parts.push(`it expired on ${isoDate(cert.valid_to)}`);
      break;
    case 'CERT_NOT_YET_VALID':
      parts.push(`it is not valid before ${isoDate(cert.valid_from)}`);
      break;
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      parts.push('it is signed by a certificate authority this computer does not know');
      break;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      break; // said below from the name check
    default:
      parts.push(`it could not be verified (${chainError})`);
  }
  if (nameError) parts.push(`it is not made out for ${host}`);
  return parts.length > 0 ? `Not trusted: ${parts.join('; ')}.` : 'Not trusted.';
}

function dnText(dn: PeerCertificate['subject'] | undefined): string {
  if (!dn) return '';
  return Object.entries(dn)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

function isoDate(s: string | undefined): string {
  const t = Date.parse(s ?? '');
  return Number.isNaN(t) ? (s ?? '') : new Date(t).toISOString();
}
