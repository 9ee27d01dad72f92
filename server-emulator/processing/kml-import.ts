/**
 * Imports one territory KML file (contract §6): streams it through the shared KML reader; each
 * valid Placemark creates or updates (by name) a territory of the file's level, whose parent is
 * the stored level N-1 territory containing its centroid; each invalid one is reported with its
 * reason. All of a file's territories are written in one transaction; the summary says, per
 * Placemark, whether it created or updated a territory (result.json's optional `territories`). node.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { defaultLimits, formatLimit } from '../vfs/limits.ts';
import type { Db } from '../storage/db.ts';
import { createTerritoryStore } from '../storage/territories-store.ts';
import {
  assignParents,
  createKmlReader,
  type LeveledTerritory,
  type ValidPlacemark,
  nodeAsciiDecoding,
} from './core-adapters.ts';
import { crashPoint } from './crash.ts';
import type { TerritoryChange } from '../../core/report/index.ts';
import type { ProblemSink } from './reports.ts';

export type KmlImportSummary = {
  rowsTotal: number;
  rowsImported: number;
  rowsFailed: number;
  created: number;
  updated: number;
  /** Each valid Placemark in file order: created, or updated the territory of its name. */
  territories: TerritoryChange[];
  warnings: string[];
  fileError?: { code: string; message: string };
};

/** What one KML may hold in memory while it is processed (issue 14). */
export type KmlLimits = { maxKmlBytes: number; maxPlacemarks: number };

/** A whole-file failure: no territory stored, the reason in the report. */
function kmlRefused(o: { sink: ProblemSink }, code: string, message: string): KmlImportSummary {
  o.sink.add({ row: 0, column: '', value: '', message });
  return {
    rowsTotal: 0,
    rowsImported: 0,
    rowsFailed: 0,
    created: 0,
    updated: 0,
    territories: [],
    warnings: [],
    fileError: { code, message },
  };
}

/** Imports `path` as level-`level` territories of workspace id `ws`. */
export async function importKmlFile(
  path: string,
  o: {
    db: Db;
    ws: number;
    level: number;
    clock: () => number;
    sink: ProblemSink;
    limits?: KmlLimits;
  },
): Promise<KmlImportSummary> {
  const { maxKmlBytes, maxPlacemarks } = o.limits ?? defaultLimits;
  const size = (await stat(path)).size;
  if (size > maxKmlBytes) {
    return kmlRefused(
      o,
      'kml-too-large',
      `The KML file is ${size} bytes; at most ${formatLimit(maxKmlBytes)} is processed (KML size limit). Split it into smaller KML files (or a ZIP of them) and upload them again.`,
    );
  }
  const valid = new Map<string, ValidPlacemark>();
  let invalid = 0;
  let seen = 0;
  const reader = createKmlReader({
    ascii: nodeAsciiDecoding,
    onPlacemark: (p) => {
      if (++seen > maxPlacemarks) return;
      if (p.ok) {
        valid.set(p.name, p);
        return;
      }
      invalid++;
      o.sink.add({
        row: p.line,
        column: p.name ?? `(Placemark ${p.index} has no name)`,
        value: p.code,
        message: p.message,
      });
    },
  });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    reader.push(chunk as Buffer);
    if (seen > maxPlacemarks) break;
  }
  if (seen > maxPlacemarks) {
    return kmlRefused(
      o,
      'too-many-placemarks',
      `The KML file has more than ${maxPlacemarks} Placemarks, the most processed from one file (Placemark limit); nothing in it was imported. Split it into smaller KML files and upload them again.`,
    );
  }
  const summary = reader.end();
  if (summary.fileError) {
    const fe = summary.fileError;
    o.sink.add({ row: fe.line ?? 0, column: '', value: '', message: fe.message });
    return {
      rowsTotal: summary.placemarks,
      rowsImported: 0,
      rowsFailed: summary.placemarks,
      created: 0,
      updated: 0,
      territories: [],
      warnings: summary.warnings,
      fileError: { code: fe.code, message: fe.message },
    };
  }

  const store = createTerritoryStore(o.db, o.ws, o.clock);
  const mine: LeveledTerritory[] = [...valid.values()].map((p) => ({
    name: p.name,
    outer: p.polygon.outer,
    centroid: p.centroid,
    bbox: p.bbox,
  }));
  const levels = new Map<number, LeveledTerritory[]>([[o.level, mine]]);
  if (o.level > 1) levels.set(o.level - 1, store.atLevel(o.level - 1));
  const parents = new Map<string, string | null>();
  for (const a of assignParents(levels)) if (a.level === o.level) parents.set(a.name, a.parent);

  const territories: TerritoryChange[] = [];
  o.db.transaction(() => {
    for (const p of valid.values()) {
      const parent = parents.get(p.name) ?? null;
      const made = store.upsert(p.name, o.level, p.polygon.outer, parent);
      territories.push({ name: p.name, level: o.level, action: made ? 'created' : 'updated' });
      if (territories.length === 1) crashPoint('mid-package-1');
    }
  })();
  const created = territories.filter((t) => t.action === 'created').length;
  crashPoint('after-package-1');
  crashPoint('after-last-package');
  return {
    rowsTotal: summary.placemarks,
    rowsImported: valid.size,
    rowsFailed: invalid,
    created,
    updated: territories.length - created,
    territories,
    warnings: summary.warnings,
  };
}
