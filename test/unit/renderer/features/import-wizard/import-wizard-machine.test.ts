import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  canUpload,
  combineOutcomes,
  getEmptyState,
  isValidRemoteName,
  timelineOf,
  wizardReducer,
  type CheckSummary,
  type VerdictView,
  type WizardAction,
  type WizardState,
} from '../../../../../renderer/features/import-wizard/import-wizard-machine.ts';

const clean: CheckSummary = {
  itemsTotal: 3,
  itemsValid: 3,
  itemsInvalid: 0,
  problems: [],
  problemCount: 0,
  warnings: [],
  columnsOnly: false,
};
const file = { name: 'leads.csv', size: 100, lastModified: 0 };
const run = (actions: WizardAction[], from: WizardState = getEmptyState('s1')) =>
  actions.reduce(wizardReducer, from);
const toChecked = (summary = clean): WizardAction[] => [
  {
    type: 'wizard/target-chosen',
    target: { kind: 'records', object: 'Lead', rules: 'server-schema' },
  },
  { type: 'wizard/files-picked', files: [file] },
  { type: 'wizard/check-finished', summary, remoteNames: ['leads.csv'] },
];

describe('wizardReducer', () => {
  it('walks from choosing a target to the platform’s verdict', () => {
    let s = run(toChecked());
    assert.equal(s.step, 'checked');
    s = run(
      [
        { type: 'wizard/upload-started', index: 0, total: 100 },
        {
          type: 'wizard/upload-progress',
          progress: { bytes: 50, total: 100, rateBps: 10, etaMs: 5000 },
        },
        { type: 'wizard/file-uploaded', index: 0, entryId: 'e1' },
        { type: 'wizard/uploaded', at: 1000, expectedWaitMs: 3_600_000 },
      ],
      s,
    );
    assert.equal(s.step, 'waiting');
    assert.equal(s.step === 'waiting' && s.expectedWaitMs, 3_600_000);
    s = wizardReducer(s, {
      type: 'wizard/outcome',
      entryId: 'e1',
      outcome: { status: 'imported', problems: [], rowsTotal: 3 },
    });
    assert.equal(s.step, 'done');
    assert.equal(s.step === 'done' && s.outcome.status, 'imported');
  });

  it('does not choose a target before a site is chosen', () => {
    const s = wizardReducer(getEmptyState(null), {
      type: 'wizard/target-chosen',
      target: { kind: 'territories' },
    });
    assert.equal(s.step, 'choose-target');
  });

  it('refuses to start an upload when the check found invalid rows', () => {
    const s = run([
      ...toChecked({ ...clean, itemsValid: 2, itemsInvalid: 1 }),
      { type: 'wizard/upload-started', index: 0, total: 100 },
    ]);
    assert.equal(s.step, 'checked');
    assert.equal(canUpload(s), false);
  });

  it('refuses to start an upload when the whole file failed', () => {
    const s = run([
      ...toChecked({ ...clean, fileError: 'not UTF-8' }),
      { type: 'wizard/upload-started', index: 0, total: 100 },
    ]);
    assert.equal(s.step, 'checked');
  });

  it('refuses to upload under a name the platform would skip', () => {
    const s = run([
      ...toChecked(),
      { type: 'wizard/renamed', index: 0, remoteName: '.hidden.csv' },
    ]);
    assert.equal(canUpload(s), false);
  });

  it('keeps the progress bar from running backwards when a transfer restarts', () => {
    const s = run([
      ...toChecked(),
      { type: 'wizard/upload-started', index: 0, total: 100 },
      { type: 'wizard/upload-progress', progress: { bytes: 60, total: 100, rateBps: 1, etaMs: 1 } },
      { type: 'wizard/upload-progress', progress: { bytes: 10, total: 100, rateBps: 1, etaMs: 1 } },
    ]);
    assert.equal(s.step === 'uploading' && s.progress.bytes, 60);
  });

  it('lets a failed upload be retried and go back to the checked file', () => {
    let s = run([
      ...toChecked(),
      { type: 'wizard/upload-started', index: 0, total: 100 },
      { type: 'wizard/upload-failed', message: 'cut' },
    ]);
    assert.equal(s.step === 'uploading' && s.error, 'cut');
    const retried = wizardReducer(s, { type: 'wizard/upload-started', index: 0, total: 100 });
    assert.equal(retried.step === 'uploading' && retried.error, undefined);
    s = wizardReducer(s, { type: 'wizard/back' });
    assert.equal(s.step, 'checked');
  });

  it('does not step back out of a running upload', () => {
    const s = run([
      ...toChecked(),
      { type: 'wizard/upload-started', index: 0, total: 100 },
      { type: 'wizard/back' },
    ]);
    assert.equal(s.step, 'uploading');
  });

  it('waits for every file of a territory set before showing the verdict', () => {
    const files = [
      { ...file, name: '1_r.kml' },
      { ...file, name: '2_a.kml' },
    ];
    let s = run([
      { type: 'wizard/target-chosen', target: { kind: 'territories' } },
      { type: 'wizard/files-picked', files },
      { type: 'wizard/check-finished', summary: clean, remoteNames: ['1_r.kml', '2_a.kml'] },
      { type: 'wizard/upload-started', index: 0, total: 100 },
      { type: 'wizard/file-uploaded', index: 0, entryId: 'a' },
      { type: 'wizard/uploaded', at: 0, expectedWaitMs: 1 },
    ]);
    assert.equal(s.step, 'uploading', 'not all files are uploaded yet');
    s = run(
      [
        { type: 'wizard/upload-started', index: 1, total: 100 },
        { type: 'wizard/file-uploaded', index: 1, entryId: 'b' },
        { type: 'wizard/uploaded', at: 0, expectedWaitMs: 1 },
        {
          type: 'wizard/outcome',
          entryId: 'b',
          outcome: {
            status: 'failed',
            problems: [{ row: 2, column: 'x', value: '', kind: 'k', message: 'm' }],
          },
        },
      ],
      s,
    );
    assert.equal(s.step, 'waiting');
    s = wizardReducer(s, {
      type: 'wizard/outcome',
      entryId: 'a',
      outcome: { status: 'imported', problems: [] },
    });
    assert.equal(s.step, 'done');
    assert.equal(s.step === 'done' && s.outcome.status, 'failed');
    assert.equal(s.step === 'done' && s.outcome.problems.length, 1);
  });

  it('ignores an outcome for an upload it did not start', () => {
    const s = run([
      ...toChecked(),
      { type: 'wizard/upload-started', index: 0, total: 1 },
      { type: 'wizard/file-uploaded', index: 0, entryId: 'e1' },
      { type: 'wizard/uploaded', at: 0, expectedWaitMs: 1 },
    ]);
    assert.equal(
      wizardReducer(s, {
        type: 'wizard/outcome',
        entryId: 'other',
        outcome: { status: 'imported', problems: [] },
      }),
      s,
    );
  });

  it('resets to a new import on the same site', () => {
    const s = run([...toChecked(), { type: 'wizard/reset' }]);
    assert.deepEqual(s, { step: 'choose-target', siteId: 's1' });
  });
});

describe('timelineOf', () => {
  it('marks checked done and upload current while uploading', () => {
    const s = run([...toChecked(), { type: 'wizard/upload-started', index: 0, total: 1 }]);
    assert.deepEqual(
      timelineOf(s).map((t) => t.status),
      ['done', 'current', 'todo', 'todo'],
    );
  });

  it('ends in a failed step when the platform failed the file', () => {
    const s = run([
      ...toChecked(),
      { type: 'wizard/upload-started', index: 0, total: 1 },
      { type: 'wizard/file-uploaded', index: 0, entryId: 'e' },
      { type: 'wizard/uploaded', at: 0, expectedWaitMs: 1 },
      { type: 'wizard/outcome', entryId: 'e', outcome: { status: 'failed', problems: [] } },
    ]);
    const t = timelineOf(s);
    assert.deepEqual(
      t.map((x) => x.status),
      ['done', 'done', 'done', 'failed'],
    );
    assert.equal(t[3]?.label, 'Failed');
  });

  it('says "12 imported, 3 failed" when the platform imported part of the file', () => {
    const done = (outcome: VerdictView) =>
      timelineOf(
        run([
          ...toChecked(),
          { type: 'wizard/upload-started', index: 0, total: 1 },
          { type: 'wizard/file-uploaded', index: 0, entryId: 'e' },
          { type: 'wizard/uploaded', at: 0, expectedWaitMs: 1 },
          { type: 'wizard/outcome', entryId: 'e', outcome },
        ]),
      )[3];
    const counts = { rowsTotal: 15, rowsImported: 12, rowsFailed: 3 };
    assert.deepEqual(done({ status: 'failed', problems: [], ...counts }), {
      id: 'outcome',
      label: '12 imported, 3 failed',
      status: 'partial',
    });
    assert.deepEqual(
      done({ status: 'failed', problems: [], rowsTotal: 3, rowsImported: 0, rowsFailed: 3 }),
      { id: 'outcome', label: 'Failed', status: 'failed' },
    );
    assert.deepEqual(
      done({ status: 'imported', problems: [], rowsTotal: 3, rowsImported: 3, rowsFailed: 0 }),
      { id: 'outcome', label: 'Imported', status: 'done' },
    );
  });
});

describe('isValidRemoteName', () => {
  it('refuses names the platform treats as uploads in progress or paths', () => {
    for (const bad of ['', '.x.csv', 'x.csv.part', 'a/b.csv', 'a\\b.csv', 'a\nb.csv']) {
      assert.equal(isValidRemoteName(bad), false, bad);
    }
    assert.equal(isValidRemoteName('Contact_list.csv'), true);
  });
});

describe('combineOutcomes', () => {
  it('sums the row counts and fails when any file failed', () => {
    const o = combineOutcomes([
      { status: 'imported', problems: [], rowsTotal: 2, rowsImported: 2, rowsFailed: 0 },
      {
        status: 'failed',
        problems: [],
        rowsTotal: 3,
        rowsImported: 1,
        rowsFailed: 2,
        message: 'bad',
      },
    ]);
    assert.deepEqual(o, {
      status: 'failed',
      problems: [],
      rowsTotal: 5,
      rowsImported: 3,
      rowsFailed: 2,
      message: 'bad',
    });
  });

  it('marks a cancelled upload on the timeline, then retries or goes back', () => {
    const uploading = run([
      ...toChecked(),
      { type: 'wizard/upload-started', index: 0, total: 100 },
    ]);
    const cancelled = wizardReducer(uploading, {
      type: 'wizard/upload-failed',
      message: 'You cancelled the upload.',
      cancelled: true,
    });
    assert.equal(cancelled.step === 'uploading' && cancelled.cancelled, true);
    const step = timelineOf(cancelled).find((t) => t.id === 'uploaded');
    assert.deepEqual(step, { id: 'uploaded', label: 'Cancelled', status: 'failed' });
    const retried = wizardReducer(cancelled, {
      type: 'wizard/upload-started',
      index: 0,
      total: 100,
    });
    assert.equal(retried.step === 'uploading' && (retried.cancelled ?? false), false);
    assert.equal(retried.step === 'uploading' && retried.error, undefined);
    assert.equal(timelineOf(retried).find((t) => t.id === 'uploaded')?.label, 'Uploaded');
    assert.equal(wizardReducer(cancelled, { type: 'wizard/back' }).step, 'checked');
  });

  it('holds a duplicate as "sent before", asks, and sends again or goes back', () => {
    const uploading = run([
      ...toChecked(),
      { type: 'wizard/upload-started', index: 0, total: 100 },
    ]);
    const dup = wizardReducer(uploading, {
      type: 'wizard/upload-failed',
      message: 'This exact file was already sent.',
      duplicate: true,
    });
    assert.equal(dup.step === 'uploading' && dup.duplicate, true);
    assert.deepEqual(
      timelineOf(dup).find((t) => t.id === 'uploaded'),
      { id: 'uploaded', label: 'Sent before', status: 'current' },
    );
    const again = wizardReducer(dup, { type: 'wizard/upload-started', index: 0, total: 100 });
    assert.equal(again.step === 'uploading' && (again.duplicate ?? false), false);
    assert.equal(wizardReducer(dup, { type: 'wizard/back' }).step, 'checked');
  });

  it('sums what territory files created and updated, and keeps every listed territory', () => {
    const o = combineOutcomes([
      {
        status: 'imported',
        problems: [],
        territoriesCreated: 2,
        territoriesUpdated: 0,
        territories: [
          { name: 'North', level: 1, action: 'created' },
          { name: 'South', level: 1, action: 'created' },
        ],
      },
      {
        status: 'imported',
        problems: [],
        territoriesCreated: 0,
        territoriesUpdated: 1,
        territories: [{ name: 'North-A', level: 2, action: 'updated' }],
      },
    ]);
    assert.equal(o.territoriesCreated, 2);
    assert.equal(o.territoriesUpdated, 1);
    assert.deepEqual(
      o.territories?.map((t) => t.name),
      ['North', 'South', 'North-A'],
    );
    const csv = combineOutcomes([{ status: 'imported', problems: [], rowsTotal: 1 }]);
    assert.equal('territories' in csv || 'territoriesCreated' in csv, false);
  });

  it('goes from a checked file back to picking one for the same target', () => {
    const checked = run(toChecked());
    const again = wizardReducer(checked, { type: 'wizard/pick-again' });
    assert.deepEqual(again, {
      step: 'choose-file',
      siteId: 's1',
      target: { kind: 'records', object: 'Lead', rules: 'server-schema' },
    });
    assert.equal(
      wizardReducer(getEmptyState('s1'), { type: 'wizard/pick-again' }).step,
      'choose-target',
    );
  });
});
