/**
 * Upload throughput of the emulator's SFTP server against OpenSSH's own sshd, in one run: OpenSSH
 * `sftp` puts a 1 GiB random file (generated into os.tmpdir(), deleted after) to a private sshd
 * on loopback and to the emulator. Prints seconds, MB/s and the ratio (target >= 0.9x sshd).
 * Needs root (the private sshd's test user). Env: BENCH_MIB (default 1024), BENCH_RUNS (default 5).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRunSshd, runSftpBatch, startSshd } from '../test/helpers/openssh.ts';
import { startEmulator } from '../server-emulator/emulator.ts';
import { generateFile } from './bench-files.ts';
import { reportPairedUploads, runPairedUploads } from './paired-uploads.ts';

const mib = Number(process.env['BENCH_MIB'] ?? 1024);
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const bytes = mib * 1024 * 1024;

async function timePut(opts: {
  port: number;
  user: string;
  identityFile: string;
  remote: string;
  file: string;
}): Promise<number> {
  const started = process.hrtime.bigint();
  const r = await runSftpBatch({
    host: '127.0.0.1',
    port: opts.port,
    user: opts.user,
    identityFile: opts.identityFile,
    commands: [`put ${opts.file} ${opts.remote}`],
    timeoutMs: 600_000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.code !== 0) throw new Error(`sftp put failed (${r.code}): ${r.stderr}`);
  return seconds;
}

const can = canRunSshd();
if (!can.ok) {
  console.log(`skipped: ${can.why}`);
  process.exit(0);
}
const work = await mkdtemp(join(tmpdir(), 'sia-bench-sftp-'));
const file = join(work, 'upload.bin');
const sshd = await startSshd();
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
try {
  console.log(`generating ${mib} MiB of random data in ${work}`);
  await generateFile(file, bytes);
  emulator = await startEmulator({
    dataDir: join(work, 'emulator-data'),
    processing: false,
    workspaces: [
      {
        name: 'bench',
        profile: 'classic',
        users: [{ username: 'bench', publicKeys: [sshd.user.publicKey] }],
        schemas: [],
        exportSchedule: 'none',
        pullSources: [],
      },
    ],
  });
  const root = emulator.workspaces[0]?.root ?? '';
  const emuPort = emulator.port;
  const times = await runPairedUploads(
    runs,
    bytes,
    {
      name: 'sshd',
      upload: () =>
        timePut({
          port: sshd.port,
          user: sshd.user.name,
          identityFile: sshd.user.privateKeyPath,
          remote: `${sshd.dir}/upload.bin`,
          file,
        }),
      landed: join(sshd.dir, 'upload.bin'),
    },
    {
      name: 'the emulator',
      upload: () =>
        timePut({
          port: emuPort,
          user: 'bench',
          identityFile: sshd.user.privateKeyPath,
          remote: '/Leads/Import/New/upload.bin',
          file,
        }),
      landed: join(root, 'Leads', 'Import', 'New', 'upload.bin'),
    },
  );
  reportPairedUploads(
    `upload of ${mib} MiB with OpenSSH sftp over loopback (best of ${runs}):`,
    bytes,
    { reference: 'OpenSSH sshd', emulator: 'emulator (ssh2)', ratio: 'emulator/sshd' },
    times,
  );
} finally {
  await emulator?.close();
  await sshd.close();
  await rm(work, { recursive: true, force: true });
}
