import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  createReadStream,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHugeRingKml, generateKml } from '../../../../core/kml/generate-kml.ts';
import { createKmlReader } from '../../../../core/kml/kml-reader.ts';
import type { PlacemarkResult } from '../../../../core/kml/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'kml-scale-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, pieces: Iterable<string>): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    for (const p of pieces) writeSync(fd, p);
  } finally {
    closeSync(fd);
  }
  return path;
}

async function read(path: string, onPlacemark: (p: PlacemarkResult) => void) {
  const reader = createKmlReader({ onPlacemark, maxPlacemarks: 1_000_000 });
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    reader.push(chunk as Uint8Array);
  }
  return reader.end();
}

describe('the KML reader at scale', () => {
  it('checks a 1,000,000-position polygon in a few seconds', async () => {
    const path = write('1_huge.kml', generateHugeRingKml(999_999));
    let result: PlacemarkResult | undefined;
    const t0 = performance.now();
    const summary = await read(path, (p) => (result = p));
    const ms = performance.now() - t0;
    assert.equal(summary.fileError, undefined);
    assert.ok(result?.ok, JSON.stringify(result && !result.ok ? result.message : ''));
    assert.equal(result.polygon.outer.length, 1_000_000);
    assert.ok(ms < 20_000, `took ${ms.toFixed(0)} ms`);
  });

  it('finds a tiny bow-tie inside a 1,000,000-position ring', async () => {
    const path = write('1_huge-bow.kml', generateHugeRingKml(999_996, 654_321));
    let result: PlacemarkResult | undefined;
    await read(path, (p) => (result = p));
    assert.ok(result && !result.ok);
    assert.equal(result.code, 'self-intersection');
    assert.match(result.message, /positions 6543\d\d and 6543\d\d/);
  });

  it('reads a ~100 MB file with memory bounded to about one Placemark', async () => {
    const path = write('1_big.kml', generateKml({ polygons: 70_000, verticesPerPolygon: 50 }));
    const size = statSync(path).size;
    assert.ok(size > 90 * 1024 * 1024, `file is ${size} bytes`);
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage.rss();
    let peak = before;
    let valid = 0;
    const summary = await read(path, (p) => {
      if (p.ok) valid++;
      if (valid % 5000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
    });
    peak = Math.max(peak, process.memoryUsage.rss());
    assert.equal(summary.fileError, undefined);
    assert.equal(valid, 70_000);
    const deltaMb = (peak - before) / (1024 * 1024);
    assert.ok(deltaMb < 150, `RSS grew by ${deltaMb.toFixed(0)} MB`);
  });
});
