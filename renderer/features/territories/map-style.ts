/**
 * The map's style: only local sources — the bundled basemap GeoJSON, the territories being
 * checked and the points where rings cross themselves — drawn with background, fill, line and
 * circle layers. No tiles, glyphs or sprites, so the map never touches the network (place names
 * are HTML over the map: place-labels.ts). A light and a dark palette. std (plain data).
 */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import type { TerritoryCollection } from './territory-features.ts';

export const territorySource = 'territories';
export const crossingSource = 'crossings';
export const clickableLayers = ['territory-fill', 'territory-invalid'];

/** From here on the county borders are drawn (places.ts names counties from 6.5). */
export const countyBordersFrom = 5.5;

type Palette = {
  water: string;
  land: string;
  landOutline: string;
  country: string;
  state: string;
  county: string;
  fill: string;
  fillSelected: string;
  outline: string;
  invalid: string;
  crossingStroke: string;
};

const light: Palette = {
  water: '#cfe3f3',
  land: '#f4f1ea',
  landOutline: '#b9b2a3',
  country: '#a39b8a',
  state: '#9d9483',
  county: '#d2cbbd',
  fill: '#2f7de1',
  fillSelected: '#0b4fa8',
  outline: '#1f5fbf',
  invalid: '#d93025',
  crossingStroke: '#ffffff',
};

const dark: Palette = {
  water: '#0e1a26',
  land: '#242a31',
  landOutline: '#3d4550',
  country: '#58626f',
  state: '#6b7583',
  county: '#3a424c',
  fill: '#4d94ff',
  fillSelected: '#9cc2ff',
  outline: '#7fb0ff',
  invalid: '#ff6b5e',
  crossingStroke: '#15181c',
};

const isSelected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

/** Every themed paint property as [layer, property, value]. */
export function themePaint(isDark: boolean): [string, string, unknown][] {
  const p = isDark ? dark : light;
  return [
    ['background', 'background-color', p.water],
    ['countries', 'fill-color', p.land],
    ['countries', 'fill-outline-color', p.landOutline],
    ['country-borders', 'line-color', p.country],
    ['state-borders', 'line-color', p.state],
    ['county-borders', 'line-color', p.county],
    ['territory-fill', 'fill-color', ['case', isSelected, p.fillSelected, p.fill]],
    ['territory-outline', 'line-color', ['case', isSelected, p.fillSelected, p.outline]],
    ['territory-invalid', 'line-color', p.invalid],
    ['crossings', 'circle-color', p.invalid],
    ['crossings', 'circle-stroke-color', p.crossingStroke],
  ];
}

/** The style for a basemap URL, the territories, their crossing points and the theme. */
export function mapStyle(
  basemapUrl: string,
  territories: TerritoryCollection,
  crossings: FeatureCollection,
  isDark: boolean,
): StyleSpecification {
  const paint = (layer: string): Record<string, unknown> =>
    Object.fromEntries(
      themePaint(isDark)
        .filter(([l]) => l === layer)
        .map(([, k, v]) => [k, v]),
    );
  // Paint objects are built from themePaint's loose tuples; maplibre validates them on load.
  const style = {
    version: 8,
    sources: {
      basemap: { type: 'geojson', data: basemapUrl },
      [territorySource]: { type: 'geojson', data: territories },
      [crossingSource]: { type: 'geojson', data: crossings },
    },
    layers: [
      { id: 'background', type: 'background', paint: paint('background') },
      {
        id: 'countries',
        type: 'fill',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'country'],
        paint: paint('countries'),
      },
      {
        id: 'county-borders',
        type: 'line',
        source: 'basemap',
        minzoom: countyBordersFrom,
        filter: ['==', ['get', 'kind'], 'county-border'],
        paint: { ...paint('county-borders'), 'line-width': 0.6 },
      },
      {
        id: 'country-borders',
        type: 'line',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'country'],
        paint: { ...paint('country-borders'), 'line-width': 0.6 },
      },
      {
        id: 'state-borders',
        type: 'line',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'state-border'],
        paint: {
          ...paint('state-borders'),
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 8, 1.4],
          'line-dasharray': [3, 2],
        },
      },
      {
        id: 'territory-fill',
        type: 'fill',
        source: territorySource,
        filter: ['==', ['get', 'ok'], true],
        paint: {
          ...paint('territory-fill'),
          'fill-opacity': ['case', isSelected, 0.55, 0.35],
        },
      },
      {
        id: 'territory-outline',
        type: 'line',
        source: territorySource,
        filter: ['==', ['get', 'ok'], true],
        paint: { ...paint('territory-outline'), 'line-width': ['case', isSelected, 3, 1] },
      },
      {
        id: 'territory-invalid',
        type: 'line',
        source: territorySource,
        filter: ['==', ['get', 'ok'], false],
        paint: { ...paint('territory-invalid'), 'line-width': ['case', isSelected, 5, 3] },
      },
      {
        id: 'crossings',
        type: 'circle',
        source: crossingSource,
        paint: {
          ...paint('crossings'),
          'circle-radius': ['case', isSelected, 9, 6],
          'circle-stroke-width': 2,
        },
      },
    ],
  } as StyleSpecification;
  return style;
}
