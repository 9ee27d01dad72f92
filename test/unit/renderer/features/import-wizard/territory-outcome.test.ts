import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { territoryOutcome } from '../../../../../renderer/features/import-wizard/import-controller.ts';

describe('territoryOutcome (result.json’s optional territory extras)', () => {
  it('reads the counts and the listed territories', () => {
    assert.deepEqual(
      territoryOutcome({
        status: 'success',
        territoriesCreated: 1,
        territoriesUpdated: 1,
        territories: [
          { name: 'North', level: 1, action: 'updated' },
          { name: 'West', level: 1, action: 'created', entry: 'x.kml' },
        ],
      }),
      {
        territoriesCreated: 1,
        territoriesUpdated: 1,
        territories: [
          { name: 'North', level: 1, action: 'updated' },
          { name: 'West', level: 1, action: 'created' },
        ],
      },
    );
  });

  it('gives nothing for a platform that does not write them, and skips malformed items', () => {
    assert.deepEqual(territoryOutcome({ status: 'success', rowsImported: 3 }), {});
    assert.deepEqual(territoryOutcome(null), {});
    assert.deepEqual(
      territoryOutcome({
        status: 'success',
        territories: [{ name: 'A', level: 1, action: 'moved' }, 7],
      }),
      { territories: [] },
    );
  });
});
