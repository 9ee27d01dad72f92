/**
 * Reaching a saved site: its secret (from the request for "ask" sites, else the OS keychain),
 * its pinned host keys or certificates, the prompt for a first contact (remembered on "accept"),
 * and the session over the site's protocol from the engine's one dialer (SFTP or FTPS). node.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkPrivateKey } from '../engine/transport/sftp/keys.ts';
import type { SecretAuth } from '../engine/transport/sftp/connect.ts';
import { connectRemote } from '../engine/transport/dial.ts';
import type {
  CertificateIdentity,
  RemoteSession,
  ServerIdentity,
} from '../engine/transport/port.ts';
import { keyPassphraseAccountOf } from '../engine/key-passphrase.ts';
import { accountFor } from '../engine/secret-store.ts';
import type { Site } from '../engine/sites.ts';
import type { SiteView } from '../core/ipc/contract.ts';
import { fail, ok, toIpcError, type IpcResult } from '../core/ipc/result.ts';
import type { HostDeps } from './host-deps.ts';
import type { TrustDecision } from '../core/ipc/contract.ts';
import type { HostKeyPrompts, PromptCertificate } from './host-key-prompts.ts';

/** The folder generated keys live in. */
export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

/** A site as the page sees it: never its secret, only whether one is stored. */
export async function toSiteView(deps: HostDeps, site: Site): Promise<SiteView> {
  const { root: _root, ...rest } = site;
  return { ...rest, hasSecret: await hasStoredSecret(deps, site) };
}

/** Whether the keychain holds the site's secret (false when the keychain can't be reached). */
export async function hasStoredSecret(deps: HostDeps, site: Site): Promise<boolean> {
  if (site.secretMode !== 'keychain') return false;
  const got = await deps.secrets.get(accountFor(site));
  return got.ok && got.value !== null;
}

/**
 * The site's secret: the one in the request, else for a key site the passphrase kept with the
 * key file (a generated key's; the CLI reads the same entry), else the keychain's (keychain
 * sites). `undefined` when none is known.
 */
export async function siteSecret(
  deps: HostDeps,
  site: Site,
  given: string | undefined,
): Promise<IpcResult<string | undefined>> {
  if (given !== undefined) return ok(given);
  // A key's own passphrase entry wins over whatever the site stored before.
  if (site.authMethod === 'publickey' && site.privateKeyPath) {
    const got = await deps.secrets.get(await keyPassphraseAccountOf(site.privateKeyPath));
    if (got.ok && got.value !== null) return ok(got.value);
  }
  if (site.secretMode === 'keychain') {
    const got = await deps.secrets.get(accountFor(site));
    if (!got.ok) return { ok: false, error: toIpcError(got.error) };
    if (got.value !== null) return ok(got.value);
  }
  return ok(undefined);
}

/** The credentials to log in with, or 'secret-required' saying what to enter. */
export async function siteAuth(
  deps: HostDeps,
  site: Site,
  given: string | undefined,
): Promise<IpcResult<SecretAuth>> {
  const secret = await siteSecret(deps, site, given);
  if (!secret.ok) return secret;
  if (site.authMethod === 'password') {
    if (secret.value === undefined || secret.value === '') {
      return fail('secret-required', `Enter the password for ${site.username} on ${site.host}.`);
    }
    return ok({ password: secret.value });
  }
  if (!site.privateKeyPath) {
    return fail(
      'bad-input',
      'This site logs in with a key, but no key file is set. Edit the site.',
    );
  }
  let privateKey: Buffer;
  try {
    privateKey = await readFile(site.privateKeyPath);
  } catch {
    return fail(
      'not-found',
      `The key file ${site.privateKeyPath} could not be read. Check the site settings.`,
    );
  }
  const problem = checkPrivateKey(privateKey, secret.value);
  if (problem) {
    const name = basename(site.privateKeyPath);
    if (problem === 'not-a-key') {
      return fail('bad-input', `The key file ${name} is not a private key ssh can use.`);
    }
    // A generated key's passphrase is random and known only to the keychain: asking is useless.
    return dirname(site.privateKeyPath) === keysDir(deps.dataDir)
      ? fail(
          'keychain-unavailable',
          `The key ${name} was made by this app and its passphrase is kept in the OS keychain, which did not give it. Unlock the keychain and try again; if its entry was deleted, generate a new key and give the platform the new public key.`,
        )
      : fail('secret-required', `Enter the passphrase of the key ${name}.`);
  }
  return ok(secret.value ? { privateKey, passphrase: secret.value } : { privateKey });
}

/** Every fingerprint pinned for the site (the known-hosts list plus the site's own pin). */
export function pinsFor(deps: HostDeps, site: Site): { fingerprint: string }[] {
  const pins = deps.knownHosts
    .get(site.host, site.port)
    .map((k) => ({ fingerprint: k.fingerprint }));
  if (site.hostKey && !pins.some((p) => p.fingerprint === site.hostKey?.fingerprint)) {
    pins.push({ fingerprint: site.hostKey.fingerprint });
  }
  return pins;
}

/** The certificate's details when the identity is an FTPS server's TLS certificate (contract §12). */
function certificateOf(key: ServerIdentity | CertificateIdentity): PromptCertificate | undefined {
  if (!('subject' in key)) return undefined;
  return {
    subject: key.subject,
    issuer: key.issuer,
    validFrom: key.validFrom,
    validTo: key.validTo,
    ...(key.reason ? { reason: key.reason } : {}),
  };
}

/**
 * The first-contact callback: asks the page (an SSH host key, or an FTPS certificate with its
 * subject, issuer, validity and why it is not trusted), and remembers it when the user accepts.
 */
export function hostKeyAsker(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  host: string,
  port: number,
): (key: ServerIdentity | CertificateIdentity) => Promise<TrustDecision> {
  return async (key) => {
    const certificate = certificateOf(key);
    const decision = await prompts.ask({
      host,
      port,
      type: key.type,
      fingerprint: key.fingerprint,
      ...(certificate ? { certificate } : {}),
    });
    if (decision === 'accept') {
      deps.knownHosts.remember({ host, port, type: key.type, fingerprint: key.fingerprint });
    }
    return decision;
  };
}

/**
 * A remembered key or certificate that CHANGED (contract §11, §12): the engine already blocked
 * the connection before any credential; this shows the page the old and new fingerprints
 * (`hostkey:prompt` with `previousFingerprint`), for SSH host keys and TLS certificates alike.
 */
export function tellIdentityChanged(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  site: Site,
  error: { code: string; hostKey?: ServerIdentity | CertificateIdentity | undefined },
): void {
  const seen = error.hostKey;
  if (error.code !== 'host-key-changed' || !seen) return;
  const pinned = pinsFor(deps, site).map((p) => p.fingerprint);
  const certificate = certificateOf(seen);
  prompts.notifyChanged({
    host: site.host,
    port: site.port,
    type: seen.type,
    fingerprint: seen.fingerprint,
    previousFingerprint: pinned.join(' or '),
    ...(certificate ? { certificate } : {}),
  });
}

/** Opens a session to a saved site over its protocol (SFTP, or FTPS per contract §12). */
export async function connectSite(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  site: Site,
  given: string | undefined,
): Promise<IpcResult<RemoteSession>> {
  const auth = await siteAuth(deps, site, given);
  if (!auth.ok) return auth;
  const connected = await connectRemote({
    protocol: site.protocol ?? 'sftp',
    host: site.host,
    port: site.port,
    username: site.username,
    auth: auth.value,
    knownHost: pinsFor(deps, site),
    onUnknownHostKey: hostKeyAsker(deps, prompts, site.host, site.port),
    ...(site.root ? { root: site.root } : {}),
    ...(site.allowSha1 ? { allowSha1: true } : {}),
    ...(deps.connectTimeoutMs ? { connectTimeoutMs: deps.connectTimeoutMs } : {}),
    ...(deps.readyTimeoutMs ? { readyTimeoutMs: deps.readyTimeoutMs } : {}),
  });
  if (!connected.ok) {
    tellIdentityChanged(deps, prompts, site, connected.error);
    const { stage: _stage, hostKey: _key, ftpsProblem: _problem, ...error } = connected.error;
    return { ok: false, error: toIpcError(error) };
  }
  return connected;
}
