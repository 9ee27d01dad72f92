/**
 * A territory file as the check reads it: a `.kml` as it is, a `.kmz` (Google Earth's default
 * export, a ZIP) as the KML inside it. The platform takes KML, not KMZ (contract §6), so for a
 * KMZ that KML is also what the app sends: the result carries it and a warning that says so.
 * Runs in the checking worker (check-runner.ts). std (Blob).
 */
import { kmlFromKmz } from '../../core/import/kmz.ts';
import type { KmlReader, KmlSummary } from '../../core/kml/types.ts';

/** Whether a picked territory file is a KMZ (by its name, as the picker and the CLI tell). */
export function isKmzName(name: string): boolean {
  return /\.kmz$/i.test(name);
}

/** The name of the KML sent for a KMZ: `1_regions.kmz` → `1_regions.kml`. */
export function kmlNameFor(name: string): string {
  return isKmzName(name) ? name.replace(/\.kmz$/i, '.kml') : name;
}

/** What reading one territory file gave: the check's summary, and for a KMZ the KML to send. */
export type TerritoryFileRead = { summary: KmlSummary; kml?: Blob };

/**
 * Streams one territory file through `reader` (a KMZ is unpacked first: its KML is checked);
 * `onBytes` is told the share of the picked file's bytes read so far.
 */
export async function readTerritoryFile(
  name: string,
  file: Blob,
  reader: Pick<KmlReader, 'push' | 'end'>,
  chunks: (b: Blob) => AsyncIterable<Uint8Array>,
  onBytes: (bytes: number) => void,
): Promise<TerritoryFileRead> {
  if (!isKmzName(name)) {
    let bytes = 0;
    for await (const chunk of chunks(file)) {
      reader.push(chunk);
      onBytes((bytes += chunk.byteLength));
    }
    return { summary: reader.end() };
  }
  // A KMZ is a ZIP: its directory is at the end, so it is read whole (in the worker, not the page).
  const unpacked = kmlFromKmz(new Uint8Array(await file.arrayBuffer()));
  if (!unpacked.ok) {
    reader.end();
    return {
      summary: {
        placemarks: 0,
        valid: 0,
        invalid: 0,
        warnings: [],
        fileError: { code: 'not-kml', message: unpacked.message },
      },
    };
  }
  const kml = unpacked.kml;
  const step = 1024 * 1024;
  for (let at = 0; at < kml.length; at += step) {
    reader.push(kml.subarray(at, at + step));
    // Progress in the picked file's bytes, so the bar ends at the size the user sees.
    onBytes(Math.round((Math.min(at + step, kml.length) / kml.length) * file.size));
  }
  const summary = reader.end();
  return {
    summary: {
      ...summary,
      warnings: [
        // The wizard puts the file's name in front: "regions.kmz: a KMZ (zipped KML). …"
        `a KMZ (zipped KML). The platform takes KML, so the KML inside it (${unpacked.name}) is what was checked and what will be sent, as a .kml file; your .kmz is not changed.`,
        ...summary.warnings,
      ],
    },
    kml: new Blob([kml as Uint8Array<ArrayBuffer>], {
      type: 'application/vnd.google-earth.kml+xml',
    }),
  };
}
