/**
 * KMZ on the territories path (issue 12 §2): the picker takes `.kmz` beside `.kml` and `.zip`,
 * and what is uploaded for a KMZ is the KML the check took out of it (the platform takes KML,
 * contract §6). The worker does the unpacking (renderer/workers/kmz-reading.ts). Pure. std.
 */
import type { Profile } from '../../../core/profiles/profiles.ts';
import type { KmlFileResult } from '../../workers/check-protocol.ts';
import { kmlNameFor } from '../../workers/kmz-reading.ts';

/**
 * The profile as the app's picker sees it: its territories drop also takes `.kmz`. Only the
 * app's picker: the platform (and the emulator, as strict) still takes `.kml` and `.zip`.
 */
export function withKmzTerritories(profile: Profile): Profile {
  return {
    ...profile,
    drops: profile.drops.map((d) =>
      d.kind === 'territories' && !d.extensions.includes('.kmz')
        ? { ...d, extensions: [...d.extensions, '.kmz'] }
        : d,
    ),
  };
}

/**
 * The files to upload, in the picked order: each KMZ replaced by the KML the check read from it
 * (`1_regions.kmz` → `1_regions.kml`), every other file as picked.
 */
export function territoryFilesToSend(
  picked: readonly File[],
  results: readonly Pick<KmlFileResult, 'name' | 'kml'>[],
): File[] {
  return picked.map((f, i) => {
    const r = results[i];
    if (!r?.kml || r.name !== f.name) return f;
    return new File([r.kml], kmlNameFor(f.name), {
      type: 'application/vnd.google-earth.kml+xml',
      lastModified: f.lastModified,
    });
  });
}
