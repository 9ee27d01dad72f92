/**
 * The territories on a maplibre-gl map over the bundled offline basemap, with place names (US
 * states, counties and cities by size as you zoom) and each territory's name drawn as HTML
 * labels over it (label-overlay.ts; no glyphs, nothing fetched from the network). One GeoJSON
 * source for all polygons (10,000 stay smooth: no per-feature layers or DOM markers; at most a
 * few hundred labels at once). A click selects one; the selected one is framed, and for a ring
 * that crosses itself the crossing point is marked and centred. Dark in the dark theme. DOM
 * (WebGL).
 */
import { useEffect, useMemo, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import basemapUrl from '../../assets/basemap.geojson?url';
import placesUrl from '../../assets/places.json?url';
import { useAppServices } from '../../app-services.tsx';
import { createLabelOverlay, type LabelOverlay } from './label-overlay.ts';
import {
  clickableLayers,
  crossingSource,
  mapStyle,
  territorySource,
  themePaint,
} from './map-style.ts';
import { placeCandidates, territoryCandidates, type Places } from './places.ts';
import {
  collectionBounds,
  crossingPoints,
  type TerritoryCollection,
} from './territory-features.ts';
import { isDark, watchTheme } from './use-dark-theme.ts';
import { zoomLimits } from './zoom-limits.ts';

type Props = {
  collection: TerritoryCollection;
  selected: number | null;
  onSelect: (featureId: number | null) => void;
};

/** The map; `selected` is a feature id (its index in the collection). */
export function TerritoryMap({ collection, selected, onSelect }: Props) {
  const { assetUrl } = useAppServices();
  const container = useRef<HTMLDivElement>(null);
  const labelLayer = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const overlay = useRef<LabelOverlay | null>(null);
  const onSelectRef = useRef(onSelect);
  const limits = useMemo(() => zoomLimits(collection), [collection]);
  useEffect(() => {
    onSelectRef.current = onSelect;
  });

  useEffect(() => {
    if (!container.current || !labelLayer.current) return;
    const m = new maplibregl.Map({
      container: container.current,
      style: mapStyle(
        assetUrl(basemapUrl),
        collection,
        crossingPoints(collection),
        isDark(container.current),
      ),
      bounds: collectionBounds(collection) ?? [-125, 24, -66, 50],
      fitBoundsOptions: { padding: 30, maxZoom: limits.fitMax },
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      renderWorldCopies: false,
      minZoom: limits.min,
      maxZoom: limits.max,
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
    const labels = createLabelOverlay(m, labelLayer.current);
    labels.setTerritories(territoryCandidates(collection));
    overlay.current = labels;
    let alive = true;
    void fetch(assetUrl(placesUrl))
      .then((r) => r.json() as Promise<Places>)
      .then((p) => alive && labels.setPlaces(placeCandidates(p)))
      .catch(() => undefined); // no place names: the map still shows the territories
    // A dark map in the dark theme, following the theme as it changes.
    const stopTheme = watchTheme(container.current, (dark) => {
      const apply = () => {
        for (const [layer, prop, value] of themePaint(dark)) {
          m.setPaintProperty(layer, prop as 'fill-color', value as string);
        }
      };
      if (m.isStyleLoaded()) apply();
      else m.once('idle', apply);
    });
    map.current = m;
    return () => {
      stopTheme();
      alive = false;
      labels.remove();
      m.remove();
      map.current = null;
      overlay.current = null;
    };
    // The map is made once; new data goes through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const m = map.current;
    const source = m?.getSource<maplibregl.GeoJSONSource>(territorySource);
    if (!m || !source) return;
    void source.setData(collection);
    void m.getSource<maplibregl.GeoJSONSource>(crossingSource)?.setData(crossingPoints(collection));
    overlay.current?.setTerritories(territoryCandidates(collection));
    m.setMinZoom(limits.min);
    m.setMaxZoom(limits.max);
    const b = collectionBounds(collection);
    if (b) m.fitBounds(b, { padding: 30, maxZoom: limits.fitMax, animate: false });
  }, [collection, limits]);

  useEffect(() => {
    const m = map.current;
    if (!m || selected === null) return;
    const f = collection.features[selected];
    const hasCrossing = Boolean(f?.properties.crossing);
    const apply = () => {
      m.setFeatureState({ source: territorySource, id: selected }, { selected: true });
      if (hasCrossing) {
        m.setFeatureState({ source: crossingSource, id: selected }, { selected: true });
      }
    };
    if (m.isStyleLoaded()) apply();
    else m.once('load', apply);
    overlay.current?.setSelected(f?.properties.name ?? null);
    const b = f ? collectionBounds({ type: 'FeatureCollection', features: [f] }) : null;
    if (b) {
      const camera = m.cameraForBounds(b, { padding: 60, maxZoom: limits.fitMax });
      const crossing = f?.properties.crossing;
      // A ring that crosses itself: centre on where it crosses, so the problem is in view.
      m.easeTo({ ...camera, center: crossing ?? camera?.center, duration: 300 });
    }
    return () => {
      if (map.current?.getSource(territorySource)) {
        m.removeFeatureState({ source: territorySource, id: selected }, 'selected');
        if (hasCrossing) m.removeFeatureState({ source: crossingSource, id: selected }, 'selected');
      }
      overlay.current?.setSelected(null);
    };
  }, [selected, collection, limits]);

  return (
    <div className="map-frame">
      <div
        ref={container}
        className="map"
        role="region"
        aria-label="Map of the territories (click one for details)"
      />
      <div ref={labelLayer} className="map-labels" aria-hidden="true" />
    </div>
  );
}
