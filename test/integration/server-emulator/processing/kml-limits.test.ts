/**
 * What processing holds of one KML in memory is bounded (issue 14): a file over the KML size
 * limit is not read, and one with more Placemarks than the limit stops at it; each fails in
 * Failed/ with the limit and its value, storing no territory.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { territoriesGeoJson } from '../../../../server-emulator/admin/admin-queries.ts';
import { demoWorkspaces, startHarness, type Harness } from './harness.ts';
import { readResult } from './harness-results.ts';
import { kml, placemark, polygon, square } from './kml-text.ts';

const New = '/Territories/New';
const Failed = '/Territories/Failed';
const Success = '/Territories/Success';

describe('KML limits while processing', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness(
      demoWorkspaces.map((w) =>
        w.name === 'classic' ? { ...w, limits: { maxPlacemarks: 3, maxKmlBytes: 4000 } } : w,
      ),
    );
  });
  after(async () => h.close());

  const squares = (n: number) =>
    kml(...Array.from({ length: n }, (_, i) => placemark(`T${i}`, polygon(square(i * 3, 0, 2)))));

  it('imports a KML within both limits', async () => {
    await h.drop('classic', New, '1_small.kml', squares(3));
    const r = await h.processor.runCycle();
    assert.deepEqual(
      r.files.map((f) => [f.file, f.status]),
      [['1_small.kml', 'success']],
    );
    assert.ok((await h.list('classic', Success)).includes('1_small.kml'));
  });

  it('fails a KML with more Placemarks than the limit, naming it and its value', async () => {
    await h.drop('classic', New, '1_many.kml', squares(4));
    const r = await h.processor.runCycle();
    assert.deepEqual(
      r.files.map((f) => [f.file, f.status]),
      [['1_many.kml', 'failed']],
    );
    const res = await readResult(h, 'classic', `${Failed}/1_many.kml.result.json`);
    assert.equal(res.fileError?.code, 'too-many-placemarks');
    assert.match(res.fileError?.message ?? '', /more than 3 Placemarks.*Placemark limit/);
    const names = territoriesGeoJson(h.processor.db, 'classic').features.map(
      (f) => f.properties.name,
    );
    assert.ok(!names.includes('T3'), 'nothing of the refused file was stored');
  });

  it('fails a KML over the size limit without reading it', async () => {
    const big = squares(2).replace('<Document>', `<Document><!-- ${'x'.repeat(5000)} -->`);
    assert.ok(big.length > 4000);
    await h.drop('classic', New, '1_big.kml', big);
    const r = await h.processor.runCycle();
    assert.deepEqual(
      r.files.map((f) => [f.file, f.status]),
      [['1_big.kml', 'failed']],
    );
    const res = await readResult(h, 'classic', `${Failed}/1_big.kml.result.json`);
    assert.equal(res.fileError?.code, 'kml-too-large');
    assert.match(res.fileError?.message ?? '', /at most 4 kB is processed \(KML size limit\)/);
  });
});
