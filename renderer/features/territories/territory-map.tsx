/**
 * The territories on a maplibre-gl map over the bundled offline basemap. One GeoJSON source for
 * all polygons (10,000 stay smooth: no per-feature layers or DOM markers); a click selects one.
 * DOM (WebGL).
 */
import { useEffect, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import basemapUrl from '../../assets/basemap.geojson?url';
import { useAppServices } from '../../app-services.tsx';
import { clickableLayers, mapStyle, territorySource } from './map-style.ts';
import { collectionBounds, type TerritoryCollection } from './territory-features.ts';

type Props = {
  collection: TerritoryCollection;
  selected: number | null;
  onSelect: (featureId: number | null) => void;
};

/** The map; `selected` is a feature id (its index in the collection). */
export function TerritoryMap({ collection, selected, onSelect }: Props) {
  const { assetUrl } = useAppServices();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  });

  useEffect(() => {
    if (!container.current) return;
    const m = new maplibregl.Map({
      container: container.current,
      style: mapStyle(assetUrl(basemapUrl), collection),
      bounds: collectionBounds(collection) ?? [-125, 24, -66, 50],
      fitBoundsOptions: { padding: 30, maxZoom: 12 },
      attributionControl: false,
      dragRotate: false,
      // The offline basemap is coarse (about 1 km); closer than this it says nothing more.
      maxZoom: 10,
    });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    m.on('click', (e) => {
      const hit = m.queryRenderedFeatures(e.point, { layers: clickableLayers })[0];
      onSelectRef.current(typeof hit?.id === 'number' ? hit.id : null);
    });
    for (const layer of clickableLayers) {
      m.on('mouseenter', layer, () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', layer, () => (m.getCanvas().style.cursor = ''));
    }
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
    // The map is made once; new data goes through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const m = map.current;
    const source = m?.getSource<maplibregl.GeoJSONSource>(territorySource);
    if (!m || !source) return;
    void source.setData(collection);
    const b = collectionBounds(collection);
    if (b) m.fitBounds(b, { padding: 30, maxZoom: 12, animate: false });
  }, [collection]);

  useEffect(() => {
    const m = map.current;
    if (!m || selected === null) return;
    const apply = () =>
      m.setFeatureState({ source: territorySource, id: selected }, { selected: true });
    if (m.isStyleLoaded()) apply();
    else m.once('load', apply);
    const f = collection.features[selected];
    const b = f ? collectionBounds({ type: 'FeatureCollection', features: [f] }) : null;
    if (b) m.fitBounds(b, { padding: 60, maxZoom: 8, duration: 300 });
    return () => {
      if (map.current?.getSource(territorySource)) {
        m.removeFeatureState({ source: territorySource, id: selected }, 'selected');
      }
    };
  }, [selected, collection]);

  return (
    <div
      ref={container}
      className="map"
      role="region"
      aria-label="Map of the territories (click one for details)"
    />
  );
}
