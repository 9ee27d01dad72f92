/**
 * Property-based tests of the KML reader (issue 14), with fast-check: on random bytes, and on
 * KML-like documents with random damage, in random chunks, it never throws, every Placemark it
 * hands out is counted, and it stays within its bounds (no more Placemarks than its cap, no ring
 * longer than its vertex cap). A fixed seed and a bounded number of runs keep CI time small.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createKmlReader } from '../../../core/kml/kml-reader.ts';
import type { PlacemarkResult } from '../../../core/kml/types.ts';

const seed = 20261203;
const numRuns = 250;
const maxPlacemarks = 4;
const maxVerticesPerPolygon = 12;

const coordinate = fc
  .tuple(
    fc.oneof(fc.double({ min: -200, max: 200, noNaN: true }), fc.constantFrom(0, 1, 180)),
    fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom(0, 1, 90)),
  )
  .map(([x, y]) => `${x},${y}`);

const ring = fc
  .array(coordinate, { minLength: 0, maxLength: 20 })
  .chain((cs) => fc.boolean().map((close) => (close && cs.length > 0 ? [...cs, cs[0]!] : cs)))
  .map((cs) => cs.join(' '));

const placemark = fc
  .tuple(fc.string({ maxLength: 6 }), ring, fc.constantFrom('Polygon', 'LineString', 'Point'))
  .map(
    ([name, coords, kind]) =>
      `<Placemark><name>${name.replace(/[<&]/g, '')}</name>` +
      (kind === 'Polygon'
        ? `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>`
        : `<${kind}><coordinates>${coords}</coordinates></${kind}>`) +
      '</Placemark>',
  );

/** A KML document, then maybe damaged: bytes cut off its end, or random bytes put inside. */
const kmlLike = fc
  .tuple(
    fc.array(placemark, { maxLength: 7 }),
    fc.nat(),
    fc.uint8Array({ maxLength: 8 }),
    fc.constantFrom('none', 'cut', 'insert'),
  )
  .map(([pms, where, junk, damage]) => {
    const doc = new TextEncoder().encode(
      `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${pms.join('')}</Document></kml>`,
    );
    const at = doc.length === 0 ? 0 : where % doc.length;
    if (damage === 'cut') return doc.subarray(0, at);
    if (damage === 'insert') {
      return new Uint8Array([...doc.subarray(0, at), ...junk, ...doc.subarray(at)]);
    }
    return doc;
  });

const input = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
  { weight: 3, arbitrary: kmlLike },
);

function cutsOf(bytes: Uint8Array, fractions: number[]): Uint8Array[] {
  const at = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

describe('KML reader: properties', () => {
  it('never throws on random or damaged input in random chunks, and stays within its bounds', () => {
    fc.assert(
      fc.property(
        input,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (bytes, fractions) => {
          const seen: PlacemarkResult[] = [];
          const reader = createKmlReader({
            onPlacemark: (p) => seen.push(p),
            maxPlacemarks,
            maxVerticesPerPolygon,
          });
          for (const c of cutsOf(bytes, fractions)) reader.push(c);
          const s = reader.end();
          assert.equal(s.placemarks, seen.length);
          assert.equal(s.valid + s.invalid, s.placemarks);
          assert.ok(s.placemarks <= maxPlacemarks, `${s.placemarks} placemarks`);
          for (const p of seen) {
            const rings = p.ok ? [p.polygon.outer] : (p.geometry ?? []);
            for (const r of rings) {
              assert.ok(r.length <= maxVerticesPerPolygon, `a ring of ${r.length} positions`);
            }
          }
          if (s.fileError) assert.equal(typeof s.fileError.message, 'string');
        },
      ),
      { seed, numRuns },
    );
  });

  it('reads an undamaged document the same under any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(placemark, { maxLength: 4 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (pms, fractions) => {
          const doc = new TextEncoder().encode(
            `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${pms.join('')}</Document></kml>`,
          );
          const read = (chunks: Uint8Array[]) => {
            const out: string[] = [];
            const r = createKmlReader({
              onPlacemark: (p) => out.push(JSON.stringify(p)),
              maxVerticesPerPolygon,
            });
            for (const c of chunks) r.push(c);
            return { out, summary: r.end() };
          };
          assert.deepEqual(read(cutsOf(doc, fractions)), read([doc]));
        },
      ),
      { seed, numRuns: 150 },
    );
  });
});
