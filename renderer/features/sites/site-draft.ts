/**
 * The "add / edit a site" form as data: a draft per platform preset, field checks in plain words,
 * and the `SiteInput` it becomes. Pure. std.
 */
import type { ProfileId, SiteInput, SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';

export type SiteDraft = {
  id?: string;
  profile: ProfileId;
  name: string;
  host: string;
  port: string;
  username: string;
  authMethod: 'password' | 'publickey';
  secretMode: 'keychain' | 'ask';
  /** Typed now; never read back from the main side. */
  password: string;
  privateKeyPath?: string;
  hasSecret: boolean;
};

export type DraftErrors = Partial<
  Record<'name' | 'host' | 'port' | 'username' | 'password', string>
>;

/** A fresh draft for a platform, preset from its profile (auth method, a name users know). */
export function draftFor(profile: ProfileId): SiteDraft {
  const p = profiles[profile];
  return {
    profile,
    name: p.title,
    host: '',
    port: '22',
    username: '',
    authMethod: p.auth.includes('password') ? 'password' : 'publickey',
    secretMode: 'keychain',
    password: '',
    hasSecret: false,
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
    username: site.username,
    authMethod: site.authMethod,
    secretMode: site.secretMode,
    password: '',
    hasSecret: site.hasSecret,
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
  } else if (/[\s/]|:\/\//.test(host)) {
    errors.host = 'Enter only the host name, without “sftp://” or a path.';
  }
  const port = Number(d.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    errors.port = 'The port is a number from 1 to 65535 (usually 22).';
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

/** The request body for `sites:save`. */
export function toSiteInput(d: Readonly<SiteDraft>): SiteInput {
  return {
    ...(d.id ? { id: d.id } : {}),
    name: d.name.trim(),
    profile: d.profile,
    host: d.host.trim(),
    port: Number(d.port),
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
