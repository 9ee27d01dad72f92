/**
 * A compressed file under a .kml name (issue 14): the reader says it is a KMZ/ZIP or gzip and
 * what to do, not that it is "not valid UTF-8", whatever the chunk sizes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, zipSync, strToU8 } from 'fflate';
import { checkKmlBytes, createKmlReader } from '../../../../core/kml/kml-reader.ts';
import type { KmlSummary } from '../../../../core/kml/types.ts';

const kml =
  '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>A</name><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>';
const kmz = zipSync({ 'doc.kml': strToU8(kml) });
const gz = gzipSync(strToU8(kml));

function readChunked(bytes: Uint8Array, size: number): KmlSummary {
  const reader = createKmlReader({ onPlacemark: () => undefined });
  for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
  return reader.end();
}

describe('KML reader: compressed files under a .kml name', () => {
  for (const size of [1, 2, 1 << 20]) {
    it(`names a KMZ/ZIP and gzip, and what to do (chunks of ${size} bytes)`, () => {
      const a = readChunked(kmz, size);
      assert.match(a.fileError?.message ?? '', /^This \.kml file is a KMZ\/ZIP archive; /);
      assert.match(a.fileError?.message ?? '', /\.kmz/);
      const b = readChunked(gz, size);
      assert.match(b.fileError?.message ?? '', /^This \.kml file is really gzip-compressed/);
      for (const s of [a, b]) {
        assert.doesNotMatch(s.fileError?.message ?? '', /not valid UTF-8/);
        assert.equal(s.placemarks, 0);
      }
    });
  }

  it('still reads a real KML in chunks of 1 byte, and a tiny non-KML file', () => {
    assert.equal(readChunked(strToU8(kml), 1).valid, 1);
    assert.equal(checkKmlBytes(strToU8('PK')).summary.fileError?.code, 'malformed-xml');
  });
});
