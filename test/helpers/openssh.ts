/**
 * Real OpenSSH peers for tests and benchmarks: a private `sshd` on 127.0.0.1 (its own config,
 * host key and user) and OpenSSH's `sftp` client in batch mode. node, tests only.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The local account tests log in to sshd as (created once; needs root, as in CI). */
export const sshdTestUser = 'siatest';

export type RunningSshd = {
  host: string;
  port: number;
  /** `SHA256:<base64>` of the server's ed25519 host key. */
  hostKeyFingerprint: string;
  /** The host key in OpenSSH public-key format (`ssh-ed25519 AAAA...`). */
  hostPublicKey: string;
  user: { name: string; password: string; privateKeyPath: string; publicKey: string; home: string };
  /** A directory the user owns, for files the tests put there. */
  dir: string;
  close(): Promise<void>;
};

/** Whether this machine can run the private sshd (binary present, running as root). */
export function canRunSshd(): { ok: true } | { ok: false; why: string } {
  if (!existsSync('/usr/sbin/sshd')) {
    return { ok: false, why: 'sshd is not installed (apt-get install openssh-server)' };
  }
  if (process.getuid?.() !== 0) {
    return { ok: false, why: 'the private sshd test user needs root to create' };
  }
  return { ok: true };
}

/**
 * Starts a private sshd on 127.0.0.1 at a free port, with password and public-key auth.
 * `hostKeyType` (default ed25519) and `extraConfig` lines (e.g. `MACs hmac-sha1`) shape the
 * server for algorithm tests.
 */
export async function startSshd(
  opts: { hostKeyType?: 'ed25519' | 'rsa'; extraConfig?: readonly string[] } = {},
): Promise<RunningSshd> {
  const dir = await mkdtemp(join(tmpdir(), 'sia-sshd-'));
  await chmod(dir, 0o755);
  const password = await ensureUser();
  const hostKeyType = opts.hostKeyType ?? 'ed25519';
  const hostKey = join(dir, `host_${hostKeyType}`);
  await run('ssh-keygen', ['-q', '-t', hostKeyType, '-N', '', '-f', hostKey]);
  const clientKey = join(dir, 'client_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  const userDir = join(dir, 'files');
  await mkdir(userDir);
  await run('chown', [sshdTestUser, userDir]);
  const authKeys = join(dir, 'authorized_keys');
  const publicKey = (await readFile(`${clientKey}.pub`, 'utf8')).trim();
  await writeFile(authKeys, publicKey + '\n', { mode: 0o644 });
  await mkdir('/run/sshd', { recursive: true });
  const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim();
  const hostKeyFingerprint = fingerprintOfOpenSshKey(hostPublicKey);

  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    await writeFile(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'UsePAM no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        `AuthorizedKeysFile ${authKeys}`,
        'StrictModes no',
        `AllowUsers ${sshdTestUser}`,
        'Subsystem sftp internal-sftp',
        'LogLevel ERROR',
        'MaxStartups 50',
        'MaxSessions 50',
        ...(opts.extraConfig ?? []),
        '',
      ].join('\n'),
    );
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    if (await waitForPort(port, child)) {
      return {
        host: '127.0.0.1',
        port,
        hostKeyFingerprint,
        hostPublicKey,
        user: {
          name: sshdTestUser,
          password,
          privateKeyPath: clientKey,
          publicKey,
          home: userDir,
        },
        dir: userDir,
        close: async () => {
          await stop(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    await stop(child);
    if (attempt === 4) throw new Error(`sshd did not start: ${stderr}`);
  }
  throw new Error('unreachable');
}

/** `SHA256:<base64 without padding>` of an OpenSSH public key line, as `ssh-keygen -l` prints. */
export function fingerprintOfOpenSshKey(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64');
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export type SftpBatchOptions = {
  host: string;
  port: number;
  user: string;
  password?: string;
  identityFile?: string;
  /** The identity file's passphrase (typed at sftp's prompt through sshpass). */
  passphrase?: string;
  /** sftp batch commands, one per entry (`put a.csv /New/a.csv`, `ls -l /`). */
  commands: string[];
  cwd?: string;
  timeoutMs?: number;
};

/** Runs OpenSSH's `sftp -b` with the given commands; password auth goes through sshpass. */
export async function runSftpBatch(
  opts: SftpBatchOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const batchDir = await mkdtemp(join(tmpdir(), 'sia-sftp-batch-'));
  const batch = join(batchDir, 'batch');
  await writeFile(batch, opts.commands.join('\n') + '\n');
  const sshOpts = [
    '-oStrictHostKeyChecking=no',
    `-oUserKnownHostsFile=${join(batchDir, 'known_hosts')}`,
    '-oLogLevel=ERROR',
    '-oConnectTimeout=10',
    `-P${opts.port}`,
  ];
  let cmd: string;
  let args: string[];
  if (opts.password !== undefined) {
    cmd = 'sshpass';
    args = [
      '-e',
      'sftp',
      '-oBatchMode=no',
      '-oPubkeyAuthentication=no',
      '-oPreferredAuthentications=password',
      ...sshOpts,
    ];
  } else {
    const keyOpts = [
      `-oIdentityFile=${opts.identityFile ?? ''}`,
      '-oIdentitiesOnly=yes',
      '-oPreferredAuthentications=publickey',
    ];
    if (opts.passphrase !== undefined) {
      cmd = 'sshpass';
      args = ['-e', '-P', 'passphrase', 'sftp', '-oBatchMode=no', ...keyOpts, ...sshOpts];
    } else {
      cmd = 'sftp';
      args = ['-oBatchMode=yes', ...keyOpts, ...sshOpts];
    }
  }
  args.push('-b', batch, `${opts.user}@${opts.host}`);
  try {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, SSHPASS: opts.password ?? opts.passphrase ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    clearTimeout(timer);
    return { code, stdout, stderr };
  } finally {
    await rm(batchDir, { recursive: true, force: true });
  }
}

/**
 * Creates the test account once and returns its password. The password is random but shared by
 * every test process (kept in a root-only file under the temp folder): test files run two at a
 * time, and a new password per sshd would log out the other file's user mid-test.
 */
async function ensureUser(): Promise<string> {
  const file = join(tmpdir(), 'sia-sshd-test-password');
  let password = `pw-${randomBytes(12).toString('hex')}`;
  let created = false;
  try {
    await writeFile(file, password, { flag: 'wx', mode: 0o600 });
    created = true;
  } catch {
    password = (await readFile(file, 'utf8')).trim();
  }
  let exists = true;
  try {
    await run('id', [sshdTestUser]);
  } catch {
    exists = false;
    await run('useradd', ['--create-home', '--shell', '/bin/sh', sshdTestUser]).catch(
      (e: unknown) => {
        // Another test process created it a moment ago.
        if (!/already exists/.test(String((e as { stderr?: string }).stderr))) throw e;
      },
    );
  }
  if (created || !exists) await setPassword(password);
  return password;
}

function setPassword(password: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.on('error', reject);
    child.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`chpasswd exited ${c}`))));
    child.stdin.end(`${sshdTestUser}:${password}\n`);
  });
}

/** A port that was free a moment ago (sshd cannot listen on port 0 and report it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 500);
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
}
