import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assignParents, type LeveledTerritory } from '../../../../core/kml/assign-parents.ts';
import type { Position } from '../../../../core/kml/types.ts';

const box = (name: string, w: number, s: number, e: number, n: number): LeveledTerritory => ({
  name,
  outer: [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ] as Position[],
});

describe('assigning parents by centroid', () => {
  it('gives each level-2 territory the level-1 territory that contains its centroid', () => {
    const result = assignParents(
      new Map([
        [1, [box('West', 0, 0, 10, 10), box('East', 10, 0, 20, 10)]],
        [
          2,
          [
            box('W-north', 1, 6, 9, 9),
            box('E-south', 11, 1, 19, 4),
            box('Outside', 30, 30, 31, 31),
          ],
        ],
      ]),
    );
    assert.deepEqual(result, [
      { level: 1, name: 'West', parent: null },
      { level: 1, name: 'East', parent: null },
      { level: 2, name: 'W-north', parent: 'West' },
      { level: 2, name: 'E-south', parent: 'East' },
      { level: 2, name: 'Outside', parent: null },
    ]);
  });

  it('uses the centroid, not the bounding box: a child overlapping two parents goes where its area is', () => {
    // An L-shaped child mostly in East although its bbox starts in West.
    const child: LeveledTerritory = {
      name: 'L',
      outer: [
        [8, 1],
        [19, 1],
        [19, 9],
        [17, 9],
        [17, 2],
        [8, 2],
        [8, 1],
      ],
    };
    const result = assignParents({
      1: [box('West', 0, 0, 10, 10), box('East', 10, 0, 20, 10)],
      2: [child],
    });
    assert.equal(result.find((r) => r.name === 'L')?.parent, 'East');
  });

  it('leaves a level without the level above it unparented', () => {
    const result = assignParents({ 1: [box('A', 0, 0, 1, 1)], 3: [box('C', 0.2, 0.2, 0.4, 0.4)] });
    assert.equal(result.find((r) => r.name === 'C')?.parent, null);
  });

  it('handles 10,000 children under 10,000 parents quickly', () => {
    const parents: LeveledTerritory[] = [];
    const children: LeveledTerritory[] = [];
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) {
        parents.push(box(`P${i}-${j}`, i, j, i + 1, j + 1));
        children.push(box(`C${i}-${j}`, i + 0.25, j + 0.25, i + 0.75, j + 0.75));
      }
    }
    const t0 = performance.now();
    const result = assignParents({ 1: parents, 2: children });
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `took ${ms} ms`);
    const kids = result.filter((r) => r.level === 2);
    assert.equal(kids.length, 10_000);
    for (const k of kids) assert.equal(k.parent, `P${k.name.slice(1)}`);
  });
});
