import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { territoriesGeoJson } from '../../../../server-emulator/admin/admin-queries.ts';
import { startHarness, type Harness } from './harness.ts';
import { errorLines, readResult } from './harness-results.ts';
import { bowtie, kml, placemark, polygon, square } from './kml-text.ts';

const New = '/Territories/New';
const Success = '/Territories/Success';
const Failed = '/Territories/Failed';

describe('territories from KML (contract §6)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('processes lower levels first and gives each level-2 territory the level-1 territory containing its centroid', async () => {
    // Dropped in the "wrong" order by name: level 2 must still wait for level 1 in the same cycle.
    await h.drop(
      'classic',
      New,
      '2_areas.kml',
      kml(
        placemark('North-A', polygon(square(1, 11, 2))),
        placemark('South-A', polygon(square(1, 1, 2))),
      ),
    );
    await h.drop(
      'classic',
      New,
      '1_regions.kml',
      kml(
        placemark('North', polygon(square(0, 10, 10))),
        placemark('South', polygon(square(0, 0, 10))),
      ),
    );
    const r = await h.processor.runCycle();
    assert.deepEqual(
      r.files.map((f) => f.file),
      ['1_regions.kml', '2_areas.kml'],
    );
    assert.deepEqual(await h.list('classic', Success), [
      '1_regions.kml',
      '1_regions.kml.result.json',
      '2_areas.kml',
      '2_areas.kml.result.json',
    ]);
    const fc = territoriesGeoJson(h.processor.db, 'classic');
    const byName = Object.fromEntries(fc.features.map((f) => [f.properties.name, f.properties]));
    assert.deepEqual(byName['North-A'], { ...byName['North-A'], level: 2, parent: 'North' });
    assert.deepEqual(byName['South-A'], { ...byName['South-A'], level: 2, parent: 'South' });
    assert.equal(byName['North']?.parent, null);
    const res = await readResult(h, 'classic', `${Success}/2_areas.kml.result.json`);
    assert.equal(res.object, 'Territory');
    assert.equal(res.rowsImported, 2);
    assert.deepEqual(res.territories, [
      { name: 'North-A', level: 2, action: 'created' },
      { name: 'South-A', level: 2, action: 'created' },
    ]);
    assert.equal(res.territoriesCreated, 2);
  });

  it('updates a known territory by name instead of adding one', async () => {
    await h.drop(
      'classic',
      New,
      '1_again.kml',
      kml(
        placemark('North', polygon(square(0, 10, 12))),
        placemark('East', polygon(square(20, 0, 5))),
      ),
    );
    await h.processor.runCycle();
    // result.json says which Placemark updated a known territory and which made a new one.
    const res = await readResult(h, 'classic', `${Success}/1_again.kml.result.json`);
    assert.deepEqual(res.territories, [
      { name: 'North', level: 1, action: 'updated' },
      { name: 'East', level: 1, action: 'created' },
    ]);
    assert.equal(res.territoriesCreated, 1);
    assert.equal(res.territoriesUpdated, 1);
    const fc = territoriesGeoJson(h.processor.db, 'classic');
    const north = fc.features.filter((f) => f.properties.name === 'North');
    assert.equal(north.length, 1);
    assert.deepEqual(north[0]!.geometry.coordinates[0]![1], [12, 10]);
  });

  it('reports a bow-tie, a hole, a MultiGeometry and a missing name, and imports the valid placemark', async () => {
    await h.drop(
      'classic',
      New,
      '1_mixed.kml',
      kml(
        placemark('Good', polygon(square(50, 50, 1))),
        placemark('Bowtie', polygon(bowtie)),
        placemark('Holey', polygon(square(20, 20, 10), [square(22, 22, 2)])),
        placemark(
          'Multi',
          `<MultiGeometry>${polygon(square(30, 30, 1))}${polygon(square(33, 33, 1))}</MultiGeometry>`,
        ),
        placemark(null, polygon(square(40, 40, 1))),
      ),
    );
    await h.processor.runCycle();
    const res = await readResult(h, 'classic', `${Failed}/1_mixed.kml.result.json`);
    assert.equal(res.status, 'failed');
    assert.equal(res.rowsTotal, 5);
    assert.equal(res.rowsImported, 1);
    assert.equal(res.rowsFailed, 4);
    const lines = await errorLines(h, 'classic', `${Failed}/1_mixed.kml.errors.csv`);
    const byColumn = lines.map((l) => l.split(',').slice(1, 3).join(','));
    assert.deepEqual(byColumn, [
      'Bowtie,self-intersection',
      'Holey,hole',
      'Multi,multi-geometry',
      '(Placemark 5 has no name),missing-name',
    ]);
    const names = territoriesGeoJson(h.processor.db, 'classic').features.map(
      (f) => f.properties.name,
    );
    assert.ok(names.includes('Good'));
    assert.ok(!names.includes('Bowtie'));
  });

  it('fails a KML without a level prefix with a message asking for one', async () => {
    await h.drop('classic', New, 'regions.kml', kml(placemark('X', polygon(square(0, 0, 1)))));
    await h.processor.runCycle();
    const res = await readResult(h, 'classic', `${Failed}/regions.kml.result.json`);
    assert.equal(res.fileError?.code, 'no-level-prefix');
    assert.match(res.fileError?.message ?? '', /1_regions\.kml/);
  });

  it('fails a KML with a DOCTYPE as a whole, storing none of it', async () => {
    const evil =
      `<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/hostname">]>` +
      kml(placemark('Evil', polygon(square(0, 0, 1)))).replace(/^<\?xml[^>]*>\n/, '');
    await h.drop('classic', New, '1_evil.kml', evil);
    await h.processor.runCycle();
    const res = await readResult(h, 'classic', `${Failed}/1_evil.kml.result.json`);
    assert.equal(res.fileError?.code, 'doctype');
    assert.ok(
      !territoriesGeoJson(h.processor.db, 'classic').features.some(
        (f) => f.properties.name === 'Evil',
      ),
    );
  });
});
