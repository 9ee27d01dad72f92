/**
 * Upload throughput of the emulator's SFTP server against OpenSSH's own sshd, in one run: OpenSSH
 * `sftp` puts a 1 GiB random file (generated into os.tmpdir(), deleted after) to a private sshd
 * on loopback and to the emulator. Prints seconds, MB/s and the ratio (target >= 0.9x sshd).
 * Needs root (the private sshd's test user). Env: BENCH_MIB (default 1024), BENCH_RUNS (default 5).
 */
import { randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRunSshd, runSftpBatch, startSshd } from '../test/helpers/openssh.ts';
import { startEmulator } from '../server-emulator/emulator.ts';

const mib = Number(process.env['BENCH_MIB'] ?? 1024);
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const bytes = mib * 1024 * 1024;

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
  await makeFile(file);
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
  const results: { sshd: number[]; emulator: number[] } = { sshd: [], emulator: [] };
  for (let i = 0; i < runs; i++) {
    results.sshd.push(
      await timePut({
        port: sshd.port,
        user: sshd.user.name,
        identityFile: sshd.user.privateKeyPath,
        remote: `${sshd.dir}/upload.bin`,
        file,
      }),
    );
    await rm(join(sshd.dir, 'upload.bin'), { force: true });
    results.emulator.push(
      await timePut({
        port: emulator.port,
        user: 'bench',
        identityFile: sshd.user.privateKeyPath,
        remote: '/Leads/Import/New/upload.bin',
        file,
      }),
    );
    const landed = await stat(join(root, 'Leads', 'Import', 'New', 'upload.bin'));
    if (landed.size !== bytes) {
      throw new Error(`the emulator stored ${landed.size} bytes, expected ${bytes}`);
    }
    await rm(join(root, 'Leads', 'Import', 'New', 'upload.bin'), { force: true });
  }
  const best = (xs: number[]): number => Math.min(...xs);
  const mbps = (s: number): string => (bytes / 1e6 / s).toFixed(0);
  const s = best(results.sshd);
  const e = best(results.emulator);
  console.log(`upload of ${mib} MiB with OpenSSH sftp over loopback (best of ${runs}):`);
  console.log(
    `  OpenSSH sshd      ${s.toFixed(2)} s  ${mbps(s)} MB/s   runs: ${results.sshd.map((x) => x.toFixed(2)).join(', ')}`,
  );
  console.log(
    `  emulator (ssh2)   ${e.toFixed(2)} s  ${mbps(e)} MB/s   runs: ${results.emulator.map((x) => x.toFixed(2)).join(', ')}`,
  );
  // Runs alternate sshd, emulator: the median of each pair's ratio resists a busy machine better
  // than the ratio of the two best times.
  const paired = results.sshd
    .map((x, i) => x / (results.emulator[i] ?? Infinity))
    .sort((a, b) => a - b);
  const median = paired[Math.floor(paired.length / 2)] ?? 0;
  console.log(
    `  ratio emulator/sshd throughput, best times: ${(s / e).toFixed(2)}x (target >= 0.90x)`,
  );
  console.log(
    `  ratio emulator/sshd throughput, median of paired runs: ${median.toFixed(2)}x (pairs: ${paired.map((r) => r.toFixed(2)).join(', ')})`,
  );
  console.log(
    `  load average during the runs: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `  peak RSS of this process (emulator in-process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
} finally {
  await emulator?.close();
  await sshd.close();
  await rm(work, { recursive: true, force: true });
}
