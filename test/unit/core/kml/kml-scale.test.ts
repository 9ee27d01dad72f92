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
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
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

  it('reads a ~100 MB file in a heap far smaller than the file (memory bounded to about one Placemark)', () => {
    const path = write('1_big.kml', generateKml({ polygons: 70_000, verticesPerPolygon: 50 }));
    const size = statSync(path).size;
    assert.ok(size > 90 * 1024 * 1024, `file is ${size} bytes`);
    // A V8 heap capped at 48 MB: a reader that kept the file (or its placemarks) would die here.
    // Deterministic, unlike an RSS delta that depends on when the collector runs.
    const out = execFileSync(
      process.execPath,
      [
        '--max-old-space-size=48',
        '--import',
        'tsx',
        fileURLToPath(new URL('./read-kml-file.ts', import.meta.url)),
        path,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const result = JSON.parse(out) as { valid: number; invalid: number; fileError: unknown };
    assert.deepEqual(result, { valid: 70_000, invalid: 0, fileError: null });
  });
});
