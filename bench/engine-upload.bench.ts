/**
 * Upload throughput: 1 GiB (generated in os.tmpdir(), deleted after) to a private OpenSSH sshd on
 * loopback, sent by OpenSSH's own `sftp put` and by the engine's uploadFile, in the same run.
 * Both are timed over the same work: OpenSSH from its start to its exit (handshake, login, put,
 * close), the engine from before connectSftp to after close (handshake, login, uploadFile with
 * its SHA-256, close). The engine's whole child process, start to exit, is printed too.
 * Prints seconds, MB/s, the ratio (ours / OpenSSH throughput) and the engine child's peak RSS.
 * Target: ratio ≥ 1.0, peak RSS ≤ 100 MB (10^8 bytes). Needs root (the sshd test user).
 * `--mb=N` (or BENCH_UPLOAD_BYTES) sends N MiB instead of 1024, for a quick check. node.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRunSshd, runSftpBatch, startSshd } from '../test/helpers/openssh.ts';
import { connectSftp } from '../engine/transport/sftp/connect.ts';
import { uploadFile } from '../engine/uploads.ts';
import { profiles } from '../core/profiles/profiles.ts';
import { generateFile, medianOf, sha256OfPath } from './bench-files.ts';
import { bundleBenchChild } from './bundle-child.ts';

const mbArg = process.argv.find((a) => a.startsWith('--mb='))?.slice('--mb='.length);
const sizeBytes =
  mbArg !== undefined
    ? Math.round(Number(mbArg) * 1024 * 1024)
    : Number(process.env.BENCH_UPLOAD_BYTES ?? 1024 * 1024 * 1024);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** The RSS target: 100 MB, decimal. */
const rssLimitBytes = 100e6;

async function main(): Promise<void> {
  const can = canRunSshd();
  if (!can.ok) {
    console.log(`skipped: ${can.why}`);
    return;
  }
  if (!Number.isFinite(sizeBytes) || sizeBytes <= 0) {
    throw new Error(`--mb=${mbArg ?? ''}: give a size in MiB greater than 0 (e.g. --mb=64).`);
  }
  // Bundled once, before any timing.
  childScript ??= await bundleBenchChild(import.meta.url, 'engine-upload-child');
  const work = await mkdtemp(join(tmpdir(), 'sia-bench-upload-'));
  const sshd = await startSshd();
  let peakRss = 0;
  try {
    const local = join(work, 'big.bin');
    await generateFile(local, sizeBytes);
    const localSha = await sha256OfPath(local);
    console.log(`file: ${(sizeBytes / 2 ** 20).toFixed(0)} MiB, ${rounds} rounds`);

    const openssh: number[] = [];
    const ours: number[] = [];
    const oursProcess: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      // OpenSSH sftp (its own process: its RSS is not ours).
      const t = performance.now();
      const r = await runSftpBatch({
        host: sshd.host,
        port: sshd.port,
        user: sshd.user.name,
        password: sshd.user.password,
        commands: [`put ${local} ${sshd.dir}/openssh.bin`],
        timeoutMs: 300_000,
      });
      const tOpenssh = (performance.now() - t) / 1000;
      if (r.code !== 0) throw new Error(`sftp failed: ${r.stderr}`);
      openssh.push(tOpenssh);
      await rm(join(sshd.dir, 'openssh.bin'), { force: true });

      const tChild = performance.now();
      const up = await runEngineChild(local, sshd);
      const tProcess = (performance.now() - tChild) / 1000;
      const tOurs = up.seconds;
      peakRss = Math.max(peakRss, up.peakRss);
      if (up.sha256 !== localSha) throw new Error('hash mismatch');
      const remoteSize = (await stat(join(sshd.dir, 'ours.bin'))).size;
      if (remoteSize !== sizeBytes) throw new Error(`remote size ${remoteSize}`);
      ours.push(tOurs);
      oursProcess.push(tProcess);
      await rm(join(sshd.dir, 'ours.bin'), { force: true });
      console.log(
        `round ${round}: OpenSSH sftp ${tOpenssh.toFixed(2)} s (${mbps(tOpenssh)} MB/s); engine connect+upload+close ${tOurs.toFixed(2)} s (${mbps(tOurs)} MB/s, of which uploadFile ${up.uploadSeconds.toFixed(2)} s, child CPU ${up.cpuSeconds.toFixed(2)} s, VmHWM ${(up.peakRss / 1e6).toFixed(1)} MB); ratio ${(tOpenssh / tOurs).toFixed(2)}x; engine process start to exit ${tProcess.toFixed(2)} s (ratio ${(tOpenssh / tProcess).toFixed(2)}x)`,
      );
    }
    const bestO = Math.min(...openssh);
    const bestE = Math.min(...ours);
    const ratio = bestO / bestE;
    const median = medianOf(openssh.map((o, i) => o / ours[i]!));
    const medianProcess = medianOf(openssh.map((o, i) => o / oursProcess[i]!));
    console.log(`best OpenSSH sftp (start to exit): ${bestO.toFixed(2)} s, ${mbps(bestO)} MB/s`);
    console.log(
      `best engine connect + uploadFile (with SHA-256) + close: ${bestE.toFixed(2)} s, ${mbps(bestE)} MB/s`,
    );
    console.log(
      `throughput ratio engine/OpenSSH: best-vs-best ${ratio.toFixed(2)}x, median of rounds ${median.toFixed(2)}x (target >= 1.00x); with the engine's node process start counted too: median ${medianProcess.toFixed(2)}x`,
    );
    console.log(
      `peak RSS of the uploading process (VmHWM of the child running the esbuild-bundled engine on plain node): ${mib(peakRss)} = ${(peakRss / 1e6).toFixed(1)} MB (target <= ${rssLimitBytes / 1e6} MB)`,
    );
    if (median < 1 || peakRss > rssLimitBytes) process.exitCode = 1;
  } finally {
    await sshd.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** `seconds`: connect + upload + close; `uploadSeconds`: uploadFile alone. */
type ChildReport = {
  seconds: number;
  uploadSeconds: number;
  sha256: string;
  peakRss: number;
  /** CPU time of the whole child (all threads), user + system, seconds. */
  cpuSeconds: number;
};

let childScript: string | undefined;

/** Runs the engine's upload in a fresh process, so its peak RSS is the upload's alone. */
async function runEngineChild(
  local: string,
  sshd: Awaited<ReturnType<typeof startSshd>>,
): Promise<ChildReport> {
  if (!childScript) throw new Error('bundleBenchChild() must run first');
  const args = [
    childScript,
    '--child',
    local,
    sshd.host,
    String(sshd.port),
    sshd.user.name,
    sshd.dir,
    sshd.hostKeyFingerprint,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, BENCH_PASSWORD: sshd.user.password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`engine child exited ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildReport;
}

/** The child: one connection, one uploadFile, then its VmHWM (peak RSS) from /proc. */
async function child(argv: string[]): Promise<void> {
  const [local, host, port, user, dir, fp] = argv as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  // Timed like OpenSSH's run: dial, handshake, login, upload, close.
  const tStart = performance.now();
  const conn = await connectSftp({
    host,
    port: Number(port),
    username: user,
    auth: { password: process.env.BENCH_PASSWORD ?? '' },
    knownHost: { fingerprint: fp },
    root: dir,
  });
  if (!conn.ok) throw new Error(conn.error.message);
  if (process.env.BENCH_DEBUG) {
    const m = process.memoryUsage();
    console.error(
      `child after connect: rss ${mib(m.rss)} heap ${mib(m.heapUsed)} external ${mib(m.external)} arrayBuffers ${mib(m.arrayBuffers)}`,
    );
  }
  const mem = process.env.BENCH_DEBUG
    ? setInterval(() => {
        const m = process.memoryUsage();
        console.error(
          `rss ${mib(m.rss)} heap ${mib(m.heapUsed)}/${mib(m.heapTotal)} external ${mib(m.external)} arrayBuffers ${mib(m.arrayBuffers)}`,
        );
      }, 250)
    : undefined;
  const t = performance.now();
  const up = await uploadFile({
    session: conn.value,
    localPath: local,
    remoteDir: '/',
    remoteName: 'ours.bin',
    profile: profiles.classic,
    chunkBytes: process.env.BENCH_CHUNK ? Number(process.env.BENCH_CHUNK) : undefined,
    maxInFlight: process.env.BENCH_INFLIGHT ? Number(process.env.BENCH_INFLIGHT) : undefined,
  });
  const uploadSeconds = (performance.now() - t) / 1000;
  clearInterval(mem);
  if (!up.ok) throw new Error(up.error.message);
  await conn.value.close();
  const seconds = (performance.now() - tStart) / 1000;
  const status = await readFile('/proc/self/status', 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  const cpu = process.cpuUsage();
  const report: ChildReport = {
    seconds,
    uploadSeconds,
    sha256: up.value.sha256,
    peakRss: hwm,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  console.log(JSON.stringify(report));
}

function mbps(seconds: number): string {
  return (sizeBytes / 1e6 / seconds).toFixed(0);
}
function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

const run = process.argv[2] === '--child' ? child(process.argv.slice(3)) : main();
run.catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
