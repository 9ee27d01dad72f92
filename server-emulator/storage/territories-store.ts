/**
 * Territories (contract §6): one row per (workspace, name) with its level, its outer ring as a
 * GeoJSON Polygon and its parent. node.
 */
import type { Db } from './db.ts';

type Position = [number, number];

/** A stored territory as the admin endpoint and the exports see it. */
export type StoredTerritory = {
  id: number;
  name: string;
  level: number;
  parent: string | null;
  geometry: { type: 'Polygon'; coordinates: Position[][] };
  updatedAt: number;
};

/** Reads and writes one workspace's territories. */
export function createTerritoryStore(db: Db, ws: number, clock: () => number) {
  const find = db.prepare('SELECT id FROM territories WHERE ws = ? AND name = ?').pluck(true);
  const insert = db.prepare(
    `INSERT INTO territories (ws, name, level, geometry, parent_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = db.prepare(
    'UPDATE territories SET level = ?, geometry = ?, parent_id = ?, updated_at = ? WHERE id = ?',
  );
  const atLevel = db.prepare(
    'SELECT name, geometry FROM territories WHERE ws = ? AND level = ? ORDER BY id',
  );
  const all = db.prepare(
    `SELECT t.id, t.name, t.level, t.geometry, p.name AS parent, t.updated_at AS updatedAt
     FROM territories t LEFT JOIN territories p ON p.id = t.parent_id
     WHERE t.ws = ? ORDER BY t.level, t.name`,
  );
  return {
    /** Creates or updates (by name) a territory; returns true when it was created. */
    upsert(
      name: string,
      level: number,
      outer: readonly Position[],
      parentName: string | null,
    ): boolean {
      const now = clock();
      const parentId =
        parentName === null ? null : ((find.get(ws, parentName) as number | undefined) ?? null);
      const geometry = JSON.stringify({ type: 'Polygon', coordinates: [outer] });
      const id = find.get(ws, name) as number | undefined;
      if (id === undefined) {
        insert.run(ws, name, level, geometry, parentId, now, now);
        return true;
      }
      update.run(level, geometry, parentId, now, id);
      return false;
    },
    /** The stored territories of a level, as the parent assignment needs them. */
    atLevel(level: number): { name: string; outer: Position[] }[] {
      return (atLevel.all(ws, level) as { name: string; geometry: string }[]).map((r) => ({
        name: r.name,
        outer: (JSON.parse(r.geometry) as { coordinates: Position[][] }).coordinates[0] ?? [],
      }));
    },
    all(): StoredTerritory[] {
      return (
        all.all(ws) as {
          id: number;
          name: string;
          level: number;
          geometry: string;
          parent: string | null;
          updatedAt: number;
        }[]
      ).map((r) => ({ ...r, geometry: JSON.parse(r.geometry) as StoredTerritory['geometry'] }));
    },
  };
}
