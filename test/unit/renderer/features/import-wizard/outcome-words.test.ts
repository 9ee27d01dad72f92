import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  announcement,
  nextStep,
  outcomeHeadline,
} from '../../../../../renderer/features/import-wizard/outcome-words.ts';
import type {
  VerdictView,
  WizardState,
} from '../../../../../renderer/features/import-wizard/import-wizard-machine.ts';

const verdict = (v: Partial<VerdictView>): VerdictView => ({
  status: 'failed',
  problems: [],
  ...v,
});

describe('outcome words', () => {
  it('says "12 imported, 3 failed" and what to do next for a partial import', () => {
    const o = verdict({ rowsTotal: 15, rowsImported: 12, rowsFailed: 3 });
    assert.equal(outcomeHeadline(o), '12 imported, 3 failed');
    assert.match(nextStep(o) ?? '', /stays in the platform\. Fix the 3 failed rows listed below/);
  });
  it('keeps "Failed" and "Imported" when nothing or everything went in', () => {
    assert.equal(
      outcomeHeadline(verdict({ rowsTotal: 3, rowsImported: 0, rowsFailed: 3 })),
      'Failed',
    );
    assert.match(nextStep(verdict({ problems: [] })) ?? '', /Nothing was imported/);
    const ok = verdict({ status: 'imported', rowsTotal: 3, rowsImported: 3, rowsFailed: 0 });
    assert.equal(outcomeHeadline(ok), 'Imported');
    assert.equal(nextStep(ok), null);
  });
  it('announces the check and the verdict, in territories for a KML file', () => {
    const base = {
      siteId: 's',
      files: [{ name: 'a.kml', size: 1, lastModified: 0 }],
      remoteNames: ['a.kml'],
      summary: {
        itemsTotal: 6,
        itemsValid: 4,
        itemsInvalid: 2,
        problems: [],
        problemCount: 2,
        warnings: [],
        columnsOnly: false,
      },
    };
    const checked = {
      ...base,
      step: 'checked',
      target: { kind: 'territories' },
    } as unknown as WizardState;
    assert.equal(
      announcement(checked),
      'Check finished: 2 of 6 territories would not be imported.',
    );
    const done = {
      ...base,
      step: 'done',
      target: { kind: 'records' },
      entryIds: [],
      outcomes: [],
      outcome: verdict({ rowsTotal: 15, rowsImported: 12, rowsFailed: 3 }),
    } as unknown as WizardState;
    assert.match(announcement(done), /^12 imported, 3 failed\. What was imported stays/);
    assert.equal(announcement({ step: 'choose-target', siteId: null }), '');
  });
});
