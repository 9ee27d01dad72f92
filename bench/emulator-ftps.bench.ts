/**
 * Upload throughput of the emulator's FTPS server against vsftpd, in one run: curl puts a random
 * file (1 GiB; `--mb=N` to shrink; generated into os.tmpdir(), deleted after) over explicit TLS
 * (`--ssl-reqd`, PROT P, session reuse required on both) to a private vsftpd on loopback and to
 * the emulator. Prints seconds, MB/s and the ratio (target >= 0.9x vsftpd). Needs root (vsftpd's
 * test user, created here and removed after) and /usr/sbin/vsftpd. Env BENCH_RUNS (default 3).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomFillSync } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../test/helpers/openssh.ts';
import { runCommand } from '../test/helpers/ftps-peers.ts';
import { startEmulator } from '../server-emulator/emulator.ts';
import { reportPairedUploads, runPairedUploads } from './paired-uploads.ts';

const exec = promisify(execFile);
const mbArg = process.argv.find((a) => a.startsWith('--mb='));
const mib = Number(mbArg ? mbArg.slice(5) : (process.env['BENCH_MIB'] ?? 1024));
const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const bytes = mib * 1024 * 1024;
const user = 'siaftpsbench';

async function makeFile(path: string): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (let written = 0; written < bytes; written += chunk.length) {
    randomFillSync(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

/** A private vsftpd (explicit TLS, session reuse required) with its own user; close() removes both. */
async function startVsftpd(work: string): Promise<{
  port: number;
  password: string;
  home: string;
  close(): Promise<void>;
}> {
  const home = join(work, 'vsftpd-home');
  const password = randomBytes(12).toString('hex');
  await exec('useradd', ['-M', '-N', '-g', 'nogroup', '-d', home, '-s', '/bin/sh', user]);
  let child: ChildProcess | undefined;
  const close = async (): Promise<void> => {
    if (child?.pid !== undefined && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    await exec('userdel', [user]).catch(() => undefined);
  };
  try {
    const { stdout } = await exec('id', ['-u', user]);
    const uid = Number(stdout.trim());
    await mkdir(join(home, 'Leads', 'Import', 'New'), { recursive: true });
    for (const d of ['', 'Leads', 'Leads/Import', 'Leads/Import/New']) {
      await chown(join(home, d), uid, -1);
    }
    await chmod(home, 0o755);
    await new Promise<void>((resolve, reject) => {
      const p = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'inherit'] });
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error('chpasswd failed'))));
      p.stdin.end(`${user}:${password}\n`);
    });
    await exec('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-days',
      '2',
      '-keyout',
      join(work, 'vsftpd.key'),
      '-out',
      join(work, 'vsftpd.pem'),
    ]);
    await mkdir('/var/run/vsftpd/empty', { recursive: true });
    const port = await freePort();
    const pasv = await freePort();
    const conf = join(work, 'vsftpd.conf');
    await writeFile(
      conf,
      [
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
        'ssl_enable=YES',
        'force_local_logins_ssl=YES',
        'force_local_data_ssl=YES',
        'require_ssl_reuse=YES',
        'ssl_ciphers=HIGH',
        `rsa_cert_file=${join(work, 'vsftpd.pem')}`,
        `rsa_private_key_file=${join(work, 'vsftpd.key')}`,
        `pasv_min_port=${pasv}`,
        `pasv_max_port=${pasv + 20}`,
        'pam_service_name=vsftpd',
        '',
      ].join('\n'),
    );
    child = spawn('/usr/sbin/vsftpd', [conf], { stdio: ['ignore', 'ignore', 'inherit'] });
    // Ready when it accepts a connection.
    for (let i = 0; ; i++) {
      const probe = await runCommand(
        'curl',
        ['-sS', '-k', '--ssl-reqd', '-u', `${user}:${password}`, `ftp://127.0.0.1:${port}/`],
        { timeoutMs: 5000 },
      );
      if (probe.code === 0) break;
      if (i > 30) throw new Error(`vsftpd did not start: ${probe.stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { port, password, home, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function timeCurl(
  port: number,
  login: string,
  remote: string,
  file: string,
): Promise<number> {
  const started = process.hrtime.bigint();
  const r = await runCommand(
    'curl',
    ['-sS', '-k', '--ssl-reqd', '-u', login, '-T', file, `ftp://127.0.0.1:${port}${remote}`],
    { timeoutMs: 600_000 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.code !== 0) throw new Error(`curl upload failed (${r.code}): ${r.stderr}`);
  return seconds;
}

if (process.getuid?.() !== 0 || !existsSync('/usr/sbin/vsftpd')) {
  console.log('skipped: needs root and vsftpd (apt-get install vsftpd) for the reference server');
  process.exit(0);
}
const work = await mkdtemp(join(tmpdir(), 'sia-bench-ftps-'));
await chmod(work, 0o755);
const file = join(work, 'upload.bin');
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let vsftpd: Awaited<ReturnType<typeof startVsftpd>> | undefined;
try {
  console.log(`generating ${mib} MiB of random data in ${work}`);
  await makeFile(file);
  vsftpd = await startVsftpd(work);
  emulator = await startEmulator({
    dataDir: join(work, 'emulator-data'),
    processing: false,
    ftps: { explicitPort: 0 },
    workspaces: [
      {
        name: 'bench',
        profile: 'classic',
        users: [{ username: 'bench', password: 'bench', publicKeys: [] }],
        schemas: [],
        exportSchedule: 'none',
        pullSources: [],
      },
    ],
  });
  const root = emulator.workspaces[0]?.root ?? '';
  const emuPort = emulator.ftps?.explicitPort ?? 0;
  const ref = vsftpd;
  const times = await runPairedUploads(
    runs,
    bytes,
    {
      name: 'vsftpd',
      upload: () =>
        timeCurl(ref.port, `${user}:${ref.password}`, '/Leads/Import/New/upload.bin', file),
      landed: join(ref.home, 'Leads', 'Import', 'New', 'upload.bin'),
    },
    {
      name: 'the emulator',
      upload: () => timeCurl(emuPort, 'bench:bench', '/Leads/Import/New/upload.bin', file),
      landed: join(root, 'Leads', 'Import', 'New', 'upload.bin'),
    },
  );
  reportPairedUploads(
    `upload of ${mib} MiB with curl over FTPS (explicit TLS, PROT P), best of ${runs}:`,
    bytes,
    { reference: 'vsftpd', emulator: 'emulator (node)', ratio: 'emulator/vsftpd' },
    times,
  );
} finally {
  await emulator?.close();
  await vsftpd?.close();
  await rm(work, { recursive: true, force: true });
}
