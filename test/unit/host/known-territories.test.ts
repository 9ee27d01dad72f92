/** What the ledger says about a site's territories (result.json's optional `territories`). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerEntry, ResultJson } from '../../../engine/ledger.ts';
import { knownTerritories } from '../../../host/known-territories.ts';

let n = 0;
function entry(patch: Partial<LedgerEntry> & { result?: ResultJson }): LedgerEntry {
  n++;
  return {
    id: `e${n}`,
    siteId: 's1',
    fileName: `${n}_file.kml`,
    localPath: '/tmp/x',
    remotePath: `/Territories/New/${n}_file.kml`,
    sha256: 'a'.repeat(64),
    bytes: 10,
    startedAt: `2026-05-01T10:00:0${n % 10}.000Z`,
    outcome: 'imported',
    ...patch,
  };
}
const result = (
  territories: { name: string; level: number; action: 'created' | 'updated' }[],
): ResultJson => ({
  status: 'success',
  file: 'x.kml',
  territories,
  territoriesCreated: territories.filter((t) => t.action === 'created').length,
  territoriesUpdated: territories.filter((t) => t.action === 'updated').length,
});

describe('knownTerritories', () => {
  it('knows nothing about a site without territory imports', () => {
    const k = knownTerritories(
      [
        entry({
          remotePath: '/Leads/Import/New/leads.csv',
          result: { status: 'success', file: 'leads.csv' },
        }),
      ],
      's1',
    );
    assert.deepEqual(k, { territories: [], imports: 0, complete: false });
  });

  it('collects the names of every earlier import of the site, failed files included', () => {
    const k = knownTerritories(
      [
        entry({ result: result([{ name: 'North', level: 1, action: 'created' }]) }),
        entry({
          outcome: 'failed',
          result: {
            ...result([{ name: 'North-A', level: 2, action: 'created' }]),
            status: 'failed',
          },
        }),
        entry({
          siteId: 'other',
          result: result([{ name: 'Elsewhere', level: 1, action: 'created' }]),
        }),
      ],
      's1',
    );
    assert.deepEqual(
      k.territories.map((t) => `${t.name}@${t.level}`),
      ['North@1', 'North-A@2'],
    );
    assert.equal(k.imports, 2);
    assert.equal(k.complete, true);
  });

  it('is not complete when a platform did not list its territories, or cut the list', () => {
    const silent = knownTerritories(
      [
        entry({ result: result([{ name: 'North', level: 1, action: 'created' }]) }),
        entry({ result: { status: 'success', file: 'y.kml', rowsImported: 4 } }),
      ],
      's1',
    );
    assert.equal(silent.complete, false);
    assert.deepEqual(silent.territories, [{ name: 'North', level: 1 }]);
    const cut = knownTerritories(
      [
        entry({
          result: {
            ...result([{ name: 'North', level: 1, action: 'created' }]),
            territoriesCreated: 20_000,
          },
        }),
      ],
      's1',
    );
    assert.equal(cut.complete, false);
  });

  it('is not complete while an uploaded file waits for its verdict', () => {
    const k = knownTerritories(
      [
        entry({ result: result([{ name: 'North', level: 1, action: 'created' }]) }),
        entry({ outcome: 'waiting' }),
      ],
      's1',
    );
    assert.equal(k.complete, false);
    assert.equal(k.imports, 1);
  });

  it('ignores malformed items from a server instead of failing', () => {
    const k = knownTerritories(
      [
        entry({
          result: {
            status: 'success',
            file: 'z.kml',
            territories: [null, 3, { name: 'Ok', level: 1 }],
          },
        }),
      ],
      's1',
    );
    assert.deepEqual(k.territories, [{ name: 'Ok', level: 1 }]);
    assert.equal(k.complete, false);
  });
});
