/**
 * Draws the labels placeLabels() chooses as absolutely positioned spans over the map, again at
 * most once a frame while it moves. Spans are reused, never more than placeLabels' cap, so 10,000
 * territories cost a walk over an array, not DOM nodes. DOM.
 */
import type { Map as MaplibreMap } from 'maplibre-gl';
import { placeLabels, type LabelCandidate } from './place-labels.ts';

export type LabelOverlay = {
  setPlaces(c: LabelCandidate[]): void;
  setTerritories(c: LabelCandidate[]): void;
  /** The selected territory's name is drawn first, whatever its size. */
  setSelected(name: string | null): void;
  remove(): void;
};

export function createLabelOverlay(map: MaplibreMap, layer: HTMLElement): LabelOverlay {
  let places: LabelCandidate[] = [];
  let territories: LabelCandidate[] = [];
  let selected: string | null = null;
  let frame = 0;
  const spans: HTMLSpanElement[] = [];

  const draw = () => {
    frame = 0;
    const canvas = map.getCanvas();
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return;
    const b = map.getBounds();
    const first = selected
      ? territories.filter((t) => t.text === selected).map((t) => ({ ...t, minZoom: 0 }))
      : [];
    const placed = placeLabels([...first, ...territories, ...places], {
      zoom: map.getZoom(),
      width,
      height,
      bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      project: (lon, lat) => map.project([lon, lat]),
    });
    placed.forEach((l, i) => {
      let span = spans[i];
      if (!span) {
        span = layer.ownerDocument.createElement('span');
        layer.appendChild(span);
        spans.push(span);
      }
      span.textContent = l.text;
      span.className = `map-label map-label-${l.kind}${selected && l.text === selected && l.kind !== 'city' && l.kind !== 'county' && l.kind !== 'state' ? ' selected' : ''}`;
      span.dataset.kind = l.kind;
      span.style.transform = `translate(${Math.round(l.x - l.w / 2)}px, ${Math.round(l.y - l.h / 2)}px)`;
      span.style.display = '';
    });
    for (let i = placed.length; i < spans.length; i++) spans[i]!.style.display = 'none';
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(draw);
  };
  map.on('move', schedule);
  map.on('resize', schedule);
  map.on('load', schedule);
  return {
    setPlaces(c) {
      places = c;
      schedule();
    },
    setTerritories(c) {
      territories = c;
      schedule();
    },
    setSelected(name) {
      selected = name;
      schedule();
    },
    remove() {
      if (frame) cancelAnimationFrame(frame);
      map.off('move', schedule);
      map.off('resize', schedule);
      map.off('load', schedule);
      layer.replaceChildren();
    },
  };
}
