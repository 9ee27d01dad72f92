/**
 * Read-only queries the admin endpoint shows (contract §10): workspaces with record counts per
 * object, a page of records, territories as GeoJSON, space and contact-list files, the log. node.
 */
import type { Db } from '../storage/db.ts';
import { createTerritoryStore } from '../storage/territories-store.ts';
import { formatRecordId } from '../storage/ids.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';

export type WorkspaceSummary = {
  name: string;
  profile: string;
  exportSchedule: string;
  objects: { object: string; records: number }[];
  territories: number;
  pullSources: { id: string; host: string; port: number; path: string }[];
};

function wsId(db: Db, name: string): number | undefined {
  return db.prepare('SELECT id FROM workspaces WHERE name = ?').pluck(true).get(name) as
    number | undefined;
}

/** Every configured workspace with its counts (password-free). */
export function workspaceSummaries(
  db: Db,
  workspaces: readonly WorkspaceRuntime[],
): WorkspaceSummary[] {
  const counts = db.prepare(
    'SELECT object, count(*) AS records FROM records WHERE ws = ? GROUP BY object ORDER BY object',
  );
  const terr = db.prepare('SELECT count(*) FROM territories WHERE ws = ?').pluck(true);
  return workspaces.map((w) => {
    const id = wsId(db, w.name);
    const found = id === undefined ? [] : (counts.all(id) as { object: string; records: number }[]);
    const objects = w.schemas.map((s) => ({
      object: s.object,
      records: found.find((f) => f.object === s.object)?.records ?? 0,
    }));
    for (const f of found) if (!objects.some((o) => o.object === f.object)) objects.push(f);
    return {
      name: w.name,
      profile: w.profile,
      exportSchedule: w.exportSchedule,
      objects,
      territories: id === undefined ? 0 : (terr.get(id) as number),
      pullSources: w.pullSources.map((p) => ({
        id: p.id,
        host: p.host,
        port: p.port,
        path: p.path,
      })),
    };
  });
}

export type RecordView = {
  RecordID: string;
  object: string;
  externalId: string | null;
  pin: string | null;
  relatedTo: string | null;
  fields: Record<string, string>;
  createdAt: string;
  updatedAt: string;
};

/** A page of one workspace's records of an object (all objects when `object` is undefined). */
export function recordsPage(
  db: Db,
  ws: string,
  object: string | undefined,
  limit: number,
  offset: number,
): { total: number; records: RecordView[] } {
  const id = wsId(db, ws);
  if (id === undefined) return { total: 0, records: [] };
  const where = object === undefined ? 'r.ws = ?' : 'r.ws = ? AND r.object = ?';
  const args: (string | number)[] = object === undefined ? [id] : [id, object];
  const total = db
    .prepare(`SELECT count(*) FROM records r WHERE ${where}`)
    .pluck(true)
    .get(...args) as number;
  const rows = db
    .prepare(
      `SELECT r.id, r.object, r.ext_id, r.pin_key, r.fields, r.created_at, r.updated_at, rel.parent
       FROM records r LEFT JOIN relations rel ON rel.child = r.id WHERE ${where} ORDER BY r.id LIMIT ? OFFSET ?`,
    )
    .all(...args, limit, offset) as {
    id: number;
    object: string;
    ext_id: string | null;
    pin_key: string | null;
    fields: string;
    created_at: number;
    updated_at: number;
    parent: number | null;
  }[];
  return {
    total,
    records: rows.map((r) => ({
      RecordID: formatRecordId(r.id),
      object: r.object,
      externalId: r.ext_id,
      pin: r.pin_key,
      relatedTo: r.parent === null ? null : formatRecordId(r.parent),
      fields: JSON.parse(r.fields) as Record<string, string>,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}

/** A workspace's territories as a GeoJSON FeatureCollection. */
export function territoriesGeoJson(db: Db, ws: string) {
  const id = wsId(db, ws);
  const list = id === undefined ? [] : createTerritoryStore(db, id, Date.now).all();
  return {
    type: 'FeatureCollection' as const,
    features: list.map((t) => ({
      type: 'Feature' as const,
      id: t.id,
      properties: {
        name: t.name,
        level: t.level,
        parent: t.parent,
        updatedAt: new Date(t.updatedAt).toISOString(),
      },
      geometry: t.geometry,
    })),
  };
}

/** Number of pins a workspace has (for the page). */
export function pinCount(db: Db, ws: string): number {
  const id = wsId(db, ws);
  return id === undefined
    ? 0
    : (db.prepare('SELECT count(*) FROM pins WHERE ws = ?').pluck(true).get(id) as number);
}
