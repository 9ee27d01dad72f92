/**
 * The "add / edit a site" form as data: a draft per platform preset, field checks in plain words,
 * and the `SiteInput` it becomes. Pure. std.
 */
import {
  ftpsProfiles,
  type ProfileId,
  type SiteInput,
  type SiteProtocol,
  type SiteView,
} from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import {
  defaultPort,
  looksLikeAddress,
  parseRemoteAddress,
} from '../../../core/profiles/remote-address.ts';

export type SiteDraft = {
  id?: string;
  profile: ProfileId;
  name: string;
  host: string;
  port: string;
  /** SFTP for every platform; SPOTIO also FTPS (contract §12). */
  protocol: SiteProtocol;
  /** No protocol was named (a bare host): "Test connection" finds it and saves it. */
  probe: boolean;
  username: string;
  authMethod: 'password' | 'publickey';
  secretMode: 'keychain' | 'ask';
  /** Typed now; never read back from the main side. */
  password: string;
  privateKeyPath?: string;
  hasSecret: boolean;
  /** SFTP only: also offer SHA-1 to an old SSH server (issue 14: off unless the user allows it). */
  allowSha1: boolean;
};

export type DraftErrors = Partial<
  Record<'name' | 'host' | 'port' | 'username' | 'password', string>
>;

/** Whether the platform can be reached over FTPS (SPOTIO, contract §12); the others are SFTP only. */
export function offersFtps(profile: ProfileId): boolean {
  return ftpsProfiles.includes(profile);
}

/** Whether the site may speak SSH (SFTP, or a protocol the probe is still to find): SHA-1 applies. */
export function mayUseSsh(d: Readonly<SiteDraft>): boolean {
  return !offersFtps(d.profile) || d.protocol === 'sftp' || d.probe;
}

/**
 * A fresh draft for a platform, preset from its profile (auth method, a name users know). SPOTIO
 * starts as SPOTIO publishes its address (`ftps://`, port 990), to be confirmed by the probe
 * until the user pastes an address with its protocol or picks one.
 */
export function draftFor(profile: ProfileId): SiteDraft {
  const p = profiles[profile];
  const protocol: SiteProtocol = offersFtps(profile) ? 'ftps' : 'sftp';
  return {
    profile,
    name: p.title,
    host: '',
    port: String(defaultPort(protocol)),
    protocol,
    probe: offersFtps(profile),
    username: '',
    authMethod: p.auth.includes('password') ? 'password' : 'publickey',
    secretMode: 'keychain',
    password: '',
    hasSecret: false,
    allowSha1: false,
  };
}

/** A draft to edit a saved site (the secret stays on the main side). */
export function draftFromSite(site: SiteView): SiteDraft {
  return {
    id: site.id,
    profile: site.profile,
    name: site.name,
    host: site.host,
    port: String(site.port),
    protocol: site.protocol ?? 'sftp',
    probe: site.probe ?? false,
    username: site.username,
    authMethod: site.authMethod,
    secretMode: site.secretMode,
    password: '',
    hasSecret: site.hasSecret,
    allowSha1: site.allowSha1 === true,
    ...(site.privateKeyPath ? { privateKeyPath: site.privateKeyPath } : {}),
  };
}

/** What is wrong with the draft, per field; empty when it can be saved. */
export function checkDraft(d: Readonly<SiteDraft>): DraftErrors {
  const errors: DraftErrors = {};
  if (d.name.trim() === '') errors.name = 'Give the site a name you will recognise.';
  const host = d.host.trim();
  if (host === '') {
    errors.host = 'Enter the server address the platform gave you (e.g. sftp.example.com).';
  } else if (looksLikeAddress(host)) {
    const problem = addressProblem(d.profile, host);
    if (problem) errors.host = problem;
  } else if (/\s/.test(host)) {
    errors.host = 'A host name has no spaces; paste the address the platform gave you.';
  }
  const port = Number(d.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    errors.port = `The port is a number from 1 to 65535 (usually ${defaultPort(d.protocol)}).`;
  }
  if (d.username.trim() === '') errors.username = 'Enter the user name the platform gave you.';
  if (
    d.authMethod === 'password' &&
    d.secretMode === 'keychain' &&
    !d.hasSecret &&
    d.password === ''
  ) {
    errors.password = 'Enter the password, or choose “ask every time”.';
  }
  return errors;
}

/** Why a pasted address cannot be used for this platform, or undefined. */
function addressProblem(profile: ProfileId, text: string): string | undefined {
  const parsed = parseRemoteAddress(text);
  if (!parsed.ok) return parsed.error.message;
  if (parsed.value.protocol !== 'sftp' && !offersFtps(profile)) {
    return `${profiles[profile].platform} is reached over SFTP only; paste its sftp:// address or host name.`;
  }
  return undefined;
}

/**
 * The draft with a pasted address (`ftps://host:990`, `host:port`, …) spread into protocol, host,
 * port (and the user name when it names one and none was typed); unchanged when the Host field
 * holds a plain host name or an address that cannot be used (checkDraft says why).
 */
export function withAddress(d: Readonly<SiteDraft>, text: string = d.host): SiteDraft {
  if (!looksLikeAddress(text) || addressProblem(d.profile, text)) return { ...d, host: text };
  const parsed = parseRemoteAddress(text);
  if (!parsed.ok) return { ...d, host: text };
  const a = parsed.value;
  return {
    ...d,
    host: a.host,
    port: String(a.port),
    protocol: a.protocol,
    // host:port names no protocol: SPOTIO's is found by the probe; the others speak SFTP.
    probe: offersFtps(d.profile) && a.guessed,
    ...(a.username && d.username.trim() === '' ? { username: a.username } : {}),
  };
}

/** The draft with a protocol picked by the user: its usual port unless another was typed. */
export function withProtocol(d: Readonly<SiteDraft>, protocol: SiteProtocol): SiteDraft {
  const usual = (['sftp', 'ftps', 'ftpes'] as const).some(
    (p) => String(defaultPort(p)) === d.port.trim(),
  );
  return {
    ...d,
    protocol,
    probe: false,
    ...(usual || d.port.trim() === '' ? { port: String(defaultPort(protocol)) } : {}),
  };
}

/** The request body for `sites:save`. */
export function toSiteInput(draft: Readonly<SiteDraft>): SiteInput {
  const d = withAddress(draft);
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name.trim(),
    profile: d.profile,
    host: d.host.trim(),
    port: Number(d.port),
    protocol: offersFtps(d.profile) ? d.protocol : 'sftp',
    ...(d.probe && offersFtps(d.profile) ? { probe: true } : {}),
    // SHA-1 is an SSH matter; a site found to speak FTPS by the probe ignores it.
    ...(d.allowSha1 && mayUseSsh(d) ? { allowSha1: true } : {}),
    username: d.username.trim(),
    authMethod: d.authMethod,
    secretMode: d.authMethod === 'publickey' ? 'keychain' : d.secretMode,
    ...(d.privateKeyPath ? { privateKeyPath: d.privateKeyPath } : {}),
  };
}

/** The password to send with `sites:save`, only when the user typed one to keep. */
export function secretToSave(d: Readonly<SiteDraft>): string | undefined {
  return d.authMethod === 'password' && d.secretMode === 'keychain' && d.password !== ''
    ? d.password
    : undefined;
}
