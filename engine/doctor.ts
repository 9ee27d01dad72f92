/**
 * "Test connection" (contract §11, seed 001's troubleshooting table): reach the server, hear its
 * SSH greeting, check its host key, log in, find the profile's folders, and prove a file can be
 * written to the drop folder (a hidden probe, removed afterwards). Each step reports in plain
 * words what happened and what to do. FTPS (contract §12) has its own steps: reach, FTP greeting,
 * TLS handshake and certificate, log in, folders, a passive data connection, permission to
 * upload. node.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { foldersOf, getProfile, type Profile } from '../core/profiles/profiles.ts';
import { type HostKey, type TrustDecision, type SecretAuth } from './transport/sftp/connect.ts';
import { connectFtpsWithSteps, connectWithSteps } from './transport/connect-steps.ts';
import type { FtpsSession } from './transport/ftps/connect.ts';
import type {
  CertificateIdentity,
  ConnectError,
  FtpsProblem,
  IdentityTrust,
  RemoteSession,
  TransportProtocol,
} from './transport/port.ts';
import { errorText, type EngineError } from './result.ts';
import type { Site } from './sites.ts';
import { createStepRecorder, type CheckReport, type CheckStep } from './check-steps.ts';

export type DoctorStepId =
  | 'reach'
  | 'banner'
  | 'host-key'
  | 'login'
  | 'folders'
  /** FTPS only: a passive, protected data connection (listing the drop folder). */
  | 'data'
  | 'write';
export type DoctorStep = CheckStep<DoctorStepId>;
export type DoctorReport = CheckReport<DoctorStepId> & {
  /** The key the server showed (whatever the outcome), to pin or compare. */
  hostKey?: HostKey;
  hostKeyTrust?: IdentityTrust;
};

/** A finished check with the server's identity, when one was seen. */
function withIdentity(
  report: CheckReport<DoctorStepId>,
  hostKey?: HostKey,
  trust?: IdentityTrust,
): DoctorReport {
  return { ...report, ...(hostKey ? { hostKey } : {}), ...(trust ? { hostKeyTrust: trust } : {}) };
}

export const doctorLabels: Record<DoctorStepId, string> = {
  reach: 'Reach the server',
  banner: 'SSH greeting',
  'host-key': "Server's identity (host key)",
  login: 'Log in',
  folders: "The platform's folders",
  data: 'A passive data connection',
  write: 'Permission to upload',
};

/** The same steps in FTPS words. */
export const ftpsDoctorLabels: Record<DoctorStepId, string> = {
  ...doctorLabels,
  banner: 'FTP greeting',
  'host-key': 'TLS handshake and certificate',
};

const order: DoctorStepId[] = ['reach', 'banner', 'host-key', 'login', 'folders', 'write'];
const ftpsOrder: DoctorStepId[] = [
  'reach',
  'banner',
  'host-key',
  'login',
  'folders',
  'data',
  'write',
];

export type DoctorOptions = {
  site: Site;
  /** How to reach the site; default the site's own `protocol` if it has one, else 'sftp'. */
  protocol?: TransportProtocol;
  /** The password; or for key sites the key's passphrase (the key is read from site.privateKeyPath); or explicit auth. */
  secret: string | SecretAuth;
  knownHost?: { fingerprint: string } | readonly { fingerprint: string }[];
  /** FTPS passes a CertificateIdentity (subject, issuer, validity, why not trusted). */
  onUnknownHostKey?: (key: HostKey | CertificateIdentity) => Promise<TrustDecision>;
  onStep?: (step: DoctorStep) => void;
  connectTimeoutMs?: number;
  readyTimeoutMs?: number;
};

/** Runs every check in order; stops at the first failure (later steps are 'skipped'). */
export async function runDoctor(o: DoctorOptions): Promise<DoctorReport> {
  const protocol = o.protocol ?? o.site.protocol ?? 'sftp';
  const ftps = protocol !== 'sftp';
  const recorder = createStepRecorder(
    ftps ? ftpsOrder : order,
    ftps ? ftpsDoctorLabels : doctorLabels,
    o.onStep,
  );
  const steps: Steps = {
    push: recorder.push,
    finish: (error, hostKey, trust) => withIdentity(recorder.finish(error), hostKey, trust),
  };
  const profile = getProfile(o.site.profile);
  if (!profile) {
    steps.push({
      id: 'reach',
      status: 'failed',
      message: `The site's platform profile "${o.site.profile}" is unknown.`,
      hint: 'Edit the site and pick its platform again.',
    });
    return steps.finish({ code: 'bad-input', message: 'Unknown profile.' });
  }
  return protocol === 'sftp'
    ? runSftpDoctor(o, profile, steps)
    : runFtpsDoctor(o, protocol, profile, steps);
}

/** A doctor run's steps: record one, or finish with the first failure and the server's identity. */
type Steps = {
  push: (step: Omit<DoctorStep, 'label'>) => void;
  finish: (error?: EngineError, hostKey?: HostKey, trust?: IdentityTrust) => DoctorReport;
};

/** SFTP: the doctor's steps over SSH (contract §11). */
async function runSftpDoctor(
  o: DoctorOptions,
  profile: Profile,
  steps: Steps,
): Promise<DoctorReport> {
  const { push, finish: finishSkipped } = steps;
  const auth = await resolveAuth(o);
  if ('error' in auth) {
    push({ id: 'reach', status: 'skipped', message: 'Not checked: the key could not be read.' });
    push({
      id: 'login',
      status: 'failed',
      message: auth.error.message,
      hint: 'Check the private key file in the site settings.',
    });
    return finishSkipped(auth.error);
  }
  const conn = await connectWithSteps(
    {
      host: o.site.host,
      port: o.site.port,
      username: o.site.username,
      auth: auth.value,
      ...(o.knownHost ? { knownHost: o.knownHost } : {}),
      ...(o.onUnknownHostKey ? { onUnknownHostKey: o.onUnknownHostKey } : {}),
      ...(o.site.root ? { root: o.site.root } : {}),
      ...(o.site.allowSha1 ? { allowSha1: true } : {}),
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
      readyTimeoutMs: o.readyTimeoutMs ?? 20_000,
    },
    push,
    hintFor,
  );
  if (!conn.ok) {
    const e = conn.error;
    const { stage: _s, hostKey, ...error } = e;
    return finishSkipped(error, hostKey);
  }
  const session = conn.value;
  try {
    push({
      id: 'host-key',
      status: 'ok',
      message:
        session.hostKeyTrust === 'known'
          ? `The server is the one you trusted (${session.hostKey.fingerprint}).`
          : `You accepted the server's key ${session.hostKey.type} ${session.hostKey.fingerprint}.`,
    });
    push({ id: 'login', status: 'ok', message: `Logged in as ${o.site.username}.` });
    const folders = await checkFolders(session, profile);
    push(folders.step);
    if (folders.error) return finishSkipped(folders.error, session.hostKey, session.hostKeyTrust);
    const write = await checkWrite(session, profile);
    push(write.step);
    return finishSkipped(write.error, session.hostKey, session.hostKeyTrust);
  } finally {
    await session.close();
  }
}

function hintFor(e: EngineError): string | undefined {
  switch (e.code) {
    case 'refused':
      return 'Check the port number and your firewall settings (seed: "Connection refused — ensure the port is open").';
    case 'timeout':
      return 'Check the host name and port, and whether a firewall or VPN is in the way.';
    case 'dns':
      return 'Check the spelling of the host name.';
    case 'auth-failed':
      return "Check the user name and password; credentials may have expired, so fetch them again from the platform's settings page.";
    case 'host-key-changed':
      return 'Do not continue until the platform confirms the new key. If they confirm it, forget the old key under Settings → Known servers (that also clears it from your sites) and test the connection again.';
    case 'host-key-rejected':
      return 'Compare the fingerprint with the one the platform publishes, then accept it.';
    case 'permission-denied':
      return "Confirm you're using the correct credentials for this destination.";
    default:
      return undefined;
  }
}

async function checkFolders(
  session: RemoteSession,
  profile: Profile,
): Promise<{ step: Omit<DoctorStep, 'label'>; error?: EngineError }> {
  const wanted = foldersOf(profile);
  const dirs = wanted.length > 0 ? wanted : ['/'];
  const missing: string[] = [];
  for (const dir of dirs) {
    const st = await session.stat(dir);
    if (st.ok && st.value.isDirectory) continue;
    if (!st.ok && st.error.code === 'permission-denied') {
      const message = `Permission denied reading ${dir}. This account may belong to another workspace or space.`;
      return {
        step: {
          id: 'folders',
          status: 'failed',
          message,
          hint: "Confirm you're using the correct credentials for this destination.",
        },
        error: { code: 'permission-denied', message },
      };
    }
    if (!st.ok && st.error.code !== 'not-found') {
      return {
        step: { id: 'folders', status: 'failed', message: st.error.message },
        error: st.error,
      };
    }
    missing.push(dir);
  }
  if (missing.length > 0) {
    const message = `Folder${missing.length > 1 ? 's' : ''} missing on the server: ${missing.join(', ')}. This account does not look like a ${profile.title} workspace.`;
    return {
      step: {
        id: 'folders',
        status: 'failed',
        message,
        hint: `Check the site's platform profile, or ask ${profile.platform} to enable SFTP import for this account.`,
      },
      error: { code: 'folder-missing', message },
    };
  }
  return { step: { id: 'folders', status: 'ok', message: `Found ${dirs.join(', ')}.` } };
}

async function checkWrite(
  session: RemoteSession,
  profile: Profile,
): Promise<{ step: Omit<DoctorStep, 'label'>; error?: EngineError }> {
  const drop = profile.drops[0];
  if (!drop) {
    return {
      step: {
        id: 'write',
        status: 'skipped',
        message: `${profile.platform} fetches files itself; nothing is uploaded.`,
      },
    };
  }
  // Hidden and ending in .part: the platform never processes it (contract §4).
  const probe = posix.join(drop.newDir, `.sia-write-check-${randomBytes(4).toString('hex')}.part`);
  const wrote = await session.writeSmall(probe, 'sftp-import-assistant write check\n');
  const written: EngineError | undefined = wrote.ok
    ? undefined
    : wrote.error.code === 'permission-denied'
      ? {
          code: 'permission-denied',
          message: `Permission denied: this account may not upload into ${drop.newDir}.`,
        }
      : wrote.error.code === 'interrupted'
        ? { ...wrote.error, message: 'The connection was lost during the write check.' }
        : {
            code: 'remote-error',
            message: `Could not write a test file into ${drop.newDir}: ${wrote.error.message}.`,
          };
  if (written) {
    return {
      step: { id: 'write', status: 'failed', message: written.message, hint: hintFor(written) },
      error: written,
    };
  }
  const removed = await session.remove(probe);
  const note = removed.ok
    ? ''
    : ' (the test file could not be removed; it is hidden and never processed)';
  return {
    step: {
      id: 'write',
      status: 'ok',
      message: `A test file was written into ${drop.newDir} and removed${note}.`,
    },
  };
}

async function resolveAuth(
  o: DoctorOptions,
): Promise<{ value: SecretAuth } | { error: EngineError }> {
  if (typeof o.secret !== 'string') return { value: o.secret };
  if (o.site.authMethod === 'password') return { value: { password: o.secret } };
  if (!o.site.privateKeyPath) {
    return {
      error: {
        code: 'bad-input',
        message: 'This site logs in with a key, but no key file is set.',
      },
    };
  }
  try {
    const privateKey = await readFile(o.site.privateKeyPath);
    return { value: { privateKey, ...(o.secret ? { passphrase: o.secret } : {}) } };
  } catch (e) {
    return {
      error: {
        code: 'not-found',
        message: `The key file ${o.site.privateKeyPath} could not be read.`,
        detail: errorText(e),
      },
    };
  }
}

/** FTPS: the doctor's steps over FTP with TLS (contract §12). */
async function runFtpsDoctor(
  o: DoctorOptions,
  protocol: 'ftps' | 'ftpes',
  profile: Profile,
  steps: Steps,
): Promise<DoctorReport> {
  const { push, finish } = steps;
  if (typeof o.secret !== 'string' && !('password' in o.secret)) {
    push({ id: 'reach', status: 'skipped', message: 'Not checked: FTPS needs a password.' });
    const error: EngineError = {
      code: 'bad-input',
      message: 'FTPS logs in with a user name and password; a key file works only with SFTP.',
    };
    push({
      id: 'login',
      status: 'failed',
      message: error.message,
      hint: 'Choose password login for this site.',
    });
    return finish(error);
  }
  const password = typeof o.secret === 'string' ? o.secret : o.secret.password;
  const conn = await connectFtpsWithSteps(
    {
      protocol,
      host: o.site.host,
      port: o.site.port,
      username: o.site.username,
      password,
      ...(o.knownHost ? { knownHost: o.knownHost } : {}),
      ...(o.onUnknownHostKey ? { onUnknownHostKey: o.onUnknownHostKey } : {}),
      ...(o.site.root ? { root: o.site.root } : {}),
      connectTimeoutMs: o.connectTimeoutMs ?? 10_000,
      ...(o.readyTimeoutMs ? { replyTimeoutMs: Math.min(o.readyTimeoutMs, 8000) } : {}),
    },
    push,
    ftpsHintFor,
  );
  if (!conn.ok) {
    const { stage: _s, hostKey, ftpsProblem: _p, ...error } = conn.error;
    return finish(error, hostKey);
  }
  const session: FtpsSession = conn.value;
  try {
    const id = session.hostKey;
    push({
      id: 'host-key',
      status: 'ok',
      message:
        `${session.tlsProtocol}; ` +
        (session.hostKeyTrust === 'ca'
          ? `the certificate for ${o.site.host} is vouched for by a certificate authority (${id.issuer}).`
          : session.hostKeyTrust === 'known'
            ? `the certificate is the one you trusted (${id.fingerprint}).`
            : `you accepted the certificate ${id.fingerprint} (${id.subject}).`),
    });
    push({ id: 'login', status: 'ok', message: `Logged in as ${o.site.username}.` });
    const folders = await checkFolders(session, profile);
    push(folders.step);
    if (folders.error) return finish(folders.error, id, session.hostKeyTrust);
    const data = await checkData(session, profile);
    push(data.step);
    if (data.error) return finish(data.error, id, session.hostKeyTrust);
    const write = await checkWrite(session, profile);
    push(write.step);
    return finish(write.error, id, session.hostKeyTrust);
  } finally {
    await session.close();
  }
}

/** A passive, protected data connection: list the drop folder (or the root). */
async function checkData(
  session: FtpsSession,
  profile: Profile,
): Promise<{ step: Omit<DoctorStep, 'label'>; error?: EngineError }> {
  const dir = profile.drops[0]?.newDir ?? foldersOf(profile)[0] ?? '/';
  const listed = await session.list(dir);
  if (listed.ok) {
    const { opened, resumed } = session.dataConnections;
    return {
      step: {
        id: 'data',
        status: 'ok',
        message: `Listed ${dir} over a protected passive data connection${opened > 0 && resumed === opened ? ' (TLS session resumed, as strict servers require)' : ''}.`,
      },
    };
  }
  const problem = (listed.error as { ftpsProblem?: FtpsProblem }).ftpsProblem;
  const error: EngineError = listed.error;
  const hint = ftpsHintFor({
    ...error,
    stage: 'ready',
    ...(problem ? { ftpsProblem: problem } : {}),
  });
  return {
    step: {
      id: 'data',
      status: 'failed',
      message: error.message,
      code: error.code,
      ...(hint ? { hint } : {}),
    },
    error,
  };
}

function ftpsHintFor(e: ConnectError): string | undefined {
  switch (e.ftpsProblem) {
    case 'no-tls':
      return 'This server does not offer encryption here, and this app never sends a password without it. If you used ftps:// (implicit TLS, port 990), try ftpes:// (explicit TLS, usually port 21); otherwise ask the platform for its FTPS or SFTP address.';
    case 'tls-handshake':
      return 'Check the address: implicit FTPS (ftps://) is usually port 990, explicit FTPS (ftpes://) port 21. The server must offer TLS 1.2 or newer.';
    case 'session-reuse':
      return 'The server requires data connections to resume the TLS session and refused this one. Try again; if it persists, tell the platform (their server may be misconfigured) or use SFTP.';
    case 'passive-blocked':
      return "A firewall (yours or the platform's) blocks the server's passive data ports. Allow outgoing connections to the server on its passive port range, or try another network.";
    case 'prot-refused':
      return 'The server would send files unencrypted; ask the platform to allow protected (PROT P) data connections.';
    case undefined:
      break;
  }
  if (e.code === 'host-key-changed') {
    return 'Do not continue until the platform confirms the new certificate. If they confirm it, forget the old certificate under Settings → Known servers (that also clears it from your sites) and test the connection again.';
  }
  if (e.code === 'host-key-rejected') {
    return 'Compare the certificate fingerprint with the one the platform publishes, then accept it.';
  }
  if (e.code === 'refused') {
    return 'Check the port (ftps:// is usually 990, ftpes:// 21) and your firewall settings.';
  }
  return hintFor(e);
}
