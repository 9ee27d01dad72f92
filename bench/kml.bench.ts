/**
 * KML territory check throughput (contract §6). Generates 10,000 polygons x 50 vertices (~17 MB)
 * and a ~200 MB variant into os.tmpdir(), then over the same bytes measures a bare saxes pass
 * (decode + parse, only counting elements) and the full check (createKmlReader), and prints
 * MB/s, time, peak RSS and the ratio ours / bare. Target: ratio <= 1.5 and RSS flat between the
 * two sizes. node. Run: `npm run bench -- kml`.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { generateKml } from '../core/kml/generate-kml.ts';
import { createKmlReader } from '../core/kml/kml-reader.ts';

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

function bare(path: string): Run {
  const t0 = performance.now();
  const c0 = cpuNow();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = new SaxesParser({ position: true });
  let count = 0;
  parser.on('opentag', () => void count++);
  const peakRss = streamFile(path, (c) => parser.write(decoder.decode(c, { stream: true })));
  parser.write(decoder.decode());
  parser.close();
  return { ms: performance.now() - t0, cpuMs: cpuNow() - c0, peakRss, count };
}

function ours(path: string): Run {
  const t0 = performance.now();
  const c0 = cpuNow();
  let count = 0;
  const reader = createKmlReader({
    maxPlacemarks: 1_000_000,
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

function measure(label: string, path: string, bytes: number, rounds: number): number {
  const b: Run[] = [];
  const o: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    gc();
    b.push(bare(path));
    gc();
    o.push(ours(path));
  }
  const bm = median(b.map((r) => r.ms));
  const om = median(o.map((r) => r.ms));
  const bc = median(b.map((r) => r.cpuMs));
  const oc = median(o.map((r) => r.cpuMs));
  const mb = bytes / MB;
  const peakB = Math.max(...b.map((r) => r.peakRss)) / MB;
  const peakO = Math.max(...o.map((r) => r.peakRss)) / MB;
  console.log(`${label}: ${mb.toFixed(1)} MB, ${o[0]!.count} valid polygons, median of ${rounds}`);
  console.log(
    `  bare saxes : ${bm.toFixed(0).padStart(6)} ms  ${(mb / (bm / 1000)).toFixed(1).padStart(6)} MB/s  peak RSS ${peakB.toFixed(0)} MB`,
  );
  console.log(
    `  full check : ${om.toFixed(0).padStart(6)} ms  ${(mb / (om / 1000)).toFixed(1).padStart(6)} MB/s  peak RSS ${peakO.toFixed(0)} MB`,
  );
  console.log(
    `  ratio full/bare: ${(om / bm).toFixed(2)}x wall, ${(oc / bc).toFixed(2)}x CPU (${oc.toFixed(0)} / ${bc.toFixed(0)} ms CPU; target <= 1.50)`,
  );
  return peakO;
}

const dir = mkdtempSync(join(tmpdir(), 'kml-bench-'));
try {
  const small = join(dir, '1_small.kml');
  const smallBytes = writeKml(small, 10_000, 50);
  const peakSmall = measure('10,000 polygons x 50 vertices', small, smallBytes, 5);
  rmSync(small);
  if (process.argv.includes('--small-only')) process.exitCode = 0;
  else measureBig(dir, peakSmall, smallBytes);
} finally {
  rmSync(dir, { recursive: true, force: true });
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
console.log(`process max RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
