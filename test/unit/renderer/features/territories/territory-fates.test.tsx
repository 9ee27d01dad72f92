import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render, screen } from '@testing-library/react';
import { checkKmlText } from '../../../../../core/kml/index.ts';
import {
  addTerritoryFeatures,
  type TerritoryCollection,
} from '../../../../../renderer/features/territories/territory-features.ts';
import {
  fatesAfterImport,
  fatesBeforeUpload,
  fatesSummary,
} from '../../../../../renderer/features/territories/territory-fates.ts';
import { TerritoryList } from '../../../../../renderer/features/territories/territory-list.tsx';

const ring = (x: number) => `${x},30 ${x + 1},30 ${x + 1},31 ${x},31 ${x},30`;
const pm = (name: string, x: number) =>
  `<Placemark><name>${name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(x)}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${pm('North', -99)}${pm('West', -101)}<Placemark><name>Bad</name><Point><coordinates>1,1</coordinates></Point></Placemark></Document></kml>`;

function collection(): TerritoryCollection {
  const features: TerritoryCollection['features'] = [];
  addTerritoryFeatures(features, '1_regions.kml', 1, checkKmlText(kml).placemarks);
  return { type: 'FeatureCollection', features };
}
const byName = (c: TerritoryCollection, fates: ReadonlyMap<string, string>) =>
  Object.fromEntries(c.features.map((f) => [f.properties.name, fates.get(f.properties.id)]));

describe('what each territory does on the server', () => {
  afterEach(cleanup);
  after(closeDom);

  it('is not known yet when no earlier import of the site reported its territories', () => {
    const c = collection();
    const none = fatesBeforeUpload(c, { territories: [], imports: 0, complete: false });
    assert.deepEqual(byName(c, none), { North: 'unknown', West: 'unknown', Bad: undefined });
    assert.match(fatesSummary(none, null), /not known yet: no earlier territory import/);
    assert.deepEqual(byName(c, fatesBeforeUpload(c, null)), byName(c, none));
  });

  it('updates a known name and creates an unknown one when every earlier import listed its own', () => {
    const c = collection();
    const known = { territories: [{ name: 'North' }], imports: 1, complete: true };
    const fates = fatesBeforeUpload(c, known);
    assert.deepEqual(byName(c, fates), { North: 'updates', West: 'creates', Bad: undefined });
    assert.equal(
      fatesSummary(fates, known),
      'As far as this site’s earlier territory imports tell: 1 updates an existing territory, 1 creates a new one.',
    );
  });

  it('keeps an unlisted name “not known yet” when the knowledge is partial', () => {
    const c = collection();
    const known = { territories: [{ name: 'North' }], imports: 2, complete: false };
    assert.deepEqual(byName(c, fatesBeforeUpload(c, known)), {
      North: 'updates',
      West: 'unknown',
      Bad: undefined,
    });
  });

  it('marks what the platform reported after the import, and shows it in the list', () => {
    const c = collection();
    const after = fatesAfterImport(c, [
      { name: 'North', action: 'updated' },
      { name: 'West', action: 'created' },
    ]);
    assert.deepEqual(byName(c, after), { North: 'updated', West: 'created', Bad: undefined });
    const before = fatesBeforeUpload(c, {
      territories: [{ name: 'North' }],
      imports: 1,
      complete: true,
    });
    render(
      <TerritoryList collection={c} selected={null} onSelect={() => undefined} fates={before} />,
    );
    assert.match(
      screen.getByRole('button', { name: /North/ }).textContent ?? '',
      /updates an existing territory/,
    );
    assert.match(
      screen.getByRole('button', { name: /West/ }).textContent ?? '',
      /creates a new one/,
    );
    assert.doesNotMatch(
      screen.getByRole('button', { name: /Bad/ }).textContent ?? '',
      /·.*(new|existing)/,
    );
  });
});
