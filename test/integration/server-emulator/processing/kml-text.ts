/**
 * KML text for the territory tests (contract §6): squares, polygons with holes, placemarks with
 * or without a name, and the document around them. std, tests only.
 */

export type Ring = [number, number][];

/** A closed square ring with its lower-left corner at (x, y). */
export const square = (x: number, y: number, s: number): Ring => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

/** A ring whose edges cross (invalid: self-intersection). */
export const bowtie: Ring = [
  [0, 0],
  [2, 2],
  [2, 0],
  [0, 2],
  [0, 0],
];

const coords = (r: Ring) => r.map(([a, b]) => `${a},${b}`).join(' ');

export const polygon = (outer: Ring, holes: Ring[] = []) =>
  `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(outer)}</coordinates></LinearRing></outerBoundaryIs>${holes
    .map(
      (h) =>
        `<innerBoundaryIs><LinearRing><coordinates>${coords(h)}</coordinates></LinearRing></innerBoundaryIs>`,
    )
    .join('')}</Polygon>`;

export const placemark = (name: string | null, geometry: string) =>
  `<Placemark>${name === null ? '' : `<name>${name}</name>`}${geometry}</Placemark>`;

export const kml = (...placemarks: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n${placemarks.join('\n')}\n</Document></kml>\n`;
