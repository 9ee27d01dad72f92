/**
 * KML territory check throughput (contract §6). Generates 10,000 polygons x 50 vertices (~17 MB)
 * and a ~200 MB variant into os.tmpdir(), then over the same bytes measures a bare saxes pass
 * (decode + parse, only counting elements) and the full check (createKmlReader), and prints
 * MB/s, time, peak RSS and the ratio ours / bare. Target: ratio <= 1.5 and RSS flat between the
 * two sizes. node. Run: `npm run bench -- kml` (or `node --import tsx --expose-gc
 * bench/kml.bench.ts --small-only` to skip the big file).
 *
 * Each measurement runs in a fresh child process (this file with `--child`), which reads the file
 * twice and reports the second, warm pass; bare and full children alternate, round after round,
 * and the best (least CPU) of the rounds is compared, with the medians beside it. Fresh processes
 * because saxes falls into a state about 4x slower after half a dozen passes in one process (V8
 * deoptimizes its state functions over and over), which in one long process skews either side.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { generateKml } from '../core/kml/generate-kml.ts';
import { nodeAsciiDecoding } from '../engine/ascii-decoding.ts';
import { createKmlReader } from '../core/kml/kml-reader.ts';
import { createUtf8Stream } from '../core/util/utf8-stream.ts';

const CHUNK = 256 * 1024;
const MB = 1024 * 1024;

function writeKml(path: string, polygons: number, vertices: number): number {
  const fd = openSync(path, 'w');
  try {
    for (const piece of generateKml({ polygons, verticesPerPolygon: vertices })) {
      writeSync(fd, piece);
    }
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

/** Streams the file in CHUNK-sized reads; samples RSS every few chunks. */
function streamFile(path: string, onChunk: (c: Uint8Array) => void): number {
  const fd = openSync(path, 'r');
  const buf = new Uint8Array(CHUNK);
  let peak = process.memoryUsage.rss();
  let k = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      onChunk(buf.subarray(0, n));
      if (++k % 16 === 0) peak = Math.max(peak, process.memoryUsage.rss());
    }
  } finally {
    closeSync(fd);
  }
  return Math.max(peak, process.memoryUsage.rss());
}

type Run = { ms: number; cpuMs: number; peakRss: number; count: number };

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The bare pass: decode (TextDecoder, or with `fast` the decoding ours uses) + saxes. */
function bare(path: string, fast = false): Run {
  const t0 = performance.now();
  const c0 = cpuNow();
  const decoder = createUtf8Stream(fast ? nodeAsciiDecoding : undefined);
  const parser = new SaxesParser({ position: true });
  let count = 0;
  parser.on('opentag', () => void count++);
  const peakRss = streamFile(path, (c) => parser.write(decoder.decode(c)));
  parser.write(decoder.end());
  parser.close();
  return { ms: performance.now() - t0, cpuMs: cpuNow() - c0, peakRss, count };
}

function ours(path: string): Run {
  const t0 = performance.now();
  const c0 = cpuNow();
  let count = 0;
  const reader = createKmlReader({
    maxPlacemarks: 1_000_000,
    ascii: nodeAsciiDecoding, // as the CLI and the emulator run it
    onPlacemark: (p) => {
      if (p.ok) count++;
      else throw new Error(`unexpected invalid placemark: ${p.message}`);
    },
  });
  const peakRss = streamFile(path, (c) => reader.push(c));
  const summary = reader.end();
  if (summary.fileError) throw new Error(summary.fileError.message);
  return { ms: performance.now() - t0, cpuMs: cpuNow() - c0, peakRss, count };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs one side in a fresh process: a warm-up pass, then the measured pass. */
function child(mode: 'bare' | 'bare-fast' | 'full', path: string): Run {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, path],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

function measure(label: string, path: string, bytes: number, rounds: number): number {
  const b: Run[] = [];
  const f: Run[] = [];
  const o: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which side goes first, so neither always meets a busier machine.
    if (i % 2 === 0) {
      b.push(child('bare', path));
      f.push(child('bare-fast', path));
      o.push(child('full', path));
    } else {
      o.push(child('full', path));
      f.push(child('bare-fast', path));
      b.push(child('bare', path));
    }
  }
  const best = (rs: Run[]): Run => rs.reduce((x, y) => (y.cpuMs < x.cpuMs ? y : x));
  const bb = best(b);
  const ob = best(o);
  const bc = median(b.map((r) => r.cpuMs));
  const oc = median(o.map((r) => r.cpuMs));
  // Each round's two runs are neighbours in time, so their ratio sees about the same load.
  const paired = median(o.map((r, i) => r.cpuMs / b[i]!.cpuMs));
  const mb = bytes / MB;
  const peakB = Math.max(...b.map((r) => r.peakRss)) / MB;
  const peakO = Math.max(...o.map((r) => r.peakRss)) / MB;
  console.log(
    `${label}: ${mb.toFixed(1)} MB, ${o[0]!.count} valid polygons, best of ${rounds} rounds (fresh process each, warm pass)`,
  );
  console.log(
    `  bare saxes : ${bb.cpuMs.toFixed(0).padStart(6)} ms CPU ${bb.ms.toFixed(0).padStart(6)} ms wall ${(mb / (bb.ms / 1000)).toFixed(1).padStart(6)} MB/s  peak RSS ${peakB.toFixed(0)} MB`,
  );
  console.log(
    `  full check : ${ob.cpuMs.toFixed(0).padStart(6)} ms CPU ${ob.ms.toFixed(0).padStart(6)} ms wall ${(mb / (ob.ms / 1000)).toFixed(1).padStart(6)} MB/s  peak RSS ${peakO.toFixed(0)} MB`,
  );
  const fb = best(f);
  const fc = median(f.map((r) => r.cpuMs));
  console.log(
    `  bare saxes, ours' decoding (Node's ASCII path): ${fb.cpuMs.toFixed(0)} ms CPU (median ${fc.toFixed(0)} ms); full/that: best ${(ob.cpuMs / fb.cpuMs).toFixed(2)}x, median ${(oc / fc).toFixed(2)}x`,
  );
  console.log(
    `  ratio full/bare CPU: best ${(ob.cpuMs / bb.cpuMs).toFixed(2)}x (${ob.cpuMs.toFixed(0)} / ${bb.cpuMs.toFixed(0)} ms), median ${(oc / bc).toFixed(2)}x (${oc.toFixed(0)} / ${bc.toFixed(0)} ms), median of per-round ratios ${paired.toFixed(2)}x; target <= 1.50`,
  );
  return peakO;
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const mode = process.argv[childAt + 1];
  const path = process.argv[childAt + 2]!;
  const run = mode === 'bare' ? bare : mode === 'bare-fast' ? (p: string) => bare(p, true) : ours;
  gc();
  run(path);
  gc();
  console.log(JSON.stringify(run(path)));
} else {
  main();
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'kml-bench-'));
  try {
    const small = join(dir, '1_small.kml');
    const smallBytes = writeKml(small, 10_000, 50);
    const peakSmall = measure('10,000 polygons x 50 vertices', small, smallBytes, 9);
    rmSync(small);
    if (!process.argv.includes('--small-only')) measureBig(dir, peakSmall, smallBytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`process max RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

function measureBig(dir: string, peakSmall: number, smallBytes: number): void {
  const big = join(dir, '1_big.kml');
  const bigBytes = writeKml(big, 120_000, 50);
  const peakBig = measure('120,000 polygons x 50 vertices', big, bigBytes, 1);
  rmSync(big);
  console.log(
    `RSS: peak ${peakSmall.toFixed(0)} MB for ${(smallBytes / MB).toFixed(0)} MB, ${peakBig.toFixed(0)} MB for ${(bigBytes / MB).toFixed(0)} MB (growth ${(peakBig - peakSmall).toFixed(0)} MB for ${((bigBytes - smallBytes) / MB).toFixed(0)} MB more input)`,
  );
}
