import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  columnKey,
  columnSuggestions,
  editDistance,
  matchColumns,
  templateColumns,
} from '../../../../core/import/match-columns.ts';
import { accountSchema, contactSchema, leadSchema } from '../../../../core/schema/demo-schemas.ts';

const lead = templateColumns(leadSchema);

function pairs(header: string[], tpl = lead, chosen: { from: string; to: string }[] = []) {
  const r = matchColumns(header, tpl, chosen);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value;
}

describe('matchColumns', () => {
  it('pairs exact names, then the same letters ignoring case, spaces and punctuation', () => {
    const m = pairs(['Company', 'E-mail', 'first name', 'ADDRESS', 'last_name']);
    assert.deepEqual(
      m.pairs.map((p) => [p.from, p.to, p.reason]),
      [
        ['Company', 'Company', 'exact'],
        ['E-mail', 'Email', 'same-letters'],
        ['first name', 'FirstName', 'same-letters'],
        ['ADDRESS', 'Address', 'same-letters'],
        ['last_name', 'LastName', 'same-letters'],
      ],
    );
    assert.deepEqual(m.notImported, []);
    assert.deepEqual(m.missingRequired, []);
  });

  it('pairs known synonyms', () => {
    const m = pairs([
      'Company name',
      'Street',
      'Zip code',
      'Postal code',
      'Telephone',
      'Email address',
    ]);
    assert.deepEqual(
      m.pairs.map((p) => [p.from, p.to, p.reason]),
      [
        ['Company name', 'Company', 'synonym'],
        ['Street', 'Address', 'synonym'],
        ['Telephone', 'Phone', 'synonym'],
        ['Email address', 'Email', 'synonym'],
      ],
    );
    // two columns claim Zip: neither is guessed, both are left for the user
    assert.deepEqual(
      m.notImported.map((c) => c.from),
      ['Zip code', 'Postal code'],
    );
  });

  it('maps "Company name" to Name where the template has no Company (Account)', () => {
    const m = pairs(['Company name', 'Web'], templateColumns(accountSchema));
    assert.deepEqual(
      m.pairs.map((p) => p.to),
      ['Name', 'Website'],
    );
  });

  it('pairs the closest spelling only when one template column is that close', () => {
    const m = pairs(['Compnay', 'Adress', 'Emial', 'Cty']);
    assert.deepEqual(
      m.pairs.map((p) => [p.from, p.to, p.reason]),
      [
        ['Compnay', 'Company', 'spelling'],
        ['Adress', 'Address', 'spelling'],
        ['Emial', 'Email', 'spelling'],
      ],
    );
    // three letters are too short to guess from
    assert.deepEqual(
      m.notImported.map((c) => c.from),
      ['Cty'],
    );
  });

  it('does not guess a spelling two template columns are equally close to', () => {
    const tpl = [
      { name: 'Phone1', required: false },
      { name: 'Phone2', required: false },
    ];
    assert.deepEqual(pairs(['Phone3'], tpl).pairs, []);
  });

  it('never guesses reserved columns, but takes them by name', () => {
    const m = pairs(
      ['Company', 'Address', 'externalleadid', 'ExternalLeadIdx'],
      templateColumns(contactSchema),
    );
    assert.deepEqual(
      m.pairs.map((p) => [p.from, p.to]),
      [['externalleadid', 'ExternalLeadId']],
    );
  });

  it('lets choices win, and leaves out a column chosen as not imported', () => {
    const m = pairs(['Firma', 'Anschrift', 'Email'], lead, [
      { from: 'firma', to: 'company' },
      { from: 'Anschrift', to: 'Address' },
      { from: 'Email', to: '' },
    ]);
    assert.deepEqual(
      m.pairs.map((p) => [p.from, p.to, p.reason]),
      [
        ['Firma', 'Company', 'chosen'],
        ['Anschrift', 'Address', 'chosen'],
      ],
    );
    assert.deepEqual(
      m.notImported.map((c) => c.from),
      ['Email'],
    );
  });

  it('names required columns left unmatched with the likeliest candidates', () => {
    const m = pairs(['Org name', 'Where', 'Notes']);
    assert.deepEqual(
      m.missingRequired.map((x) => x.to),
      ['Company', 'Address'],
    );
    assert.equal(m.missingRequired[0]!.candidates.length, 3);
    assert.deepEqual(
      m.notImported.map((c) => c.from),
      ['Org name', 'Where', 'Notes'],
    );
  });

  it('ranks a likely column first among the candidates, not a short unrelated one', () => {
    const m = pairs(['Company', 'Notes', 'Location', 'Phone']);
    assert.deepEqual(
      m.missingRequired.map((x) => [x.to, x.candidates[0]]),
      [['Address', 'Location']],
    );
    const h = pairs(['Company', 'Notes', 'Home address line']);
    assert.equal(h.missingRequired[0]!.candidates[0], 'Home address line');
    const c = pairs(['Notes', 'Client', 'Address']);
    assert.equal(c.missingRequired[0]!.candidates[0], 'Client');
  });

  it('explains a choice naming a column that does not exist', () => {
    const a = matchColumns(['A'], lead, [{ from: 'B', to: 'Company' }]);
    assert.ok(!a.ok);
    assert.match(a.message, /no column "B".*before "="/);
    const b = matchColumns(['A'], lead, [{ from: 'A', to: 'Colour' }]);
    assert.ok(!b.ok);
    assert.match(b.message, /template has no column "Colour".*after "="/);
    const c = matchColumns(['A', 'B'], lead, [
      { from: 'A', to: 'Company' },
      { from: 'B', to: 'Company' },
    ]);
    assert.ok(!c.ok);
  });
});

describe('column helpers', () => {
  it('keys names by letters and digits, accents dropped', () => {
    assert.equal(columnKey(' Prénom_2 '), 'prenom2');
  });
  it('counts a transposition as one edit', () => {
    assert.equal(editDistance('compnay', 'company'), 1);
    assert.equal(editDistance('adress', 'address'), 1);
    assert.equal(editDistance('', 'abc'), 3);
  });
  it('suggests only the pairings the platform would not make itself', () => {
    const m = pairs(['company', 'E-mail', 'Address']);
    assert.deepEqual(columnSuggestions(m), [{ from: 'E-mail', to: 'Email' }]);
  });
});
