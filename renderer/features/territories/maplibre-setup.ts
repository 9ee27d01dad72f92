/**
 * Points maplibre-gl at its worker as bundled by Vite (a same-origin file, so the CSP's
 * `worker-src 'self'` holds) and keeps it from asking the network for anything. DOM.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

/** Call once from the composition root before any map is made. */
export function configureMaplibre(): void {
  maplibregl.setWorkerUrl(workerUrl);
}
