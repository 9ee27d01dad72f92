import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { preparePlan } from '../../../../core/import/prepare-plan.ts';
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
