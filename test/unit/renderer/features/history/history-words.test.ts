import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  entryMessage,
  entryOutcomeWords,
  isPartlyImported,
  outcomeTone,
  resultHeadline,
} from '../../../../../renderer/features/history/history-controller.ts';
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

  it('says a partly imported file’s counts, in its own tone, not a red “Failed”', () => {
    const partly = entry({ outcome: 'failed', rowsTotal: 1215, rowsImported: 1212, rowsFailed: 3 });
    assert.equal(isPartlyImported(partly), true);
    assert.equal(entryOutcomeWords(partly), '1,212 imported, 3 failed');
    assert.equal(outcomeTone(partly), 'partial');
    // A whole failure (no row imported), an error and a success keep their words and colours.
    const whole = entry({ outcome: 'failed', rowsTotal: 3, rowsImported: 0, rowsFailed: 3 });
    assert.equal(isPartlyImported(whole), false);
    assert.equal(entryOutcomeWords(whole), 'Failed');
    assert.equal(outcomeTone(whole), 'failed');
    assert.equal(outcomeTone(entry({ outcome: 'error' })), 'failed');
    assert.equal(entryOutcomeWords(entry({ outcome: 'imported', rowsImported: 3 })), 'Imported');
    assert.equal(outcomeTone(entry({ outcome: 'imported' })), 'ok');
    assert.equal(outcomeTone(entry({ outcome: 'waiting' })), undefined);
  });

  it('words the report’s result: Imported, Failed, or Partly imported with its counts', () => {
    assert.deepEqual(resultHeadline({ status: 'failed', rowsImported: 12, rowsFailed: 3 }), {
      words: 'Partly imported: 12 imported, 3 failed',
      tone: 'status-partial',
      partly: true,
    });
    assert.deepEqual(resultHeadline({ status: 'failed', rowsImported: 0, rowsFailed: 3 }), {
      words: 'Failed',
      tone: 'status-failed',
      partly: false,
    });
    assert.deepEqual(resultHeadline({ status: 'success', rowsImported: 3 }), {
      words: 'Imported',
      partly: false,
    });
  });
});
