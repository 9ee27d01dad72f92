#!/usr/bin/env node
// Builds the renderer's offline basemap: world countries (world-atlas countries-50m) and US states
// (us-atlas states-10m), TopoJSON from installed npm packages, converted to one small GeoJSON file
// at renderer/assets/basemap.geojson. The map draws only this file: no tiles, glyphs or sprites
// from the network. Coordinates are rounded to 0.01° (about 1 km), plenty for a backdrop.
// Usage: node scripts/make-basemap.mjs [--out FILE]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { feature, mesh } from 'topojson-client';

const require = createRequire(import.meta.url);
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : 'renderer/assets/basemap.geojson');

const world = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const us = JSON.parse(readFileSync(require.resolve('us-atlas/states-10m.json'), 'utf8'));

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

mkdirSync(dirname(out), { recursive: true });
const text = JSON.stringify({ type: 'FeatureCollection', features });
writeFileSync(out, text);
console.log(`wrote ${out}: ${features.length} features, ${(text.length / 1024).toFixed(0)} KiB`);
