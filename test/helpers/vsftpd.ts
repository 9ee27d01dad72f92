/**
 * A real FTPS peer for tests and benchmarks (issue 11; /work/shared/guides/ftps-notes.md): a
 * private Debian vsftpd on 127.0.0.1 at a free port, with its own config, self-signed
 * certificate, passive port range, protocol log and a throwaway local user (created with
 * useradd, removed on close). Modes: explicit TLS (AUTH TLS), implicit TLS, or plain FTP
 * (ssl_enable=NO, to prove a server without TLS gets no password). TLS is required before login
 * and every data connection must resume the control connection's session (require_ssl_reuse).
 * Needs root, as in CI. node, tests only.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type VsftpdMode = 'explicit' | 'implicit' | 'plain';

export type VsftpdOptions = {
  mode: VsftpdMode;
  /** Require data connections to resume the control connection's TLS session. Default true. */
  requireSslReuse?: boolean;
  /** Certificate common name. Default 127.0.0.1. */
  commonName?: string;
  /** Reuse another instance's key and certificate (same identity on a new port). */
  certFrom?: { certPath: string; keyPath: string };
  /** Folders to create in the user's home (`Leads/Import/New`, …). */
  folders?: string[];
  /** An address vsftpd announces in PASV replies (tests of a NAT'ed server). */
  pasvAddress?: string;
};

export type RunningVsftpd = {
  host: string;
  port: number;
  mode: VsftpdMode;
  user: { name: string; password: string };
  /** The user's home: the FTP root (chroot), owned by the user. */
  home: string;
  certPath: string;
  keyPath: string;
  /** `SHA256:<base64, no padding>` of the certificate's DER bytes. */
  fingerprint: string;
  /** vsftpd's protocol log (log_ftp_protocol): every command the server received. */
  log(): string;
  /** Sends a signal to every session process (not the listener): SIGKILL cuts, SIGSTOP stalls, SIGCONT resumes. */
  signalSessions(signal: NodeJS.Signals): Promise<number>;
  /** The session processes now (to signal them synchronously at the right moment). */
  sessionPids(): Promise<number[]>;
  close(): Promise<void>;
};

/** Whether this machine can run the private vsftpd (binary present, running as root). */
export function canRunVsftpd(): { ok: true } | { ok: false; why: string } {
  if (!existsSync('/usr/sbin/vsftpd')) {
    return { ok: false, why: 'vsftpd is not installed (apt-get install vsftpd)' };
  }
  if (process.getuid?.() !== 0) return { ok: false, why: 'the vsftpd test user needs root' };
  return { ok: true };
}

/** Starts a private vsftpd; `close()` stops it, removes its user and its files. */
// eslint-disable-next-line complexity -- the config lines, one per option
export async function startVsftpd(o: VsftpdOptions): Promise<RunningVsftpd> {
  const dir = await mkdtemp(join(tmpdir(), 'sia-vsftpd-'));
  await chmod(dir, 0o755);
  const name = `siaftp${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const home = join(dir, 'home');
  await mkdir(home);
  await run('useradd', ['-M', '-N', '-g', 'nogroup', '-d', home, '-s', '/bin/sh', name]);
  const removeUser = async (): Promise<void> => {
    await run('userdel', [name]).catch(() => undefined);
  };
  try {
    await chpasswd(name, password);
    for (const f of o.folders ?? []) await mkdir(join(home, f), { recursive: true });
    await run('chown', ['-R', `${name}:nogroup`, home]);
    let certPath = join(dir, 'cert.pem');
    let keyPath = join(dir, 'key.pem');
    if (o.certFrom) {
      ({ certPath, keyPath } = o.certFrom);
    } else {
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '30',
        '-subj',
        `/CN=${o.commonName ?? '127.0.0.1'}`,
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ]);
    }
    const fingerprint = certFingerprint(await readFile(certPath, 'utf8'));
    await mkdir('/var/run/vsftpd/empty', { recursive: true });
    const logPath = join(dir, 'vsftpd.log');
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort();
      const pasvMin = 20000 + Math.floor(Math.random() * 400) * 100;
      const tls = o.mode !== 'plain';
      const lines = [
        'background=NO',
        'listen=YES',
        'listen_ipv6=NO',
        'listen_address=127.0.0.1',
        `listen_port=${port}`,
        'seccomp_sandbox=NO',
        'isolate=NO',
        'isolate_network=NO',
        'anonymous_enable=NO',
        'local_enable=YES',
        'write_enable=YES',
        'local_umask=022',
        'chroot_local_user=YES',
        'allow_writeable_chroot=YES',
        `userlist_enable=YES`,
        `userlist_deny=NO`,
        `userlist_file=${join(dir, 'users')}`,
        'pam_service_name=vsftpd',
        'pasv_enable=YES',
        `pasv_min_port=${pasvMin}`,
        `pasv_max_port=${pasvMin + 99}`,
        ...(o.pasvAddress ? [`pasv_address=${o.pasvAddress}`] : []),
        'max_per_ip=0',
        'max_clients=0',
        'idle_session_timeout=120',
        'data_connection_timeout=60',
        `vsftpd_log_file=${logPath}`,
        'xferlog_enable=YES',
        'xferlog_std_format=NO',
        'log_ftp_protocol=YES',
        `ssl_enable=${tls ? 'YES' : 'NO'}`,
        ...(tls
          ? [
              `rsa_cert_file=${certPath}`,
              `rsa_private_key_file=${keyPath}`,
              'force_local_logins_ssl=YES',
              'force_local_data_ssl=YES',
              `require_ssl_reuse=${o.requireSslReuse === false ? 'NO' : 'YES'}`,
              'ssl_tlsv1=NO',
              'ssl_sslv2=NO',
              'ssl_sslv3=NO',
              'ssl_ciphers=HIGH',
              ...(o.mode === 'implicit' ? ['implicit_ssl=YES'] : []),
            ]
          : []),
        '',
      ];
      const config = join(dir, 'vsftpd.conf');
      await writeFile(join(dir, 'users'), `${name}\n`);
      await writeFile(config, lines.join('\n'), { mode: 0o600 });
      const child = spawn('/usr/sbin/vsftpd', [config], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout?.on('data', (d: Buffer) => (stderr += d.toString()));
      if (await waitForPort(port, child)) {
        return {
          host: '127.0.0.1',
          port,
          mode: o.mode,
          user: { name, password },
          home,
          certPath,
          keyPath,
          fingerprint,
          log: () => {
            try {
              return readFileSync(logPath, 'utf8');
            } catch {
              return '';
            }
          },
          sessionPids: () => descendants(child.pid ?? -1),
          signalSessions: async (signal) => {
            const pids = await descendants(child.pid ?? -1);
            for (const p of pids) {
              try {
                process.kill(p, signal);
              } catch {
                /* gone */
              }
            }
            return pids.length;
          },
          close: async () => {
            await stop(child);
            await removeUser();
            await rm(dir, { recursive: true, force: true });
          },
        };
      }
      await stop(child);
      if (attempt === 4) throw new Error(`vsftpd did not start: ${stderr}`);
    }
    throw new Error('unreachable');
  } catch (e) {
    await removeUser();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** `SHA256:<base64, no padding>` of a PEM certificate's DER bytes. */
export function certFingerprint(pem: string): string {
  const der = new X509Certificate(pem).raw;
  return 'SHA256:' + createHash('sha256').update(der).digest('base64').replace(/=+$/, '');
}

async function chpasswd(user: string, password: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`chpasswd: ${err}`))));
    child.stdin.end(`${user}:${password}\n`);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Every process below `pid` (vsftpd forks one or two per session). */
async function descendants(pid: number): Promise<number[]> {
  const kids = await run('pgrep', ['-P', String(pid)]).then(
    (r) => r.stdout.split('\n').filter(Boolean).map(Number),
    () => [] as number[],
  );
  const all = [...kids];
  for (const k of kids) all.push(...(await descendants(k)));
  return all;
}

/** Stops vsftpd and the session processes it forked (killed first, so none outlives it). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  for (const p of (await descendants(child.pid)).reverse()) {
    try {
      process.kill(p, 'SIGCONT');
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(t);
}
