/**
 * Child-process helper for the memory test: streams one KML file through createKmlReader and
 * prints `{ valid, invalid, fileError }` as JSON. Run with a small --max-old-space-size.
 */
import { createReadStream } from 'node:fs';
import { createKmlReader } from '../../../../core/kml/kml-reader.ts';

const path = process.argv[2] ?? '';
let valid = 0;
let invalid = 0;
const reader = createKmlReader({ onPlacemark: (p) => (p.ok ? valid++ : invalid++) });
for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
  reader.push(chunk as Uint8Array);
}
const summary = reader.end();
process.stdout.write(JSON.stringify({ valid, invalid, fileError: summary.fileError ?? null }));
