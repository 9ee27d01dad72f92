/**
 * The map's style: only local sources — the bundled basemap GeoJSON and the territories being
 * checked — drawn with background, fill and line layers. No tiles, glyphs or sprites, so the map
 * never touches the network. std (plain data).
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { TerritoryCollection } from './territory-features.ts';

export const territorySource = 'territories';
export const clickableLayers = ['territory-fill', 'territory-invalid'];

/** The style for a basemap URL and an initial territory collection. */
export function mapStyle(basemapUrl: string, territories: TerritoryCollection): StyleSpecification {
  return {
    version: 8,
    sources: {
      basemap: { type: 'geojson', data: basemapUrl },
      [territorySource]: { type: 'geojson', data: territories },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#cfe3f3' } },
      {
        id: 'countries',
        type: 'fill',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'country'],
        paint: { 'fill-color': '#f4f1ea', 'fill-outline-color': '#b9b2a3' },
      },
      {
        id: 'country-borders',
        type: 'line',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'country'],
        paint: { 'line-color': '#a39b8a', 'line-width': 0.6 },
      },
      {
        id: 'state-borders',
        type: 'line',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'state-border'],
        paint: { 'line-color': '#bdb5a6', 'line-width': 0.5, 'line-dasharray': [2, 2] },
      },
      {
        id: 'territory-fill',
        type: 'fill',
        source: territorySource,
        filter: ['==', ['get', 'ok'], true],
        paint: {
          'fill-color': [
            'case',
            ['boolean', ['feature-state', 'selected'], false],
            '#0b4fa8',
            '#2f7de1',
          ],
          'fill-opacity': 0.35,
        },
      },
      {
        id: 'territory-outline',
        type: 'line',
        source: territorySource,
        filter: ['==', ['get', 'ok'], true],
        paint: {
          'line-color': '#1f5fbf',
          'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1],
        },
      },
      {
        id: 'territory-invalid',
        type: 'line',
        source: territorySource,
        filter: ['==', ['get', 'ok'], false],
        paint: {
          'line-color': '#d93025',
          'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 5, 3],
        },
      },
    ],
  };
}
