/**
 * Upload throughput: 1 GiB (generated in os.tmpdir(), deleted after) to a private OpenSSH sshd on
 * loopback, sent by OpenSSH's own `sftp put` and by the engine's uploadFile, in the same run.
 * Both are timed over the same work: OpenSSH from its start to its exit (handshake, login, put,
 * close), the engine from before connectSftp to after close (handshake, login, uploadFile with
 * its SHA-256, close). The engine's whole child process, start to exit, is printed too.
 * Prints seconds, MB/s, the ratio (ours / OpenSSH throughput) and the engine child's peak RSS.
 * Target: ratio ≥ 1.0, peak RSS ≤ 100 MB (10^8 bytes). Needs root (the sshd test user).
 * `--mb=N` (or BENCH_UPLOAD_BYTES) sends N MiB instead of 1024, for a quick check. The rounds,
 * the child and the report are engine-upload-rounds.ts's, shared with engine-ftps-upload. node.
 */
import { join } from 'node:path';
import { canRunSshd, runSftpBatch, startSshd } from '../test/helpers/openssh.ts';
import { connectSftp } from '../engine/transport/sftp/connect.ts';
import { runUploadBench, uploadInChild } from './engine-upload-rounds.ts';

/** The child: one connection, then uploadInChild's upload and report. */
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
  await uploadInChild(conn.value, local, tStart);
}

runUploadBench(
  {
    canRun: canRunSshd,
    entryUrl: import.meta.url,
    childName: 'engine-upload-child',
    tmpPrefix: 'sia-bench-upload-',
    start: () => startSshd(),
    reference: {
      // OpenSSH sftp (its own process: its RSS is not ours).
      label: 'OpenSSH sftp',
      name: 'OpenSSH',
      upload: async (sshd, local) => {
        const r = await runSftpBatch({
          host: sshd.host,
          port: sshd.port,
          user: sshd.user.name,
          password: sshd.user.password,
          commands: [`put ${local} ${sshd.dir}/openssh.bin`],
          timeoutMs: 300_000,
        });
        if (r.code !== 0) throw new Error(`sftp failed: ${r.stderr}`);
      },
      landed: (sshd) => join(sshd.dir, 'openssh.bin'),
    },
    engine: {
      child: (sshd, local) => ({
        args: [
          local,
          sshd.host,
          String(sshd.port),
          sshd.user.name,
          sshd.dir,
          sshd.hostKeyFingerprint,
        ],
        password: sshd.user.password,
      }),
      landed: (sshd) => join(sshd.dir, 'ours.bin'),
    },
  },
  child,
);
