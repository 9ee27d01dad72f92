import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkKmlBytes, checkKmlText, createKmlReader } from '../../../../core/kml/kml-reader.ts';
import type { PlacemarkResult, TerritoryProblemCode } from '../../../../core/kml/types.ts';

const fixtures = join(import.meta.dirname, '../../../fixtures/kml');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

function only(name: string): PlacemarkResult {
  const { placemarks, summary } = checkKmlBytes(load(name));
  assert.equal(summary.fileError, undefined, summary.fileError?.message);
  assert.equal(placemarks.length, 1);
  return placemarks[0]!;
}

function expectProblem(
  fixture: string,
  code: TerritoryProblemCode,
  words: RegExp,
): PlacemarkResult {
  const p = only(fixture);
  assert.equal(p.ok, false);
  if (p.ok) throw new Error('unreachable');
  assert.equal(p.code, code);
  assert.match(p.message, words);
  assert.match(
    p.message,
    /export|give|draw|fix|remove|split|simplify/i,
    'the message says what to do',
  );
  return p;
}

const kml = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n${body}\n</Document></kml>\n`;
const polygon = (name: string, coords: string): string =>
  `<Placemark><name>${name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;

describe('the KML territory reader', () => {
  it('accepts simple squares and gives each its name, ring, bbox, centroid and line', () => {
    const { placemarks, summary } = checkKmlBytes(load('valid-squares.kml'));
    assert.deepEqual(summary, { placemarks: 2, valid: 2, invalid: 0, warnings: [] });
    const [north, south] = placemarks;
    assert.ok(north?.ok && south?.ok);
    assert.equal(north.name, 'North');
    assert.equal(north.index, 1);
    assert.equal(north.line, 4);
    assert.deepEqual(north.polygon.outer[0], [-100, 40]);
    assert.equal(north.polygon.outer.length, 5);
    assert.deepEqual(north.bbox, [-100, 40, -99, 41]);
    assert.deepEqual(north.centroid, [-99.5, 40.5]);
    assert.equal(south.index, 2);
    assert.equal(south.line, 8);
    assert.deepEqual(south.polygon.outer[1], [-99, 38], 'the altitude is dropped');
  });

  it('finds Placemarks nested in Folders at any depth', () => {
    const { placemarks } = checkKmlBytes(load('nested-folders.kml'));
    assert.deepEqual(
      placemarks.map((p) => [p.name, p.ok]),
      [
        ['Deep', true],
        ['Shallow', true],
      ],
    );
  });

  it('refuses a bow-tie with where it crosses', () => {
    const p = expectProblem(
      'bow-tie.kml',
      'self-intersection',
      /crosses or touches itself near 0\.5,0\.5/,
    );
    assert.ok(!p.ok && p.geometry?.[0]?.length === 5, 'the ring is given for highlighting');
  });

  it('refuses a polygon with a hole', () => {
    const p = expectProblem('hole.kml', 'hole', /hole/);
    assert.ok(!p.ok && p.geometry?.length === 2, 'both rings are given for highlighting');
  });

  it('refuses a MultiGeometry', () => {
    expectProblem('multi-geometry.kml', 'multi-geometry', /MultiGeometry/);
  });
  it('refuses a Point', () => {
    expectProblem('point.kml', 'point', /Point/);
  });
  it('refuses a LineString', () => {
    expectProblem('line.kml', 'line-string', /LineString/);
  });
  it('refuses a Placemark without a name', () => {
    const p = expectProblem('missing-name.kml', 'missing-name', /no name/);
    assert.equal(p.name, null);
  });
  it('refuses a ring that is not closed', () => {
    expectProblem('unclosed-ring.kml', 'ring-not-closed', /not closed/);
  });
  it('refuses a ring of 3 positions', () => {
    expectProblem('three-positions.kml', 'too-few-positions', /at least 4/);
  });
  it('refuses latitude 91 and hints at the lon,lat order', () => {
    expectProblem(
      'lat-91.kml',
      'latitude-out-of-range',
      /Position 3 .*latitude 91.*longitude first/,
    );
  });
  it('refuses longitude 181', () => {
    expectProblem('lon-181.kml', 'longitude-out-of-range', /longitude 181/);
  });
  it('refuses NaN as a coordinate', () => {
    expectProblem('nan.kml', 'bad-coordinate', /Position 2 \("NaN,0"\)/);
  });

  it('refuses a Placemark with no geometry at all', () => {
    const { placemarks } = checkKmlText(kml('<Placemark><name>Empty</name></Placemark>'));
    assert.equal(placemarks[0]?.ok === false && placemarks[0].code, 'missing-geometry');
  });

  it('refuses positions with one number or four', () => {
    for (const coords of ['0,0 1 1,1 0,0', '0,0 1,0,0,0 1,1 0,0', '0,0 1;0 1,1 0,1 0,0']) {
      const { placemarks } = checkKmlText(kml(polygon('X', coords)));
      assert.equal(placemarks[0]?.ok === false && placemarks[0].code, 'bad-coordinate', coords);
    }
  });

  it('reads spaces around commas, exponents and + signs as numbers', () => {
    const { placemarks } = checkKmlText(kml(polygon('X', '0 , 0  1e0,0 +1, 1\n0,1.0 0,0')));
    assert.equal(placemarks[0]?.ok, true, JSON.stringify(placemarks[0]));
  });

  it('reads a name in CDATA, a kml: prefix, and an entity in the coordinates', () => {
    const text = kml(
      '<kml:Placemark><kml:name><![CDATA[A & B]]></kml:name><kml:Polygon><kml:outerBoundaryIs><kml:LinearRing><kml:coordinates>0,0&#32;1,0 1,1 0,1 0,0</kml:coordinates></kml:LinearRing></kml:outerBoundaryIs></kml:Polygon></kml:Placemark>' +
        polygon('Entity', '0,0&#32;1,0 1,1 0,1 0,0'),
    );
    const { placemarks } = checkKmlText(text);
    assert.deepEqual(
      placemarks.map((p) => [p.name, p.ok]),
      [
        ['A & B', true],
        ['Entity', true],
      ],
    );
  });

  it('fails the whole file at once for a DOCTYPE (billion laughs) without expanding anything', () => {
    const t0 = performance.now();
    const { placemarks, summary } = checkKmlBytes(load('billion-laughs.kml'));
    assert.ok(performance.now() - t0 < 500);
    assert.equal(placemarks.length, 0);
    assert.equal(summary.fileError?.code, 'doctype');
    assert.equal(
      summary.fileError?.message,
      'KML with a DOCTYPE is not supported (it can hide entity attacks); export the file again without it.',
    );
  });

  it('fails the whole file for an external entity (XXE) and never reads the file it names', () => {
    const { placemarks, summary } = checkKmlBytes(load('xxe.kml'));
    assert.equal(placemarks.length, 0);
    assert.equal(summary.fileError?.code, 'doctype');
  });

  it('finds a DOCTYPE split across two chunks', () => {
    const bytes = load('xxe.kml');
    const split = new TextDecoder().decode(bytes).indexOf('DOCTYPE') + 2;
    const reader = createKmlReader({ onPlacemark: () => assert.fail('no Placemark may come out') });
    reader.push(bytes.subarray(0, split));
    reader.push(bytes.subarray(split));
    assert.equal(reader.end().fileError?.code, 'doctype');
  });

  it('reports malformed XML as a file error with its line and column', () => {
    const { summary, placemarks } = checkKmlBytes(load('malformed.kml'));
    assert.equal(summary.fileError?.code, 'malformed-xml');
    assert.deepEqual(
      placemarks.map((p) => p.name),
      ['Broken'],
      'the Placemark closed by the mismatched tag does not come out',
    );
    assert.equal(summary.fileError?.line, 5);
    assert.match(summary.fileError?.message ?? '', /line 5, column \d+/);
  });

  it('counts lines and columns right after long coordinate lists it skips past the XML parser', () => {
    const coords = '0,0\n1,0\n1,1\n0,1\n0,0';
    const text = `<kml><Document>\n${polygon('A', coords)}\n${polygon('B', coords)}\n<Placemark><name>C</name></Placemarx>\n</Document></kml>`;
    const { placemarks, summary } = checkKmlText(text);
    assert.deepEqual(
      placemarks.slice(0, 2).map((p) => p.line),
      [2, 7],
    );
    assert.equal(summary.fileError?.line, 12);
    assert.equal(summary.fileError?.column, 37);
  });

  it('never fetches a NetworkLink and says so in a warning', () => {
    const { placemarks, summary } = checkKmlBytes(load('network-link.kml'));
    assert.equal(placemarks.length, 1);
    assert.equal(placemarks[0]?.ok, true);
    assert.match(summary.warnings[0] ?? '', /NetworkLink.*never fetched/);
  });

  it('warns when two Placemarks share a name, since the later shape wins', () => {
    const { summary } = checkKmlText(
      kml(polygon('Same', '0,0 1,0 1,1 0,0') + polygon('Same', '2,0 3,0 3,1 2,0')),
    );
    assert.equal(summary.valid, 2);
    assert.match(summary.warnings.join('\n'), /#1 and #2 are both named "Same"/);
  });

  it('fails a file that is not UTF-8, not KML, or has no Placemark', () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(kml(polygon('Caf', '0,0 1,0 1,1 0,0'))),
      0xe9,
    ]);
    assert.equal(checkKmlBytes(latin1).summary.fileError?.code, 'not-utf8');
    assert.equal(checkKmlText('<gpx><trk/></gpx>').summary.fileError?.code, 'not-kml');
    assert.equal(checkKmlText(kml('')).summary.fileError?.code, 'no-placemarks');
    assert.equal(checkKmlText('').summary.fileError?.code, 'malformed-xml');
  });

  it('fails the file when it has more Placemarks than allowed', () => {
    const body = Array.from({ length: 5 }, (_, i) => polygon(`P${i}`, '0,0 1,0 1,1 0,0')).join('');
    const { summary, placemarks } = checkKmlText(kml(body), { maxPlacemarks: 3 });
    assert.equal(placemarks.length, 3);
    assert.equal(summary.fileError?.code, 'too-many-placemarks');
  });

  it('refuses a polygon over the vertex cap with a clear message', () => {
    const { placemarks } = checkKmlText(kml(polygon('Big', '0,0 1,0 1,1 0,1 0,0')), {
      maxVerticesPerPolygon: 4,
    });
    assert.ok(placemarks[0] && !placemarks[0].ok);
    assert.equal(placemarks[0].code, 'too-many-vertices');
    assert.match(placemarks[0].message, /more than 4 positions.*Simplify/);
  });

  it('gives the same results for any chunk size, down to one byte', () => {
    const files = [
      'valid-squares.kml',
      'nested-folders.kml',
      'bow-tie.kml',
      'hole.kml',
      'lat-91.kml',
      'malformed.kml',
      'xxe.kml',
      'network-link.kml',
    ];
    const multiByte = new TextEncoder().encode(
      kml(
        polygon('Zürich – 東京 🗺', '8.5,47.3\n8.6,47.3 8.6,47.4\r\n8.5,47.4 8.5,47.3') +
          polygon('Ørsted', '0,0 1,1 1,0 0,1 0,0'),
      ),
    );
    const inputs = [...files.map(load), multiByte];
    for (const bytes of inputs) {
      const whole = checkKmlBytes(bytes);
      for (const size of [1, 2, 3, 7, 13, 64, 1000]) {
        const got: PlacemarkResult[] = [];
        const reader = createKmlReader({ onPlacemark: (p) => got.push(p) });
        for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
        const summary = reader.end();
        assert.deepEqual(got, whole.placemarks, `chunk size ${size}`);
        assert.deepEqual(summary, whole.summary, `chunk size ${size}`);
      }
    }
    const special = checkKmlBytes(multiByte).placemarks;
    assert.equal(special[0]?.name, 'Zürich – 東京 🗺');
    assert.equal(special[0]?.ok, true);
    assert.equal(special[1]?.ok === false && special[1].code, 'self-intersection');
  });
});
