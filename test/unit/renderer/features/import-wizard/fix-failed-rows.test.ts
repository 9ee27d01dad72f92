import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  getEmptyState,
  wizardReducer,
  type CheckSummary,
  type VerdictView,
  type WizardAction,
  type WizardState,
} from '../../../../../renderer/features/import-wizard/import-wizard-machine.ts';
import {
  canFixFailedRows,
  nextStep,
} from '../../../../../renderer/features/import-wizard/outcome-words.ts';
import {
  failedRowsFile,
  failedRowsIdNote,
  platformSays,
  resubmissionName,
  sentRowsSource,
  wholeFileWarning,
  type FailedRowsAnswer,
} from '../../../../../renderer/features/import-wizard/failed-rows-draft.ts';
import { pickFailedRows } from '../../../../../core/report/failed-rows.ts';
import { createGridBuilder, type GridModel } from '../../../../../core/import/grid-model.ts';
import type { GridSource } from '../../../../../renderer/features/import-assistant/grid-source.ts';
import { extraLabel } from '../../../../../renderer/features/import-assistant/grid-view.tsx';
import type { ObjectSchema } from '../../../../../core/schema/object-schema.ts';

const clean: CheckSummary = {
  itemsTotal: 3,
  itemsValid: 3,
  itemsInvalid: 0,
  problems: [],
  problemCount: 0,
  warnings: ['1 empty row was skipped.'],
  columnsOnly: false,
};
const run = (actions: WizardAction[], from: WizardState = getEmptyState('s1')) =>
  actions.reduce(wizardReducer, from);
const partly: VerdictView = {
  status: 'failed',
  rowsTotal: 3,
  rowsImported: 2,
  rowsFailed: 1,
  problems: [{ row: 3, column: 'Email', value: 'x', kind: 'server', message: 'Not an email.' }],
};

function doneWith(outcome: VerdictView, target = 'records' as 'records' | 'territories') {
  return run([
    {
      type: 'wizard/target-chosen',
      target:
        target === 'records'
          ? { kind: 'records', object: 'Lead', rules: 'server-schema' }
          : { kind: 'territories' },
    },
    { type: 'wizard/files-picked', files: [{ name: 'leads.csv', size: 9, lastModified: 0 }] },
    { type: 'wizard/check-finished', summary: clean, remoteNames: ['leads.csv'] },
    { type: 'wizard/upload-started', index: 0, total: 9 },
    { type: 'wizard/file-uploaded', index: 0, entryId: 'e1' },
    { type: 'wizard/uploaded', at: 0, expectedWaitMs: 1 },
    { type: 'wizard/outcome', entryId: 'e1', outcome },
  ]);
}

describe('Fix the failed rows in the wizard', () => {
  it('goes from a partly failed verdict to that upload’s failed rows, keeping the target', () => {
    const done = doneWith(partly);
    assert.equal(canFixFailedRows(done), true);
    const s = wizardReducer(done, { type: 'wizard/fix-failed-rows', entryId: 'e1' });
    assert.deepEqual(s, {
      step: 'choose-file',
      siteId: 's1',
      target: { kind: 'records', object: 'Lead', rules: 'server-schema' },
      fixRowsOf: 'e1',
    });
    // The sent file is gone: on to picking a corrected file for the same target.
    const pick = wizardReducer(s, { type: 'wizard/pick-file-instead' });
    assert.equal(pick.step === 'choose-file' && pick.fixRowsOf, undefined);
    // The edited rows are checked like any picked file.
    const checking = wizardReducer(s, {
      type: 'wizard/files-picked',
      files: [{ name: 'leads_failed-rows.csv', size: 5, lastModified: 0 }],
    });
    assert.equal(checking.step, 'checking');
  });

  it('is not offered without rows in the report, for territories, or when all was imported', () => {
    const whole = doneWith({ ...partly, problems: [{ ...partly.problems[0]!, row: 0 }] });
    assert.equal(canFixFailedRows(whole), false);
    assert.equal(wizardReducer(whole, { type: 'wizard/fix-failed-rows', entryId: 'e1' }), whole);
    assert.equal(canFixFailedRows(doneWith(partly, 'territories')), false);
    assert.equal(canFixFailedRows(doneWith({ status: 'imported', problems: [] })), false);
  });

  it('starts a History "fix the failed rows" at the rows once the target is chosen', () => {
    const s = run([
      {
        type: 'wizard/target-chosen',
        target: { kind: 'records', object: 'Contact', rules: 'server-schema' },
      },
      { type: 'wizard/fix-failed-rows', entryId: 'old' },
    ]);
    assert.equal(s.step === 'choose-file' && s.fixRowsOf, 'old');
  });

  it('names the button in the next step only when it is there', () => {
    assert.match(nextStep(partly, true) ?? '', /Fix the failed rows opens the 1 row listed below/);
    assert.match(nextStep(partly) ?? '', /Fix the 1 failed row listed below/);
  });
});

const schema: ObjectSchema = {
  object: 'Lead',
  fields: [
    { name: 'Company', type: 'text', required: true },
    { name: 'Email', type: 'email' },
  ],
};

/** The failed rows' file opened in the grid's model, as the editor's worker opens it. */
function gridOf(answer: FailedRowsAnswer): GridModel {
  const b = createGridBuilder({ schema, externalIdColumn: 'ExternalLeadId' });
  b.push(new TextEncoder().encode(failedRowsFile(answer)));
  const built = b.end();
  assert.ok(built.ok, built.ok ? '' : built.message);
  return built.model;
}

/** The model as the page's grid source (the worker's answers, without the worker). */
function sourceOf(m: GridModel): Required<GridSource> {
  const state = () => ({ rowCount: m.rowCount, counts: m.counts() });
  return {
    columns: m.columns,
    extraColumns: m.extraColumns,
    window: (start, count) => Promise.resolve({ rows: m.windowOf(start, count), ...state() }),
    check: (row, column, value) => Promise.resolve(m.check(row, column, value)),
    edit: (row, column, value) => Promise.resolve({ row: m.edit(row, column, value), ...state() }),
    removeRow: (row) => Promise.resolve((m.removeRow(row), state())),
    findReplace: (column, find, replace, options) =>
      Promise.resolve({ replaced: m.findReplace(column, find, replace, options), ...state() }),
    reorder: () => Promise.resolve((m.reorder(), state())),
  };
}

const textOf = (m: GridModel) => m.csvParts().join('');

describe('the failed rows in the grid', () => {
  const sent = 'Company,Email,ExternalLeadId\nA,a@a.test,L1\nB,"b(at)b.test",\n\nC,"c@\nx",L3\n';
  const picked = pickFailedRows(sent, [
    { row: 3, column: 'Email', value: 'b(at)b.test', message: 'Not an email.' },
    { row: 5, column: 'Email', value: 'c@', message: 'Not an email.' },
    { row: 5, column: '', value: '', message: 'Rejected by the platform.' },
  ]);
  assert.ok(picked.ok);
  const answer: FailedRowsAnswer = {
    fileName: 'Leads_may.csv',
    source: 'server',
    truncated: false,
    ...picked.value,
  };

  it('opens the rows as sent, numbered as in the sent file, beside the platform’s words', async () => {
    assert.equal(
      failedRowsFile(answer),
      'Company,Email,ExternalLeadId\r\nB,b(at)b.test,\r\nC,"c@\nx",L3\r\n',
    );
    const source = sentRowsSource(answer, sourceOf(gridOf(answer)));
    const { rows } = await source.window(0, 10);
    assert.deepEqual(
      rows.map((r) => [r.line, r.cells]),
      [
        [3, ['B', 'b(at)b.test', '']],
        [5, ['C', 'c@\nx', 'L3']],
      ],
    );
    assert.deepEqual(
      rows.map((r) => platformSays(answer, r.row)),
      ['Email: Not an email.', 'Email: Not an email. Rejected by the platform.'],
    );
    // an edit answers with the row under its sent number too
    const edited = await source.edit!(rows[0]!.row, 1, 'b@b.test');
    assert.equal(edited.row?.line, 3);
    assert.deepEqual(edited.row?.problems, []);
  });

  it('sends the header and the rows as edited, without the removed ones', async () => {
    const m = gridOf(answer);
    const source = sentRowsSource(answer, sourceOf(m));
    await source.edit!(0, 1, 'b@b.test');
    assert.equal(textOf(m), 'Company,Email,ExternalLeadId\r\nB,b@b.test,\r\nC,"c@\nx",L3\r\n');
    await source.removeRow!(1);
    assert.equal(textOf(m), 'Company,Email,ExternalLeadId\r\nB,b@b.test,\r\n');
    assert.equal(answer.rows[0]!.values[1], 'b(at)b.test', 'the answer is not changed');
    assert.equal(resubmissionName(answer.fileName), 'Leads_may_failed-rows.csv');
  });

  it('says what a second send of rows without an id, or of the whole file, would do', () => {
    assert.match(failedRowsIdNote(answer, 'ExternalLeadId') ?? '', /^1 row here has no/);
    assert.equal(failedRowsIdNote(answer, undefined), null);
    assert.match(
      wholeFileWarning('ExternalLeadId'),
      /Rows without an ExternalLeadId become new records .* a second time/,
    );
    assert.match(wholeFileWarning(undefined), /no record ids/);
  });
});

describe('a failed row with more values than the header (too many values)', () => {
  // Row 2: a comma outside quotes split "Smith, John" in two; row 3 is fine but for its email.
  const sent =
    'Company,Email,ExternalLeadId\nSmith, John,j@smith.test,L1,\nB,b(at)b.test,L2\nC,c@c.test,L3,x,y\n';
  const picked = pickFailedRows(sent, [
    {
      row: 2,
      column: '',
      value: '',
      message: 'This row has 5 values but the header has 3 columns.',
    },
    { row: 3, column: 'Email', value: 'b(at)b.test', message: 'Not an email.' },
    {
      row: 4,
      column: '',
      value: '',
      message: 'This row has 5 values but the header has 3 columns.',
    },
  ]);
  assert.ok(picked.ok);
  const answer: FailedRowsAnswer = {
    fileName: 'Leads_may.csv',
    source: 'this-computer',
    truncated: false,
    ...picked.value,
  };

  it('shows the extra values in cells of no column, as many as the longest row has', () => {
    const m = gridOf(answer);
    assert.equal(m.extraColumns, 2);
    assert.equal(extraLabel(0), 'Extra value 1 (no column)');
    const rows = m.windowOf(0, 3);
    assert.deepEqual(rows[0]!.cells, ['Smith', ' John', 'j@smith.test', 'L1', '']);
    assert.deepEqual(
      rows.map((r) => r.problems.map((p) => p.code)),
      [['ragged-row'], ['not-an-email'], ['ragged-row']],
    );
  });

  it('sends an emptied row at the header’s width (blank extra values dropped)', () => {
    const m = gridOf(answer);
    m.edit(0, 0, 'Smith, John');
    m.edit(0, 1, 'j@smith.test');
    m.edit(0, 2, 'L1');
    m.edit(0, 3, ' ');
    m.edit(1, 1, 'b@b.test');
    m.edit(2, 4, '');
    m.edit(2, 3, '');
    assert.equal(m.counts().rowsWithProblems, 0);
    const text = textOf(m);
    assert.equal(
      text,
      'Company,Email,ExternalLeadId\r\n"Smith, John",j@smith.test,L1\r\nB,b@b.test,L2\r\nC,c@c.test,L3\r\n',
    );
    // Every resent row parses to the header's width: the platform's check counts 3 values.
    const again = pickFailedRows(text, [
      { row: 2, column: '', value: '', message: '' },
      { row: 3, column: '', value: '', message: '' },
      { row: 4, column: '', value: '', message: '' },
    ]);
    assert.ok(again.ok);
    assert.deepEqual(
      again.value.rows.map((r) => r.values.length),
      [3, 3, 3],
    );
  });

  it('keeps a non-empty value between emptied ones (nothing dropped that holds text)', () => {
    const m = gridOf(answer);
    m.edit(2, 4, '');
    assert.equal(textOf(m).split('\r\n')[3], 'C,c@c.test,L3,x');
    assert.deepEqual(
      m.windowOf(0, 3).map((r) => r.problems.map((p) => p.code)),
      [['ragged-row'], ['not-an-email'], ['ragged-row']],
    );
  });
});
