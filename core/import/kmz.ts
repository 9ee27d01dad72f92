/**
 * KMZ, Google Earth's default export: a ZIP whose main KML is `doc.kml` (or, in older files, the
 * first `.kml` entry at the top level). The platform takes KML (contract §6), so a KMZ is read
 * as its main KML. Browser-safe (fflate). std.
 */
import { unzipSync } from 'fflate';

/** A KMZ must hold its KML within this many bytes once unpacked (a ZIP bomb stops here). */
export const maxKmlBytesInKmz = 512 * 1024 * 1024;

/** Whether bytes start like a ZIP archive (`PK\x03\x04`). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The main KML of a KMZ, or why there is none, in words that say what to do. */
export function kmlFromKmz(
  bytes: Uint8Array,
): { ok: true; name: string; kml: Uint8Array } | { ok: false; message: string } {
  if (!looksLikeZip(bytes)) {
    return {
      ok: false,
      message: 'This .kmz file is not a ZIP archive. Export it again from Google Earth.',
    };
  }
  let names: string[] = [];
  let tooBig = false;
  try {
    // First pass: names and sizes only (the filter sees each entry's declared size).
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        if (f.originalSize > maxKmlBytesInKmz) tooBig = true;
        return false;
      },
    });
  } catch {
    return {
      ok: false,
      message: 'This .kmz file is damaged (its ZIP cannot be read). Export it again.',
    };
  }
  const main =
    names.find((n) => n.toLowerCase() === 'doc.kml') ??
    names.find((n) => !n.includes('/') && n.toLowerCase().endsWith('.kml'));
  if (!main) {
    return {
      ok: false,
      message: `This .kmz file holds no KML (it has ${names.length} other file${names.length === 1 ? '' : 's'}). Export the territories again as KML or KMZ.`,
    };
  }
  if (tooBig) {
    return {
      ok: false,
      message:
        'This .kmz file unpacks to more than 512 MB; split the territories into smaller files.',
    };
  }
  names = [];
  try {
    const got = unzipSync(bytes, { filter: (f) => f.name === main });
    const kml = got[main];
    if (!kml) return { ok: false, message: 'This .kmz file is damaged. Export it again.' };
    return { ok: true, name: main, kml };
  } catch (e) {
    const why =
      e instanceof Error && /encrypt|password/i.test(e.message)
        ? ' (it is password-protected; make the KMZ without a password)'
        : '';
    return {
      ok: false,
      message: `The KML inside this .kmz file cannot be unpacked${why}. Export it again.`,
    };
  }
}
