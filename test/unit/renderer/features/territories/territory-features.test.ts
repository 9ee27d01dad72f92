import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkKmlText } from '../../../../../core/kml/index.ts';
import {
  addTerritoryFeatures,
  collectionBounds,
  type TerritoryCollection,
} from '../../../../../renderer/features/territories/territory-features.ts';

const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>North</name><Polygon><outerBoundaryIs><LinearRing><coordinates>-97,30 -96,30 -96,31 -97,31 -97,30</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Bowtie</name><Polygon><outerBoundaryIs><LinearRing><coordinates>-95,30 -94,31 -94,30 -95,31 -95,30</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><Point><coordinates>-90,30</coordinates></Point></Placemark>
</Document></kml>`;

describe('addTerritoryFeatures', () => {
  it('makes valid placemarks polygons and invalid ones red outlines with their reason', () => {
    const { placemarks: results, summary } = checkKmlText(kml);
    assert.equal(summary.fileError, undefined);
    const features: TerritoryCollection['features'] = [];
    addTerritoryFeatures(features, '1_regions.kml', 1, results);
    assert.equal(features.length, 3);
    assert.equal(features[0]?.geometry.type, 'Polygon');
    assert.equal(features[0]?.properties.ok, true);
    assert.equal(features[1]?.properties.ok, false);
    assert.equal(features[1]?.geometry.type, 'MultiLineString');
    assert.match(features[1]?.properties.reason ?? '', /cross/i);
    assert.equal(features[2]?.properties.ok, false);
    assert.equal(features.map((f) => f.id).join(), '0,1,2');
    assert.deepEqual(collectionBounds({ type: 'FeatureCollection', features }), [-97, 30, -94, 31]);
  });
});

describe('crossing points', () => {
  it('marks where a bow-tie ring crosses itself, and gives valid ones a label point', async () => {
    const { crossingPoints } =
      await import('../../../../../renderer/features/territories/territory-features.ts');
    const { placemarks } = checkKmlText(kml);
    const features: TerritoryCollection['features'] = [];
    addTerritoryFeatures(features, '1_regions.kml', 1, placemarks);
    assert.deepEqual(features[1]?.properties.crossing, [-94.5, 30.5]);
    assert.deepEqual(features[0]?.properties.labelAt, [-96.5, 30.5]);
    const points = crossingPoints({ type: 'FeatureCollection', features });
    assert.equal(points.features.length, 1);
    assert.equal(points.features[0]?.id, 1);
  });
});
