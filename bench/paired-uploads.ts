/**
 * The loop and the report the emulator's upload benches share (emulator-sftp against OpenSSH's
 * sshd, emulator-ftps against vsftpd): rounds that alternate the reference server and the
 * emulator, each landed file checked for size and removed, then best times and the median of
 * paired ratios. node, benches.
 */
import { rm, stat } from 'node:fs/promises';
import { loadavg } from 'node:os';

/** One side of a round: the upload (resolves to seconds) and where its file lands on disk. */
export type UploadSide = { name: string; upload: () => Promise<number>; landed: string };

/** Each side's times in seconds, round by round. */
export type PairedTimes = { reference: number[]; emulator: number[] };

/** `runs` rounds of the reference upload then the emulator's; fails on a wrong landed size. */
export async function runPairedUploads(
  runs: number,
  bytes: number,
  reference: UploadSide,
  emulator: UploadSide,
): Promise<PairedTimes> {
  const times: PairedTimes = { reference: [], emulator: [] };
  for (let i = 0; i < runs; i++) {
    for (const [side, list] of [
      [reference, times.reference],
      [emulator, times.emulator],
    ] as const) {
      list.push(await side.upload());
      const landed = await stat(side.landed);
      if (landed.size !== bytes) {
        throw new Error(`${side.name} stored ${landed.size} bytes, expected ${bytes}`);
      }
      await rm(side.landed, { force: true });
    }
  }
  return times;
}

/** Prints best times, throughput, both ratios (target ≥ 0.90×), the load and this process's RSS. */
export function reportPairedUploads(
  title: string,
  bytes: number,
  labels: { reference: string; emulator: string; ratio: string },
  times: PairedTimes,
): void {
  const best = (xs: number[]): number => Math.min(...xs);
  const mbps = (s: number): string => (bytes / 1e6 / s).toFixed(0);
  const list = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(', ');
  const r = best(times.reference);
  const e = best(times.emulator);
  console.log(title);
  console.log(
    `  ${labels.reference.padEnd(18)}${r.toFixed(2)} s  ${mbps(r)} MB/s   runs: ${list(times.reference)}`,
  );
  console.log(
    `  ${labels.emulator.padEnd(18)}${e.toFixed(2)} s  ${mbps(e)} MB/s   runs: ${list(times.emulator)}`,
  );
  // Runs alternate reference, emulator: the median of each pair's ratio resists a busy machine
  // better than the ratio of the two best times.
  const paired = times.reference
    .map((x, i) => x / (times.emulator[i] ?? Infinity))
    .sort((a, b) => a - b);
  const median = paired[Math.floor(paired.length / 2)] ?? 0;
  console.log(
    `  ratio ${labels.ratio} throughput, best times: ${(r / e).toFixed(2)}x (target >= 0.90x)`,
  );
  console.log(
    `  ratio ${labels.ratio} throughput, median of paired runs: ${median.toFixed(2)}x (pairs: ${list(paired)})`,
  );
  console.log(
    `  load average during the runs: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `  peak RSS of this process (emulator in-process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  );
}
