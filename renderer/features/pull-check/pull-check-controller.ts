/**
 * Effects and pure helpers of the Leadbay "Check my server's file" screen: runs `pull:check`
 * (the platform logs in to the customer's own SFTP server and reads one CSV; contract §1, seed
 * 003) with live steps, and builds the hand-over summary — never the password. std.
 */
import type { Bridge } from '../../../core/ipc/bridge.ts';
import type { HostKey } from '../../../core/ipc/contract.ts';
import { describeError } from '../../lib/ipc-errors.ts';
import type { DoctorAction } from '../sites/doctor-steps-reducer.ts';

/** What the user typed. */
export type PullForm = {
  host: string;
  port: string;
  username: string;
  password: string;
  path: string;
};

/** Why the form cannot be sent yet, or null when it can. */
export function pullFormProblem(f: Readonly<PullForm>): string | null {
  if (f.host.trim() === '') return 'Type the host name of your SFTP server.';
  if (/^(ftp|ftps|ftpes):\/\//i.test(f.host.trim())) return sftpOnly;
  const port = Number(f.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'The port is a number 1–65535.';
  if (f.username.trim() === '') return 'Type the user name Leadbay will log in as.';
  if (f.password === '') return 'Type that user’s password (it is only used for this check).';
  if (!f.path.trim().startsWith('/')) {
    return 'The file path starts with / (say /exports/leads.csv).';
  }
  return null;
}

/**
 * Leadbay's connector reads the file over SFTP only (seed 003: "SFTP server address", port 22 by
 * default; no FTP or FTPS), so an FTP or FTPS address is told so rather than dialled as SSH.
 */
export const sftpOnly =
  'Leadbay reads your file over SFTP (SSH) only, not FTP or FTPS: its connector asks for an SFTP server (port 22 by default). Ask your IT team for SFTP access to the file and type that server’s host name here.';

/** What to do when a step fails, in plain words (by step id). */
export const whatToDo: Readonly<Record<string, string>> = {
  reach: 'Check the host and port, and that your firewall lets Leadbay’s servers in.',
  banner:
    'The port must be your SFTP (SSH) server’s, usually 22. Leadbay cannot read from an FTP or FTPS server; if this one speaks FTP, ask your IT team for SFTP access.',
  'host-key': 'Ask your IT team for the server’s SHA256 fingerprint and compare it.',
  login: 'Check the user name and password; the account must be allowed to use SFTP.',
  file: 'Check the path (it is case-sensitive) and that this user can read the file.',
  header: 'Add a company name column (Company, Company Name or Name) to the first row.',
};

/** The details to hand over to Leadbay (the password is given to Leadbay separately). */
export type Handover = {
  host: string;
  port: number;
  username: string;
  path: string;
  hostKey: string;
};

/** The hand-over summary from the form and the pinned host key. */
export function handoverOf(f: Readonly<PullForm>, hostKey: HostKey): Handover {
  return {
    host: f.host.trim(),
    port: Number(f.port),
    username: f.username.trim(),
    path: f.path.trim(),
    hostKey: `${hostKey.type} ${hostKey.fingerprint}`,
  };
}

/** Runs the check, dispatching each pushed step; returns the host key seen (to pin), if any. */
export async function runPullCheck(
  bridge: Bridge,
  dispatch: (a: DoctorAction) => void,
  f: Readonly<PullForm>,
): Promise<HostKey | null> {
  const testId = `pull-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  dispatch({ type: 'doctor/started' });
  const off = bridge.on('doctor:step', (p) => {
    if (p.testId === testId) dispatch({ type: 'doctor/step', step: p.step });
  });
  try {
    const r = await bridge.invoke('pull:check', {
      host: f.host.trim(),
      port: Number(f.port),
      username: f.username.trim(),
      password: f.password,
      path: f.path.trim(),
      testId,
    });
    if (!r.ok) {
      dispatch({ type: 'doctor/error', message: describeError(r.error) });
      return null;
    }
    dispatch({ type: 'doctor/finished', report: r.value.report });
    return r.value.report.ok ? (r.value.report.hostKey ?? null) : null;
  } finally {
    off();
  }
}
