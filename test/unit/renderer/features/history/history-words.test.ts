import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entryMessage } from '../../../../../renderer/features/history/history-controller.ts';
import type { HistoryEntry } from '../../../../../core/ipc/contract.ts';
import { historyEntry } from '../../helpers/views.ts';

const entry = (e: Partial<HistoryEntry>) =>
  historyEntry({ message: 'Imported: 3 row(s) into Territory.', ...e });

describe('History words', () => {
  it('counts a territory file in territories, and keeps other files’ own line', () => {
    assert.equal(
      entryMessage(
        entry({ fileName: '1_regions.kml', rowsTotal: 3, rowsImported: 3, rowsFailed: 0 }),
      ),
      '3 territories imported.',
    );
    assert.equal(
      entryMessage(
        entry({ fileName: '2_areas.kml', rowsTotal: 6, rowsImported: 4, rowsFailed: 2 }),
      ),
      '4 territories imported, 2 territories failed.',
    );
    assert.equal(
      entryMessage(entry({ rowsTotal: 3, rowsImported: 3 })),
      'Imported: 3 row(s) into Territory.',
    );
  });
});
