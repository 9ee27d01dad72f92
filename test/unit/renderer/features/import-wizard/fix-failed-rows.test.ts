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
  draftFile,
  draftOf,
  editCell,
  extraColumns,
  extraLabel,
  extraValuesNote,
  failedRowsIdNote,
  isEdited,
  setLeftOut,
  wholeFileWarning,
  type FailedRowsAnswer,
} from '../../../../../renderer/features/import-wizard/failed-rows-draft.ts';
import { pickFailedRows } from '../../../../../core/report/failed-rows.ts';

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

describe('the failed rows draft', () => {
  const sent = 'Company,Email,ExternalLeadId\nA,a@a.test,L1\nB,"b(at)b.test",\nC,c@,L3\n';
  const picked = pickFailedRows(sent, [
    { row: 3, column: 'Email', value: 'b(at)b.test', message: 'Not an email.' },
    { row: 4, column: 'Email', value: 'c@', message: 'Not an email.' },
  ]);
  assert.ok(picked.ok);
  const answer: FailedRowsAnswer = {
    fileName: 'Leads_may.csv',
    source: 'server',
    truncated: false,
    ...picked.value,
  };

  it('sends the header and the kept rows as edited, nothing else', () => {
    let d = draftOf(answer);
    d = editCell(d, 0, 1, 'b@b.test');
    assert.equal(isEdited(d.rows[0]!, 1), true);
    assert.equal(isEdited(d.rows[0]!, 0), false);
    assert.deepEqual(draftFile(d), {
      name: 'Leads_may_failed-rows.csv',
      text: 'Company,Email,ExternalLeadId\r\nB,b@b.test,\r\nC,c@,L3\r\n',
      rows: 2,
    });
    d = setLeftOut(d, 1, true);
    assert.equal(draftFile(d).text, 'Company,Email,ExternalLeadId\r\nB,b@b.test,\r\n');
    assert.equal(answer.rows[0]!.values[1], 'b(at)b.test', 'the answer is not changed');
  });

  it('says what a second send of rows without an id, or of the whole file, would do', () => {
    assert.match(failedRowsIdNote(draftOf(answer), 'ExternalLeadId') ?? '', /^1 row here has no/);
    assert.equal(failedRowsIdNote(setLeftOut(draftOf(answer), 0, true), 'ExternalLeadId'), null);
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
    const d = draftOf(answer);
    assert.deepEqual(d.rows[0]!.edited, ['Smith', ' John', 'j@smith.test', 'L1', '']);
    assert.equal(extraColumns(d), 2);
    assert.equal(extraLabel(0), 'Extra value 1 (no column)');
    assert.equal(extraColumns(setLeftOut(d, 0, true)), 2, 'a left-out row still shows its values');
  });

  it('holds the rows back while an extra value is left, and says which and what to do', () => {
    const d = draftOf(answer);
    // Row 2's trailing empty value alone would not count; its L1 in the 4th cell does.
    assert.match(extraValuesNote(d) ?? '', /^Rows 2, 4 have more values than the file has columns/);
    assert.match(extraValuesNote(d) ?? '', /empty it .*or leave the row out/);
    const fixedTwo = editCell(
      editCell(editCell(editCell(d, 0, 0, 'Smith, John'), 0, 1, 'j@smith.test'), 0, 2, 'L1'),
      0,
      3,
      '',
    );
    assert.match(extraValuesNote(fixedTwo) ?? '', /^Row 4 has more values/);
    // Row 4 left out: nothing is held back.
    assert.equal(extraValuesNote(setLeftOut(fixedTwo, 2, true)), null);
  });

  it('sends an emptied row at the header’s width (blank extra values dropped)', () => {
    let d = draftOf(answer);
    d = editCell(d, 0, 0, 'Smith, John');
    d = editCell(d, 0, 1, 'j@smith.test');
    d = editCell(d, 0, 2, 'L1');
    d = editCell(d, 0, 3, ' ');
    d = editCell(d, 1, 1, 'b@b.test');
    d = editCell(d, 2, 3, '');
    d = editCell(d, 2, 4, '');
    assert.equal(extraValuesNote(d), null);
    const file = draftFile(d);
    assert.equal(
      file.text,
      'Company,Email,ExternalLeadId\r\n"Smith, John",j@smith.test,L1\r\nB,b@b.test,L2\r\nC,c@c.test,L3\r\n',
    );
    // Every resent row parses to the header's width: the platform's check counts 3 values.
    const again = pickFailedRows(file.text, [
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
    let d = draftOf(answer);
    d = editCell(d, 2, 4, '');
    const line = draftFile(d).text.split('\r\n')[3];
    assert.equal(line, 'C,c@c.test,L3,x');
    assert.match(extraValuesNote(d) ?? '', /4/);
  });
});
