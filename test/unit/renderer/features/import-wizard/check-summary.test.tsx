import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { checkKmlText } from '../../../../../core/kml/index.ts';
import { ProblemsTable } from '../../../../../renderer/components/problems-table.tsx';
import {
  fromKmlResults,
  noRules,
  sentAsIs,
  withWarningsFirst,
} from '../../../../../renderer/features/import-wizard/check-summary.ts';
import type { WizardAction } from '../../../../../renderer/features/import-wizard/import-wizard-machine.ts';
import {
  addTerritoryFeatures,
  type TerritoryCollection,
} from '../../../../../renderer/features/territories/territory-features.ts';

const ring = (x: number, y: number) =>
  `${x},${y} ${x + 1},${y} ${x + 1},${y + 1} ${x},${y + 1} ${x},${y}`;
const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>North</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(-97, 30)}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Bowtie</name><Polygon><outerBoundaryIs><LinearRing><coordinates>-95,30 -94,31 -94,30 -95,31 -95,30</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Knot</name><Polygon><outerBoundaryIs><LinearRing><coordinates>-93,30 -92,31 -92,30 -93,31 -93,30</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
<Placemark><name>Pin</name><Point><coordinates>-90,30</coordinates></Point></Placemark>
<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(-89, 30)}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>`;

function summary() {
  const { placemarks, summary: s } = checkKmlText(kml);
  const features: TerritoryCollection['features'] = [];
  addTerritoryFeatures(features, '1_regions.kml', 1, placemarks);
  const collection: TerritoryCollection = { type: 'FeatureCollection', features };
  return fromKmlResults([{ name: '1_regions.kml', level: 1, summary: s }], collection);
}

describe('fromKmlResults', () => {
  afterEach(cleanup);
  after(closeDom);

  it('gives each invalid placemark the reader’s problem code as its kind', () => {
    const s = summary();
    assert.deepEqual(
      s.problems.map((p) => `${p.value}:${p.kind}`),
      [
        'Bowtie:self-intersection',
        'Knot:self-intersection',
        'Pin:point',
        '(no name, placemark 5):missing-name',
      ],
    );
    assert.equal(s.itemsValid, 1);
  });

  it('lets the kind filter of the problems table pick one kind of KML problem', () => {
    const s = summary();
    render(
      <ProblemsTable
        title="Territories that cannot be imported"
        rows={s.problems}
        exportName="x"
        onExport={() => undefined}
      />,
    );
    const kinds = within(screen.getByLabelText('Kind of problem'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    assert.deepEqual(kinds, ['All (4)', 'self intersection (2)', 'missing name (1)', 'point (1)']);
    fireEvent.change(screen.getByLabelText('Kind of problem'), {
      target: { value: 'self-intersection' },
    });
    assert.equal(within(screen.getByRole('table')).getAllByRole('row').length, 3);
  });
});

describe('files nothing here can check', () => {
  it('says “no template” only of platforms that have none, and refuses records without rules', () => {
    assert.match(sentAsIs('platform-has-no-template').warnings[0] ?? '', /no template/);
    assert.doesNotMatch(sentAsIs('zip').warnings[0] ?? '', /no template/);
    const none = noRules();
    assert.match(none.fileError ?? '', /no template to check this file against yet/);
    assert.equal(none.itemsTotal, 0); // so Upload stays disabled (canUpload needs rows)
  });
});

describe('withWarningsFirst', () => {
  it('puts a conversion’s warnings before a later check’s own, other actions as they are', () => {
    const seen: WizardAction[] = [];
    const send = withWarningsFirst(
      (a) => seen.push(a),
      ['Read as Windows-1252 and sent as UTF-8.'],
    );
    const picked: WizardAction = { type: 'wizard/files-picked', files: [] };
    send(picked);
    send({
      type: 'wizard/check-finished',
      summary: { ...sentAsIs('zip'), warnings: ['1 empty row (no values at all) was skipped.'] },
      remoteNames: ['a.csv'],
    });
    assert.equal(seen[0], picked);
    const done = seen[1];
    assert.deepEqual(done?.type === 'wizard/check-finished' && done.summary.warnings, [
      'Read as Windows-1252 and sent as UTF-8.',
      '1 empty row (no values at all) was skipped.',
    ]);
  });

  it('is the dispatch itself without warnings', () => {
    const dispatch = (_a: WizardAction) => undefined;
    assert.equal(withWarningsFirst(dispatch, []), dispatch);
    assert.equal(withWarningsFirst(dispatch, undefined), dispatch);
  });
});
