/**
 * Handlers for sites, secrets, host keys and key pairs: save a site (its secret to the OS
 * keychain only, contract §11), "Test connection" through the engine's doctor with each step
 * pushed as it happens, the trusted-host list, host-key answers and RSA key generation.
 * No response carries a secret. node.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runDoctor } from '../engine/doctor.ts';
import { defaultPort } from '../engine/transport/dial.ts';
import { probeServer } from '../engine/transport/probe.ts';
import { keyPassphraseAccount, randomKeyPassphrase } from '../engine/key-passphrase.ts';
import { checkPublicKeyForProfile, generateRsaKeyPair } from '../engine/transport/sftp/keys.ts';
import { accountFor } from '../engine/secret-store.ts';
import type { Site } from '../engine/sites.ts';
import {
  ftpsProfiles,
  type DoctorReport,
  type DoctorStep,
  type SiteProtocol,
  type InvokeHandlers,
  type InvokeResponse,
  type ParsedRequest,
} from '../core/ipc/contract.ts';
import { fail, ok, toIpcError, type IpcResult } from '../core/ipc/result.ts';
import { getProfile, profiles } from '../core/profiles/profiles.ts';
import type { HostDeps } from './host-deps.ts';
import type { HostKeyPrompts } from './host-key-prompts.ts';
import { forgetKnownServer, listKnownServers } from './known-servers.ts';
import {
  hostKeyAsker,
  keysDir,
  pinsFor,
  siteSecret,
  tellIdentityChanged,
  toSiteView,
} from './site-access.ts';

type SiteChannels =
  | 'sites:list'
  | 'sites:save'
  | 'sites:remove'
  | 'sites:test'
  | 'secrets:status'
  | 'hostkeys:list'
  | 'hostkeys:forget'
  | 'hostkey:answer'
  | 'keys:generate'
  | 'keys:pick-file';

/** The site-related part of the handler map. */
export function createSiteHandlers(
  deps: HostDeps,
  prompts: HostKeyPrompts,
): Pick<InvokeHandlers, SiteChannels> {
  return {
    'sites:list': async () =>
      ok({ sites: await Promise.all(deps.sites.list().map((s) => toSiteView(deps, s))) }),
    'sites:save': (request) => saveSite(deps, request),
    'sites:remove': async ({ siteId }) => {
      const site = deps.sites.get(siteId);
      if (!site) {
        return fail('not-found', 'That site does not exist (it may have been removed already).');
      }
      const removed = deps.sites.remove(siteId);
      if (!removed.ok) return { ok: false, error: toIpcError(removed.error) };
      // Keep the keychain entry while another site logs in with the same account.
      if (!deps.sites.list().some((s) => accountFor(s) === accountFor(site))) {
        await deps.secrets.delete(accountFor(site));
      }
      return ok({});
    },
    'sites:test': (request) => testSite(deps, prompts, request),
    'secrets:status': async () => {
      const s = await deps.secrets.status();
      return ok(s.reason === undefined ? { available: s.available, backend: s.backend } : s);
    },
    'hostkeys:list': () => Promise.resolve(ok({ hosts: listKnownServers(deps) })),
    'hostkeys:forget': ({ host, port }) => Promise.resolve(forgetKnownServer(deps, host, port)),
    'hostkey:answer': ({ promptId, decision }) =>
      Promise.resolve(
        prompts.answer(promptId, decision)
          ? ok({})
          : fail(
              'not-found',
              'That question about the server key has already closed (answered or timed out). Test the connection again.',
            ),
      ),
    'keys:generate': (request) => generateKey(deps, request),
    'keys:pick-file': async () =>
      deps.pickKeyFile
        ? ok({ path: await deps.pickKeyFile() })
        : fail(
            'unavailable',
            'This window cannot open a file picker for keys; type the path of the key file.',
          ),
  };
}

async function saveSite(
  deps: HostDeps,
  request: ParsedRequest<'sites:save'>,
): Promise<IpcResult<InvokeResponse<'sites:save'>>> {
  const { site: input, secret } = request;
  const previous = input.id === undefined ? undefined : deps.sites.get(input.id);
  if (input.id !== undefined && !previous) {
    return fail('not-found', 'That site does not exist any more; add it again.');
  }
  const profile = getProfile(input.profile);
  if (profile && !profile.auth.includes(input.authMethod)) {
    return fail(
      'bad-request',
      `${profile.platform} logs in with ${profile.auth.join(' or ')} only; change the sign-in method.`,
    );
  }
  const wrongProtocol = protocolProblem(input);
  if (wrongProtocol) return fail('bad-request', wrongProtocol);
  // Fields the page does not edit (a plain server's root folder, the key saved with the site
  // while it points at the same server) survive an update: an edit must not drop a pin silently;
  // Settings → Known servers is where a key is forgotten.
  const next: Site = {
    ...(previous?.root ? { root: previous.root } : {}),
    ...(previous?.hostKey && sameServer(previous, input) ? { hostKey: previous.hostKey } : {}),
    ...input,
    id: input.id ?? randomUUID(),
  };
  // The secret goes to the keychain before the site is written: when the keychain cannot take
  // it, nothing is saved (issue 13) — no half-saved site that the next Save would add again — and
  // the page keeps the whole form, to try again or to choose "ask every time" for the same site.
  const stored = await storeSecret(deps, previous, next, secret);
  if (!stored.ok) return stored;
  const saved = deps.sites.save(next);
  if (!saved.ok) {
    await stored.value.undo();
    return { ok: false, error: toIpcError(saved.error) };
  }
  const site = saved.value;
  await dropOldSecret(deps, previous, site);
  return ok({ site: await toSiteView(deps, site) });
}

/** Whether an edited site still points at the server its saved key belongs to. */
function sameServer(previous: Site, input: ParsedRequest<'sites:save'>['site']): boolean {
  return (
    previous.host.toLowerCase() === input.host.toLowerCase() &&
    previous.port === input.port &&
    (previous.protocol ?? 'sftp') === (input.protocol ?? 'sftp')
  );
}

/** Why the site's protocol cannot be used (contract §12: FTPS is SPOTIO's, with a password), or undefined. */
function protocolProblem(input: ParsedRequest<'sites:save'>['site']): string | undefined {
  if ((input.protocol ?? 'sftp') === 'sftp') return undefined;
  if (!ftpsProfiles.includes(input.profile)) {
    const platform = getProfile(input.profile)?.platform ?? 'This platform';
    return `${platform} is reached over SFTP only; choose SFTP for this site.`;
  }
  if (input.authMethod !== 'password') {
    return 'FTPS logs in with a user name and password; choose password login, or SFTP for a key.';
  }
  return undefined;
}

/**
 * Stores the secret a site about to be saved logs in with: the one typed, else (its account
 * changed) the one the old account kept. `undo` takes it out again when the site then cannot be
 * written, unless a saved site logs in with that account.
 */
async function storeSecret(
  deps: HostDeps,
  previous: Site | undefined,
  site: Site,
  secret: string | undefined,
): Promise<IpcResult<{ undo: () => Promise<void> }>> {
  const nothing = ok({ undo: () => Promise.resolve() });
  if (site.secretMode === 'ask') return nothing;
  const account = accountFor(site);
  const oldAccount = previous ? accountFor(previous) : undefined;
  const value =
    secret ?? (oldAccount !== account ? await storedSecret(deps, oldAccount) : undefined);
  if (value === undefined) return nothing;
  const stored = await deps.secrets.set(account, value);
  if (!stored.ok) {
    return fail(
      'keychain-unavailable',
      `The site is not saved yet: ${lowerFirst(stored.error.message)}`,
      stored.error.detail,
    );
  }
  return ok({
    undo: async () => {
      if (deps.sites.list().some((s) => accountFor(s) === account)) return;
      await deps.secrets.delete(account);
    },
  });
}

/**
 * After a site is saved: the secret of the account it logged in with before is dropped — once
 * no other site logs in with it — when the account changed or the site now asks every time.
 */
async function dropOldSecret(
  deps: HostDeps,
  previous: Site | undefined,
  site: Site,
): Promise<void> {
  if (!previous || previous.secretMode !== 'keychain') return;
  const oldAccount = accountFor(previous);
  if (oldAccount === accountFor(site) && site.secretMode === 'keychain') return;
  if (deps.sites.list().some((s) => s.id !== site.id && accountFor(s) === oldAccount)) return;
  await deps.secrets.delete(oldAccount);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

async function storedSecret(
  deps: HostDeps,
  account: string | undefined,
): Promise<string | undefined> {
  if (account === undefined) return undefined;
  const got = await deps.secrets.get(account);
  return got.ok && got.value !== null ? got.value : undefined;
}

async function testSite(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  request: ParsedRequest<'sites:test'>,
): Promise<IpcResult<InvokeResponse<'sites:test'>>> {
  const found = deps.sites.get(request.siteId);
  if (!found) return fail('not-found', 'That site does not exist (it may have been removed).');
  const secret = await siteSecret(deps, found, request.secret);
  if (!secret.ok) return secret;
  if (found.authMethod === 'password' && !secret.value) {
    return fail(
      'secret-required',
      `Enter the password for ${found.username} on ${found.host} to test the connection.`,
    );
  }
  const emitStep = (step: DoctorStep): void =>
    deps.emit('doctor:step', {
      siteId: found.id,
      ...(request.testId ? { testId: request.testId } : {}),
      step,
    });
  const start = found.probe
    ? await probeSite(deps, found, emitStep)
    : ok({ site: found, found: undefined });
  if (!start.ok) return start;
  if ('report' in start.value) return ok({ report: start.value.report });
  const { site, found: protocolFound } = start.value;
  const report = await runDoctor({
    site,
    secret: secret.value ?? '',
    knownHost: pinsFor(deps, site),
    onUnknownHostKey: hostKeyAsker(deps, prompts, site.host, site.port),
    onStep: emitStep,
    ...(deps.connectTimeoutMs ? { connectTimeoutMs: deps.connectTimeoutMs } : {}),
    ...(deps.readyTimeoutMs ? { readyTimeoutMs: deps.readyTimeoutMs } : {}),
  });
  if (report.error) {
    // The doctor keeps the identity it was shown (an FTPS one with the certificate's details).
    tellIdentityChanged(deps, prompts, site, { code: report.error.code, hostKey: report.hostKey });
  }
  return ok({
    report: {
      ok: report.ok,
      steps: protocolFound ? [protocolFound, ...report.steps] : report.steps,
      ...(report.hostKey ? { hostKey: report.hostKey } : {}),
    },
    ...(found.probe ? { site: await toSiteView(deps, site) } : {}),
  });
}

const protocolStep = { id: 'protocol', label: 'Which protocol the server speaks' } as const;

/**
 * A site saved from a bare host (issue 11): finds which protocol the server speaks — for SPOTIO
 * FTPS with implicit TLS, then explicit, then SFTP; SFTP only elsewhere — each on its usual port,
 * or all on the port the user typed, and saves the one that answered. A report when none did.
 */
async function probeSite(
  deps: HostDeps,
  site: Site,
  emitStep: (step: DoctorStep) => void,
): Promise<IpcResult<{ site: Site; found: DoctorStep | undefined } | { report: DoctorReport }>> {
  emitStep({ ...protocolStep, status: 'running', message: `Asking ${site.host}…` });
  const order: SiteProtocol[] = ftpsProfiles.includes(site.profile)
    ? ['ftps', 'ftpes', 'sftp']
    : ['sftp'];
  const usual = order.some((p) => defaultPort(p) === site.port);
  const found = await probeServer({
    host: site.host,
    candidates: order.map((protocol) => ({
      protocol,
      port: usual ? defaultPort(protocol) : site.port,
    })),
    timeoutMs: Math.min(deps.connectTimeoutMs ?? 4000, 4000),
  });
  if (!found.ok) {
    const step: DoctorStep = {
      ...protocolStep,
      status: 'failed',
      code: found.error.code,
      message: found.error.message,
      hint: 'Check the host name, or type the address with its protocol as the platform shows it (e.g. ftps://host).',
    };
    emitStep(step);
    return ok({ report: { ok: false, steps: [step] } });
  }
  const { probe: _probe, ...rest } = site;
  const saved = deps.sites.save({
    ...rest,
    protocol: found.value.protocol,
    port: found.value.port,
  });
  if (!saved.ok) return { ok: false, error: toIpcError(saved.error) };
  const step: DoctorStep = {
    ...protocolStep,
    status: 'ok',
    message: `${found.value.words} The site now uses it.`,
  };
  emitStep(step);
  return ok({ site: saved.value, found: step });
}

/**
 * A new RSA-2048 key pair in `<data>/keys/`: the private key encrypted with a passphrase (the
 * caller's, else a random one nobody types), which goes to the OS keychain under the key file's
 * account (engine/key-passphrase.ts, shared with the CLI) before any file is written. Without
 * a keychain no key is made: a key that nothing can unlock would be useless, and a plain one is
 * not kept (contract §11).
 */
async function generateKey(
  deps: HostDeps,
  request: ParsedRequest<'keys:generate'>,
): Promise<IpcResult<InvokeResponse<'keys:generate'>>> {
  const site = request.siteId === undefined ? undefined : deps.sites.get(request.siteId);
  if (request.siteId !== undefined && !site) {
    return fail('not-found', 'That site does not exist (it may have been removed).');
  }
  const keyId = `id_rsa_${randomUUID().slice(0, 8)}`;
  const passphrase = request.passphrase ?? randomKeyPassphrase();
  const pair = generateRsaKeyPair({
    comment: request.comment ?? 'sftp-import-assistant',
    passphrase,
  });
  const dir = keysDir(deps.dataDir);
  const privateKeyPath = join(dir, keyId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const account = keyPassphraseAccount(join(await realpath(dir), keyId));
  const stored = await deps.secrets.set(account, passphrase);
  if (!stored.ok) {
    return fail(
      'keychain-unavailable',
      'No key was made: its passphrase is kept only in the OS keychain, which is not available. Start or unlock the keychain and try again, or choose a key file of your own and enter its passphrase when you connect.',
      stored.error.detail ?? stored.error.message,
    );
  }
  const written = await writeKeyFiles(privateKeyPath, pair);
  if (!written.ok) {
    await deps.secrets.delete(account);
    return written;
  }
  if (site) {
    const saved = deps.sites.save({ ...site, authMethod: 'publickey', privateKeyPath });
    if (!saved.ok) return { ok: false, error: toIpcError(saved.error) };
  }
  const check = checkPublicKeyForProfile(
    pair.publicKey,
    getProfile(site?.profile ?? 'contact-lists') ?? profiles['contact-lists'],
  );
  return ok({
    keyId,
    publicKey: pair.publicKey,
    privateKeyPath,
    accepted: check.ok,
    ...(check.ok ? {} : { reason: check.reason }),
  });
}

/** The private key (0600) and its `.pub` beside it; a half-made pair is removed. */
async function writeKeyFiles(
  privateKeyPath: string,
  pair: { privateKey: string; publicKey: string },
): Promise<IpcResult<null>> {
  let wrotePrivate = false;
  try {
    await writeFile(privateKeyPath, pair.privateKey, { mode: 0o600, flag: 'wx' });
    wrotePrivate = true;
    await writeFile(`${privateKeyPath}.pub`, `${pair.publicKey}\n`, { mode: 0o644, flag: 'wx' });
    return ok(null);
  } catch (e) {
    if (wrotePrivate) await rm(privateKeyPath, { force: true });
    return fail(
      'internal',
      `The key could not be written to ${dirname(privateKeyPath)}; check that the folder is writable.`,
      e instanceof Error ? e.message : String(e),
    );
  }
}
