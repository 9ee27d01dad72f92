import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { conversionWarnings, preparePlan } from '../../../../core/import/prepare-plan.ts';
import { accountSchema, leadSchema } from '../../../../core/schema/demo-schemas.ts';

describe('preparePlan', () => {
  it('plans the template-ordered output from the pairing', () => {
    const r = preparePlan(['Notes', 'E-mail', 'Company name', 'Street'], leadSchema, [], 'f.csv');
    assert.ok(r.ok);
    assert.deepEqual(r.value.plan, {
      columns: ['Company', 'Email', 'Address'],
      sources: [2, 1, 3],
    });
    assert.deepEqual(
      r.value.match.notImported.map((c) => c.from),
      ['Notes'],
    );
  });
  it('refuses a required column without a pair, naming the likeliest columns', () => {
    const r = preparePlan(['Biz', 'Where', 'Notes'], leadSchema, [], 'f.csv');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'missing-required');
    assert.match(
      r.error.message,
      /^f\.csv has no column the Lead template's required columns Company and Address can be paired with for sure:\n {2}Company: maybe "[A-Za-z]+", "[A-Za-z]+" or "[A-Za-z]+"\n/,
    );
  });
  it('refuses a file where nothing pairs, and a choice naming an unknown column', () => {
    const none = preparePlan(
      ['x', 'y'],
      { object: 'T', fields: [{ name: 'Colour', type: 'text' }] },
      [],
      'f.csv',
    );
    assert.ok(!none.ok);
    assert.equal(none.error.code, 'nothing-matches');
    const bad = preparePlan(['Name'], accountSchema, [{ from: 'Nom', to: 'Name' }], 'f.csv');
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, 'bad-choice');
  });
});

describe('conversionWarnings', () => {
  const plan = preparePlan(['Company', 'Address', 'Shoe size', ' ', 'Hat'], leadSchema, [], 'f');
  assert.ok(plan.ok);
  const { match } = plan.value;
  const counts = { rows: 9, shortRows: 0, longRows: 0, firstRaggedRow: 0, blankRows: 2 };

  it('says what the conversion did in plain words (not empty rows: the check counts them)', () => {
    assert.deepEqual(
      conversionWarnings({ detected: 'windows-1252', read: 'windows-1252', match, counts }),
      [
        'Read as Windows-1252 and sent as UTF-8.',
        'Columns “Shoe size” and “Hat” are not imported.',
      ],
    );
    assert.deepEqual(
      conversionWarnings({
        detected: 'utf-8',
        read: 'utf-8',
        match,
        counts: { ...counts, shortRows: 2, firstRaggedRow: 7 },
      }).slice(1),
      [
        '2 rows had fewer values than the header (first: row 7); the missing values were left empty.',
      ],
    );
  });

  it('says when a file that starts as ASCII was read as Windows-1252 further on', () => {
    const [w] = conversionWarnings({ detected: 'utf-8', read: 'windows-1252', match, counts });
    assert.match(w ?? '', /starts as plain ASCII .* read as Windows-1252 and sent as UTF-8/);
  });

  it('says nothing for a workbook whose columns all go in', () => {
    const all = preparePlan(['Company', 'Address'], leadSchema, [], 'f');
    assert.ok(all.ok);
    assert.deepEqual(
      conversionWarnings({ detected: null, read: null, match: all.value.match, counts }),
      [],
    );
  });
});
