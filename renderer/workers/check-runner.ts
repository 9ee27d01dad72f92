/**
 * The local check itself, apart from the worker that hosts it: streams a picked file
 * (`file.stream()`) through core/csv's validator or core/kml's reader and posts progress a few
 * times a second, then the result. validate.worker.ts runs it off the page's thread; component
 * tests run it in-process, so both check with exactly the same code. The import assistant's
 * requests (first look, conversion before the check, fixes to offer, valid rows apart) are in
 * prepare-runner.ts. std (Blob streams).
 */
import { createCsvValidator } from '../../core/csv/validator.ts';
import { createKmlReader } from '../../core/kml/kml-reader.ts';
import type { PlacemarkResult } from '../../core/kml/types.ts';
import { territoryLevel } from '../lib/remote-name.ts';
import {
  addTerritoryFeatures,
  type TerritoryCollection,
} from '../features/territories/territory-features.ts';
import {
  isGridRequest,
  type CheckRequest,
  type CheckResponse,
  type Converted,
  type KmlFileResult,
  type WorkerRequest,
  type WorkerResponse,
} from './check-protocol.ts';
import { createGridSession } from './grid-session.ts';
import {
  convertAndCheck,
  inspectFile,
  splitValidRows,
  suggestColumnFixes,
} from './prepare-runner.ts';
import { kmlNameFor, readTerritoryFile } from './kmz-reading.ts';
import { blobChunks, reusedChunks } from './blob-chunks.ts';

type Post = (m: CheckResponse) => void;

/** One worker's handler: the checks, and the grid it may keep open (grid-session.ts). */
export function createWorkerHandler(): (
  req: WorkerRequest,
  post: (m: WorkerResponse) => void,
) => Promise<void> {
  const grid = createGridSession();
  return (req, post) => (isGridRequest(req) ? grid.handle(req, post) : runCheckRequest(req, post));
}

/** Runs one request to its end; a thrown read error becomes a `failed` message. */
export async function runCheckRequest(req: CheckRequest, post: Post): Promise<void> {
  try {
    if (req.type === 'inspect') await inspect(req, post);
    else if (req.type === 'suggest') await suggest(req, post);
    else if (req.type === 'split') await split(req, post);
    else await (req.type === 'check-csv' ? checkCsv(req, post) : checkKml(req, post));
  } catch (error: unknown) {
    post({
      type: 'failed',
      message: `The file could not be read: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

async function checkCsv(req: Extract<CheckRequest, { type: 'check-csv' }>, post: Post) {
  // No package callback: the check needs counts, not values (a copy of every value would make
  // the app's check about twice as slow as `sftp-import validate`; bench app-check).
  const validator = createCsvValidator(req.schema, {
    mode: req.mode,
    ...(req.externalIdColumn ? { externalIdColumn: req.externalIdColumn } : {}),
    ...(req.requiredColumnAnyOf ? { requiredColumnAnyOf: req.requiredColumnAnyOf } : {}),
  });
  const progress = throttle();
  let converted: Converted | undefined;
  if (req.prepare) {
    // The assistant's conversion: the validator checks what will be sent (issue 12).
    const onBytes = (bytes: number) =>
      progress(() =>
        post({ type: 'progress', bytes, total: req.file.size, rows: validator.rowsSoFar }),
      );
    const r = await convertAndCheck(
      req.file,
      req.schema,
      req.prepare,
      { validator, onBytes },
      reusedChunks,
    );
    if (!r.ok) return post({ type: 'failed', message: r.message });
    converted = r.value;
  } else {
    let bytes = 0;
    // The validator is done with each chunk when push returns: one buffer serves them all.
    for await (const chunk of reusedChunks(req.file)) {
      validator.push(chunk);
      bytes += chunk.byteLength;
      progress(() =>
        post({ type: 'progress', bytes, total: req.file.size, rows: validator.rowsSoFar }),
      );
      if (validator.failed) break;
    }
  }
  const summary = validator.end();
  // The conversion's own warnings go first, with the check's, to the result, upload and History
  // (issue 12 §6); the wizard cuts the list to the contract's bounds when it sends it.
  if (converted) summary.warnings = [...converted.warnings, ...summary.warnings];
  post({ type: 'progress', bytes: req.file.size, total: req.file.size, rows: summary.rowsTotal });
  post({ type: 'csv-done', summary, ...(converted ? { converted } : {}) });
}

async function inspect(req: Extract<CheckRequest, { type: 'inspect' }>, post: Post) {
  const r = await inspectFile(req.file, {
    ...(req.delimiter ? { delimiter: req.delimiter } : {}),
    ...(req.sheet ? { sheet: req.sheet } : {}),
  });
  post(r.ok ? { type: 'inspected', reading: r.value } : { type: 'failed', message: r.message });
}

async function checkKml(req: Extract<CheckRequest, { type: 'check-kml' }>, post: Post) {
  const total = req.files.reduce((n, f) => n + f.file.size, 0);
  const features: TerritoryCollection['features'] = [];
  const results: KmlFileResult[] = [];
  const progress = throttle();
  let bytes = 0;
  let count = 0;
  for (const { name, file } of req.files) {
    const placemarks: PlacemarkResult[] = [];
    const reader = createKmlReader({ onPlacemark: (p) => placemarks.push(p) });
    const before = bytes;
    // A .kmz is checked (and later sent) as the KML inside it: kmz-reading.ts.
    const { summary, kml } = await readTerritoryFile(name, file, reader, blobChunks, (b) => {
      bytes = before + b;
      progress(() => post({ type: 'progress', bytes, total, rows: count + placemarks.length }));
    });
    const level = territoryLevel(kmlNameFor(name));
    count += placemarks.length;
    addTerritoryFeatures(features, name, level, summary.fileError ? [] : placemarks);
    results.push({ name, level, summary, ...(kml ? { kml } : {}) });
  }
  post({ type: 'progress', bytes: total, total, rows: count });
  post({ type: 'kml-done', files: results, collection: { type: 'FeatureCollection', features } });
}

/** Runs `fn` at most every 100 ms. */
function throttle(): (fn: () => void) => void {
  let last = 0;
  return (fn) => {
    const now = Date.now();
    if (now - last >= 100) {
      last = now;
      fn();
    }
  };
}

async function suggest(req: Extract<CheckRequest, { type: 'suggest' }>, post: Post) {
  const r = await suggestColumnFixes(req.file, req.schema, req.prepare);
  post(r.ok ? { type: 'suggested', columns: r.value } : { type: 'failed', message: r.message });
}

async function split(req: Extract<CheckRequest, { type: 'split' }>, post: Post) {
  const r = await splitValidRows(req.file, req, req.prepare, reusedChunks);
  post(r.ok ? { type: 'split-done', split: r.value } : { type: 'failed', message: r.message });
}
