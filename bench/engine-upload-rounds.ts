/**
 * What the engine's upload benches share (engine-upload against OpenSSH's `sftp`,
 * engine-ftps-upload against curl): the `--mb=N` / BENCH_UPLOAD_BYTES and BENCH_ROUNDS options,
 * the generated file, rounds that alternate the reference client and the engine (each upload's
 * landed size checked, the file removed), the engine in a fresh child bundled by esbuild (so its
 * peak RSS is the upload's alone; each bench's child only connects, then calls uploadInChild) and
 * the closing figures with their targets: median ratio ≥ 1.0, the child's peak RSS ≤ 100 MB
 * (10^8 bytes). node, benches.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profiles } from '../core/profiles/profiles.ts';
import type { RemoteSession } from '../engine/transport/port.ts';
import { uploadFile } from '../engine/uploads.ts';
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

/** What the engine's child prints last: `seconds` is connect + upload + close, `uploadSeconds` uploadFile alone. */
export type EngineChildReport = {
  seconds: number;
  uploadSeconds: number;
  sha256: string;
  /** VmHWM of the child, bytes. */
  peakRss: number;
  /** CPU time of the whole child (all threads), user + system, seconds. */
  cpuSeconds: number;
  /** The TLS version, where there is one. */
  tls?: string;
};

/** A private server the benches upload to; `close()` stops it and removes its files. */
type Server = { close(): Promise<unknown> };

export type UploadBench<S extends Server> = {
  /** Whether this machine can run the reference server (else the bench says why and skips). */
  canRun: () => { ok: true } | { ok: false; why: string };
  /** The bench's own `import.meta.url` and a name for its bundled child. */
  entryUrl: string;
  childName: string;
  /** Prefix of the temporary folder the file is generated in. */
  tmpPrefix: string;
  /** Said after the file's size on the first line (`, vsftpd explicit TLS`). */
  setting?: string;
  start: () => Promise<S>;
  reference: {
    /** Its name in the round lines (`OpenSSH sftp`) and in the ratio (`OpenSSH`). */
    label: string;
    name: string;
    /** Uploads `local` with the reference client, start to exit; fails on its error. */
    upload: (server: S, local: string) => Promise<void>;
    /** Where that upload lands on disk. */
    landed: (server: S) => string;
  };
  engine: {
    /** The child's arguments after `--child`, and the password it reads from its environment. */
    child: (server: S, local: string) => { args: string[]; password: string };
    /** Where the engine's upload lands on disk. */
    landed: (server: S) => string;
  };
};

/** Runs the bench in this process (the parent), or its `child` when started with `--child`. */
export function runUploadBench<S extends Server>(
  bench: UploadBench<S>,
  child: (argv: string[]) => Promise<void>,
): void {
  const run = process.argv[2] === '--child' ? child(process.argv.slice(3)) : parent(bench);
  run.catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

async function parent<S extends Server>(b: UploadBench<S>): Promise<void> {
  const can = b.canRun();
  if (!can.ok) {
    console.log(`skipped: ${can.why}`);
    return;
  }
  if (!Number.isFinite(sizeBytes) || sizeBytes <= 0) {
    throw new Error(`--mb=${mbArg ?? ''}: give a size in MiB greater than 0 (e.g. --mb=64).`);
  }
  // Bundled once, before any timing.
  const script = await bundleBenchChild(b.entryUrl, b.childName);
  const work = await mkdtemp(join(tmpdir(), b.tmpPrefix));
  const server = await b.start();
  try {
    const local = join(work, 'big.bin');
    await generateFile(local, sizeBytes);
    const localSha = await sha256OfPath(local);
    console.log(
      `file: ${(sizeBytes / 2 ** 20).toFixed(0)} MiB, ${rounds} rounds${b.setting ?? ''}`,
    );
    const reference: number[] = [];
    const ours: number[] = [];
    const oursProcess: number[] = [];
    let peakRss = 0;
    for (let round = 1; round <= rounds; round++) {
      const t = performance.now();
      await b.reference.upload(server, local);
      const tRef = (performance.now() - t) / 1000;
      await landedWhole(b.reference.landed(server), b.reference.label);
      reference.push(tRef);

      const tChild = performance.now();
      const up = await runEngineChild(script, b.engine.child(server, local));
      const tProcess = (performance.now() - tChild) / 1000;
      peakRss = Math.max(peakRss, up.peakRss);
      if (up.sha256 !== localSha) throw new Error('hash mismatch');
      await landedWhole(b.engine.landed(server), 'the engine');
      ours.push(up.seconds);
      oursProcess.push(tProcess);
      console.log(
        `round ${round}: ${b.reference.label} ${tRef.toFixed(2)} s (${mbps(tRef)} MB/s); engine connect+upload+close ${up.seconds.toFixed(2)} s (${mbps(up.seconds)} MB/s, of which uploadFile ${up.uploadSeconds.toFixed(2)} s, ${up.tls ? `${up.tls}, ` : ''}child CPU ${up.cpuSeconds.toFixed(2)} s, VmHWM ${(up.peakRss / 1e6).toFixed(1)} MB); ratio ${(tRef / up.seconds).toFixed(2)}x; engine process start to exit ${tProcess.toFixed(2)} s (ratio ${(tRef / tProcess).toFixed(2)}x)`,
      );
    }
    report(b.reference, { reference, ours, oursProcess }, peakRss);
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Fails unless the file at `path` holds the whole upload; then removes it for the next round. */
async function landedWhole(path: string, who: string): Promise<void> {
  const size = (await stat(path)).size;
  if (size !== sizeBytes) throw new Error(`${who} left ${size} bytes, expected ${sizeBytes}`);
  await rm(path, { force: true });
}

/** Best times, the ratios (best-vs-best, median of rounds, with the child's start) and peak RSS. */
function report(
  ref: { label: string; name: string },
  times: { reference: number[]; ours: number[]; oursProcess: number[] },
  peakRss: number,
): void {
  const bestR = Math.min(...times.reference);
  const bestE = Math.min(...times.ours);
  const median = medianOf(times.reference.map((r, i) => r / times.ours[i]!));
  const medianProcess = medianOf(times.reference.map((r, i) => r / times.oursProcess[i]!));
  console.log(`best ${ref.label} (start to exit): ${bestR.toFixed(2)} s, ${mbps(bestR)} MB/s`);
  console.log(
    `best engine connect + uploadFile (with SHA-256) + close: ${bestE.toFixed(2)} s, ${mbps(bestE)} MB/s`,
  );
  console.log(
    `throughput ratio engine/${ref.name}: best-vs-best ${(bestR / bestE).toFixed(2)}x, median of rounds ${median.toFixed(2)}x (target >= 1.00x); with the engine's node process start counted too: median ${medianProcess.toFixed(2)}x`,
  );
  console.log(
    `peak RSS of the uploading process (VmHWM of the child running the esbuild-bundled engine on plain node): ${mib(peakRss)} = ${(peakRss / 1e6).toFixed(1)} MB (target <= ${rssLimitBytes / 1e6} MB)`,
  );
  if (median < 1 || peakRss > rssLimitBytes) process.exitCode = 1;
}

/** Runs the bundled bench in a fresh process as `--child <args>`; resolves to its last line. */
async function runEngineChild(
  script: string,
  c: { args: string[]; password: string },
): Promise<EngineChildReport> {
  const child = spawn(process.execPath, [script, '--child', ...c.args], {
    // The password goes in the environment, not on the command line.
    env: { ...process.env, BENCH_PASSWORD: c.password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`engine child exited ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as EngineChildReport;
}

/**
 * In the child, once connected (`startedAt`: before the dial): uploadFile of `local` as `/ours.bin`
 * (BENCH_CHUNK and BENCH_INFLIGHT when set; BENCH_DEBUG prints memory meanwhile), close, then the
 * report with the child's VmHWM (peak RSS) from /proc and its CPU time.
 */
export async function uploadInChild(
  session: RemoteSession,
  local: string,
  startedAt: number,
  tls?: string,
): Promise<void> {
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
    session,
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
  await session.close();
  const seconds = (performance.now() - startedAt) / 1000;
  const status = await readFile('/proc/self/status', 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  const cpu = process.cpuUsage();
  const report: EngineChildReport = {
    seconds,
    uploadSeconds,
    sha256: up.value.sha256,
    peakRss: hwm,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...(tls ? { tls } : {}),
  };
  console.log(JSON.stringify(report));
}

function mbps(seconds: number): string {
  return (sizeBytes / 1e6 / seconds).toFixed(0);
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
