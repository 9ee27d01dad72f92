/**
 * FTPS upload throughput (issue 11, "Speed"): 1 GiB (generated in os.tmpdir(), deleted after) to a
 * private Debian vsftpd on loopback (explicit TLS, TLS required before login, require_ssl_reuse),
 * sent by `curl -T --ssl-reqd` and by the engine's uploadFile over connectFtps, in the same run.
 * Both are timed over the same work: curl from its start to its exit (TLS, login, STOR, close),
 * the engine from before connectFtps to after close (TLS, login, uploadFile with its SHA-256:
 * STOR of the .part, SIZE, RNFR/RNTO, close). Prints seconds, MB/s, the ratio (ours / curl
 * throughput) and the engine child's peak RSS. Target: ratio ≥ 1.0, peak RSS ≤ 100 MB (10^8
 * bytes). Needs root (the vsftpd test user). `--mb=N` (or BENCH_UPLOAD_BYTES) sends N MiB
 * instead of 1024, for a quick check. The rounds, the child and the report are
 * engine-upload-rounds.ts's, shared with engine-upload. node.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { canRunVsftpd, startVsftpd, type RunningVsftpd } from '../test/helpers/vsftpd.ts';
import { connectFtps } from '../engine/transport/ftps/connect.ts';
import { runUploadBench, uploadInChild } from './engine-upload-rounds.ts';

/** curl as the reference client: explicit TLS required, certificate not checked (self-signed). */
async function runCurl(v: RunningVsftpd, local: string): Promise<void> {
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

/** The child: one FTPS connection, then uploadInChild's upload and report. */
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
  await uploadInChild(conn.value, local, tStart, conn.value.tlsProtocol);
}

runUploadBench(
  {
    canRun: canRunVsftpd,
    entryUrl: import.meta.url,
    childName: 'engine-ftps-upload-child',
    tmpPrefix: 'sia-bench-ftps-',
    setting: ', vsftpd explicit TLS',
    start: () => startVsftpd({ mode: 'explicit' }),
    reference: {
      label: 'curl -T --ssl-reqd',
      name: 'curl',
      upload: runCurl,
      landed: (v) => join(v.home, 'curl.bin'),
    },
    engine: {
      child: (v, local) => ({
        args: [local, v.host, String(v.port), v.user.name, v.fingerprint],
        password: v.user.password,
      }),
      landed: (v) => join(v.home, 'ours.bin'),
    },
  },
  child,
);
