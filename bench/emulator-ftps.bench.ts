/**
 * Upload throughput of the emulator's FTPS server against vsftpd, in one run: curl puts a random
 * file (1 GiB; `--mb=N` to shrink; generated into os.tmpdir(), deleted after) over explicit TLS
 * (`--ssl-reqd`, PROT P, session reuse required on both) to a private vsftpd on loopback and to
 * the emulator. Prints seconds, MB/s and the ratio (target >= 0.9x vsftpd). Needs root and
 * /usr/sbin/vsftpd: the vsftpd is the tests' own (test/helpers/vsftpd.ts, its test user created
 * and removed after). Env BENCH_RUNS (default 3).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../test/helpers/ftps-peers.ts';
import { canRunVsftpd, startVsftpd } from '../test/helpers/vsftpd.ts';
import { startEmulator } from '../server-emulator/emulator.ts';
import { generateFile } from './bench-files.ts';
import { reportPairedUploads, runPairedUploads } from './paired-uploads.ts';

const mbArg = process.argv.find((a) => a.startsWith('--mb='));
const mib = Number(mbArg ? mbArg.slice(5) : (process.env['BENCH_MIB'] ?? 1024));
const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const bytes = mib * 1024 * 1024;

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

const can = canRunVsftpd();
if (!can.ok) {
  console.log(`skipped: ${can.why}`);
  process.exit(0);
}
const work = await mkdtemp(join(tmpdir(), 'sia-bench-ftps-'));
const file = join(work, 'upload.bin');
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let vsftpd: Awaited<ReturnType<typeof startVsftpd>> | undefined;
try {
  console.log(`generating ${mib} MiB of random data in ${work}`);
  await generateFile(file, bytes);
  vsftpd = await startVsftpd({ mode: 'explicit', folders: ['Leads/Import/New'] });
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
        timeCurl(
          ref.port,
          `${ref.user.name}:${ref.user.password}`,
          '/Leads/Import/New/upload.bin',
          file,
        ),
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
