import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  placeLabels,
  zoomForWidth,
  type LabelCandidate,
  type View,
} from '../../../../../renderer/features/territories/place-labels.ts';
import {
  placeCandidates,
  territoryCandidates,
  type Places,
} from '../../../../../renderer/features/territories/places.ts';
import { zoomLimits } from '../../../../../renderer/features/territories/zoom-limits.ts';
import type { TerritoryCollection } from '../../../../../renderer/features/territories/territory-features.ts';

/** A plain equirectangular view: 100 px per degree around (lon0, lat0). */
function view(zoom: number, lon0 = -97, lat0 = 32, width = 800, height = 600): View {
  const k = 100;
  return {
    zoom,
    width,
    height,
    bounds: [
      lon0 - width / 2 / k,
      lat0 - height / 2 / k,
      lon0 + width / 2 / k,
      lat0 + height / 2 / k,
    ],
    project: (lon, lat) => ({ x: width / 2 + (lon - lon0) * k, y: height / 2 - (lat - lat0) * k }),
  };
}
const c = (text: string, lon: number, lat: number, minZoom = 0): LabelCandidate => ({
  text,
  kind: 'city',
  lon,
  lat,
  minZoom,
});

describe('placeLabels', () => {
  it('keeps the first of two overlapping labels and both of two apart', () => {
    const placed = placeLabels(
      [c('Dallas', -97, 32), c('Irving', -97.05, 32.02), c('Tyler', -95.3, 32.35)],
      view(6),
    );
    assert.deepEqual(
      placed.map((l) => l.text),
      ['Dallas', 'Tyler'],
    );
  });
  it('skips candidates before their zoom, out of view or cut by the edge, and stops at the cap', () => {
    const placed = placeLabels(
      [c('Later', -97, 32, 8), c('Far away', -80, 40), c('Edge', -100.98, 32), c('Here', -97, 32)],
      view(6),
    );
    assert.deepEqual(
      placed.map((l) => l.text),
      ['Here'],
    );
    const many = Array.from({ length: 50 }, (_, i) =>
      c(`P${i}`, -100 + (i % 10) * 0.7, 30 + Math.floor(i / 10) * 0.5),
    );
    assert.equal(placeLabels(many, view(6), 7).length, 7);
  });
  it('places a few hundred labels out of 20,000 candidates quickly', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      c(`Town ${i}`, -101 + (i % 200) * 0.04, 29 + Math.floor(i / 200) * 0.06),
    );
    // The fastest of a few runs: the bound is for a warmed-up page, not for a busy test machine.
    let ms = Infinity;
    let placed = placeLabels(many, view(9));
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      placed = placeLabels(many, view(9));
      ms = Math.min(ms, performance.now() - t0);
    }
    assert.ok(placed.length > 20 && placed.length <= 160, String(placed.length));
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
  });
  it('names a territory once it is about as wide on screen as its name', () => {
    assert.ok(Math.abs(zoomForWidth(360, 512) - 0) < 1e-9);
    assert.ok(zoomForWidth(0.1, 60) > zoomForWidth(1, 60));
  });
});

describe('the bundled places', () => {
  const places = JSON.parse(
    readFileSync(new URL('../../../../../renderer/assets/places.json', import.meta.url), 'utf8'),
  ) as Places;
  it('has US states, counties and cities with population, biggest first', () => {
    assert.ok(places.states.some(([n]) => n === 'Texas'));
    assert.ok(places.counties.length > 3000);
    assert.ok(places.counties.some(([n]) => n === 'Dallas'));
    const dallas = places.cities.find(([n]) => n === 'Dallas');
    assert.ok(dallas && dallas[3] > 1_000_000 && Math.abs(dallas[1] + 96.8) < 0.3);
    for (let i = 1; i < places.cities.length; i++) {
      assert.ok(places.cities[i - 1]![3] >= places.cities[i]![3]);
    }
  });
  it('shows states and big cities zoomed out, counties and towns only closer', () => {
    const cands = placeCandidates(places);
    const texas = view(4, -99, 31.5);
    const out = placeLabels(cands, {
      ...texas,
      project: (lon, lat) => ({ x: 400 + (lon + 99) * 40, y: 300 - (lat - 31.5) * 40 }),
      bounds: [-109, 24, -89, 39],
    });
    const kinds = new Set(out.map((l) => l.kind));
    assert.ok(out.some((l) => l.text === 'Texas'));
    assert.ok(out.some((l) => l.text === 'Houston'));
    assert.equal(kinds.has('county'), false);
    const close = placeLabels(cands, view(9, -96.8, 32.8));
    assert.ok(close.some((l) => l.kind === 'county'));
    assert.ok(close.some((l) => l.text === 'Dallas'));
  });
});

describe('territory labels and zoom limits', () => {
  const square = (name: string, w: number, s: number, size: number) => ({
    type: 'Feature' as const,
    id: 0,
    properties: {
      id: name,
      file: 'a.kml',
      level: 1,
      index: 1,
      name,
      ok: true,
      code: '',
      reason: '',
      line: 1,
    },
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [w, s],
          [w + size, s],
          [w + size, s + size],
          [w, s + size],
          [w, s],
        ],
      ],
    },
  });
  const coll: TerritoryCollection = {
    type: 'FeatureCollection',
    features: [square('Small', -97, 32, 0.01), square('Big', -100, 30, 3)],
  };
  it('puts bigger territories first and names them from a lower zoom', () => {
    const t = territoryCandidates(coll);
    assert.deepEqual(
      t.map((x) => x.text),
      ['Big', 'Small'],
    );
    assert.ok(t[0]!.minZoom < t[1]!.minZoom);
    assert.deepEqual([t[0]!.lon, t[0]!.lat], [-98.5, 31.5]);
  });
  it('zooms out to the world and in far enough for the smallest territory', () => {
    const z = zoomLimits(coll);
    assert.equal(z.min, 1);
    assert.ok(z.max >= 14 && z.max <= 17, String(z.max));
    assert.equal(
      zoomLimits({ type: 'FeatureCollection', features: [square('Big', -100, 30, 3)] }).max,
      11,
    );
  });
});
