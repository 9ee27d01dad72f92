/**
 * FTPS upload throughput (issue 11, "Speed"): 1 GiB (generated in os.tmpdir(), deleted after) to a
 * private Debian vsftpd on loopback (explicit TLS, TLS required before login, require_ssl_reuse),
 * sent by `curl -T --ssl-reqd` and by the engine's uploadFile over connectFtps, in the same run.
 * Both are timed over the same work: curl from its start to its exit (TLS, login, STOR, close),
 * the engine from before connectFtps to after close (TLS, login, uploadFile with its SHA-256:
 * STOR of the .part, SIZE, RNFR/RNTO, close). Prints seconds, MB/s, the ratio (ours / curl
 * throughput) and the engine child's peak RSS. Target: ratio ≥ 1.0, peak RSS ≤ 100 MB (10^8
 * bytes). Needs root (the vsftpd test user). `--mb=N` (or BENCH_UPLOAD_BYTES) sends N MiB
 * instead of 1024, for a quick check. node.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRunVsftpd, startVsftpd, type RunningVsftpd } from '../test/helpers/vsftpd.ts';
import { connectFtps } from '../engine/transport/ftps/connect.ts';
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
  const can = canRunVsftpd();
  if (!can.ok) {
    console.log(`skipped: ${can.why}`);
    return;
  }
  if (!Number.isFinite(sizeBytes) || sizeBytes <= 0) {
    throw new Error(`--mb=${mbArg ?? ''}: give a size in MiB greater than 0 (e.g. --mb=64).`);
  }
  childScript ??= await bundleBenchChild(import.meta.url, 'engine-ftps-upload-child');
  const work = await mkdtemp(join(tmpdir(), 'sia-bench-ftps-'));
  const v = await startVsftpd({ mode: 'explicit' });
  let peakRss = 0;
  try {
    const local = join(work, 'big.bin');
    await generateFile(local, sizeBytes);
    const localSha = await sha256OfPath(local);
    console.log(
      `file: ${(sizeBytes / 2 ** 20).toFixed(0)} MiB, ${rounds} rounds, vsftpd explicit TLS`,
    );

    const curl: number[] = [];
    const ours: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const t = performance.now();
      await runCurl(local, v);
      const tCurl = (performance.now() - t) / 1000;
      curl.push(tCurl);
      const curlSize = (await stat(join(v.home, 'curl.bin'))).size;
      if (curlSize !== sizeBytes) throw new Error(`curl left ${curlSize} bytes`);
      await rm(join(v.home, 'curl.bin'), { force: true });

      const up = await runEngineChild(local, v);
      peakRss = Math.max(peakRss, up.peakRss);
      if (up.sha256 !== localSha) throw new Error('hash mismatch');
      const remoteSize = (await stat(join(v.home, 'ours.bin'))).size;
      if (remoteSize !== sizeBytes) throw new Error(`remote size ${remoteSize}`);
      ours.push(up.seconds);
      await rm(join(v.home, 'ours.bin'), { force: true });
      console.log(
        `round ${round}: curl -T --ssl-reqd ${tCurl.toFixed(2)} s (${mbps(tCurl)} MB/s); engine connect+upload+close ${up.seconds.toFixed(2)} s (${mbps(up.seconds)} MB/s, of which uploadFile ${up.uploadSeconds.toFixed(2)} s, ${up.tls}, child CPU ${up.cpuSeconds.toFixed(2)} s, VmHWM ${(up.peakRss / 1e6).toFixed(1)} MB); ratio ${(tCurl / up.seconds).toFixed(2)}x`,
      );
    }
    const median = medianOf(curl.map((c, i) => c / ours[i]!));
    console.log(
      `best curl (start to exit): ${Math.min(...curl).toFixed(2)} s, ${mbps(Math.min(...curl))} MB/s`,
    );
    console.log(
      `best engine connect + uploadFile (with SHA-256) + close: ${Math.min(...ours).toFixed(2)} s, ${mbps(Math.min(...ours))} MB/s`,
    );
    console.log(
      `throughput ratio engine/curl: median of rounds ${median.toFixed(2)}x (target >= 1.00x)`,
    );
    console.log(
      `peak RSS of the uploading process (VmHWM of the child running the esbuild-bundled engine on plain node): ${mib(peakRss)} = ${(peakRss / 1e6).toFixed(1)} MB (target <= ${rssLimitBytes / 1e6} MB)`,
    );
    if (median < 1 || peakRss > rssLimitBytes) process.exitCode = 1;
  } finally {
    await v.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** curl as the reference client: explicit TLS required, certificate not checked (self-signed). */
async function runCurl(local: string, v: RunningVsftpd): Promise<void> {
  const child = spawn(
    'curl',
    ['-sS', '--ssl-reqd', '-k', '-K', '-', '-T', local, `ftp://${v.host}:${v.port}/curl.bin`],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  // The password goes in on stdin (a curl config), not on the command line.
  child.stdin.end(`user = "${v.user.name}:${v.user.password}"\n`);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`curl exited ${code}: ${err}`);
}

/** `seconds`: connect + upload + close; `uploadSeconds`: uploadFile alone. */
type ChildReport = {
  seconds: number;
  uploadSeconds: number;
  sha256: string;
  peakRss: number;
  cpuSeconds: number;
  tls: string;
};

let childScript: string | undefined;

async function runEngineChild(local: string, v: RunningVsftpd): Promise<ChildReport> {
  if (!childScript) throw new Error('bundleBenchChild() must run first');
  const args = [childScript, '--child', local, v.host, String(v.port), v.user.name, v.fingerprint];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, BENCH_PASSWORD: v.user.password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`engine child exited ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildReport;
}

/** The child: one FTPS connection, one uploadFile, then its VmHWM (peak RSS) from /proc. */
async function child(argv: string[]): Promise<void> {
  const [local, host, port, user, fp] = argv as [string, string, string, string, string];
  const tStart = performance.now();
  const conn = await connectFtps({
    protocol: 'ftpes',
    host,
    port: Number(port),
    username: user,
    password: process.env.BENCH_PASSWORD ?? '',
    knownHost: { fingerprint: fp },
  });
  if (!conn.ok) throw new Error(conn.error.message);
  const t = performance.now();
  const up = await uploadFile({
    session: conn.value,
    localPath: local,
    remoteDir: '/',
    remoteName: 'ours.bin',
    profile: profiles.classic,
    ...(process.env.BENCH_CHUNK ? { chunkBytes: Number(process.env.BENCH_CHUNK) } : {}),
  });
  const uploadSeconds = (performance.now() - t) / 1000;
  if (!up.ok) throw new Error(up.error.message);
  const tls = conn.value.tlsProtocol;
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
    tls,
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
