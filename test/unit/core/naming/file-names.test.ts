import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkSafeName,
  finalNameOf,
  isInProgressName,
  objectFromFileName,
  partNameFor,
  sanitizeName,
  suggestFileName,
  territoryFileName,
  territoryLevel,
  uniqueName,
} from '../../../../core/naming/index.ts';
import { accountSchema, contactSchema } from '../../../../core/schema/demo-schemas.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';

const schemas = [accountSchema, contactSchema];
const clock = (): Date => new Date('2026-03-04T05:06:07Z');

describe('file names (contract §4)', () => {
  it('finds the object of a flexible-mode file case-insensitively, for .csv and .zip', () => {
    for (const [name, object] of [
      ['Contact_2024.csv', 'Contact'],
      ['contact_x.CSV', 'Contact'],
      ['ACCOUNT_batch.zip', 'Account'],
      ['Account_.csv', 'Account'],
    ] as const) {
      const r = objectFromFileName(name, schemas);
      assert.ok(r.ok, name);
      assert.equal(r.schema.object, object);
    }
  });

  it('refuses other names with a message listing the valid objects', () => {
    for (const name of [
      'Contacts_2024.csv',
      'contact.csv',
      '_x.csv',
      'Contact_2024.xlsx',
      'Lead_1.csv',
    ]) {
      const r = objectFromFileName(name, schemas);
      assert.equal(r.ok, false, name);
      if (!r.ok) assert.match(r.message, /Account, Contact/);
    }
  });

  it('reads a territory file level from its prefix, and says to add 1_ when missing', () => {
    assert.deepEqual(territoryLevel('1_regions.kml'), { ok: true, level: 1 });
    assert.deepEqual(territoryLevel('2_areas.KML'), { ok: true, level: 2 });
    const none = territoryLevel('regions.kml');
    assert.equal(none.ok, false);
    if (!none.ok) assert.match(none.message, /1_regions\.kml/);
    assert.equal(territoryLevel('0_x.kml').ok, false);
    assert.equal(territoryLevel('1_x.csv').ok, false);
    assert.equal(territoryFileName(1, 'regions.kml'), '1_regions.kml');
    assert.equal(territoryFileName(2, '1_regions.kml'), '2_regions.kml');
    assert.equal(territoryFileName(1, '1_regions.kml'), '1_regions.kml');
  });

  it('treats dot-files and .part files as uploads in progress', () => {
    assert.equal(isInProgressName('.Contact_1.csv.part'), true);
    assert.equal(isInProgressName('.hidden.csv'), true);
    assert.equal(isInProgressName('x.csv.PART'), true);
    assert.equal(isInProgressName('Contact_1.csv'), false);
    assert.equal(partNameFor('Contact_1.csv'), '.Contact_1.csv.part');
    assert.equal(finalNameOf(partNameFor('Contact_1.csv')), 'Contact_1.csv');
    assert.equal(finalNameOf('Contact_1.csv'), undefined);
  });

  it('names uploads by the platform convention', () => {
    assert.equal(
      suggestFileName(profiles.flexible, 'Contact', 'march.csv', clock),
      'Contact_march.csv',
    );
    assert.equal(
      suggestFileName(profiles.flexible, 'Contact', 'contact_march.csv', clock),
      'contact_march.csv',
    );
    assert.equal(
      suggestFileName(profiles.flexible, 'Contact', 'C:\\Users\\me\\list.csv', clock),
      'Contact_list.csv',
    );
    assert.equal(suggestFileName(profiles.classic, 'Lead', 'leads.csv', clock), 'leads.csv');
    assert.equal(
      suggestFileName(profiles.classic, 'Lead', '  ', clock),
      'Lead_2026-03-04_050607.csv',
    );
    assert.equal(
      suggestFileName(profiles.flexible, 'Account', 'bad\u202Ename.csv', clock),
      'Account_bad_name.csv',
    );
  });

  it('never overwrites: appends (2), (3)… to a taken name', () => {
    assert.equal(uniqueName('x.csv', new Set()), 'x.csv');
    assert.equal(uniqueName('x.csv', new Set(['x.csv'])), 'x (2).csv');
    assert.equal(uniqueName('x.csv', new Set(['x.csv', 'x (2).csv'])), 'x (3).csv');
    assert.equal(uniqueName('README', new Set(['README'])), 'README (2)');
    assert.equal(uniqueName('x.errors.csv', new Set(['x.errors.csv'])), 'x.errors (2).csv');
  });

  it('refuses unsafe names with a reason', () => {
    for (const bad of [
      '',
      '.',
      '..',
      'a/b.csv',
      'a\\b.csv',
      'a\u0000.csv',
      'a\r\n.csv',
      'x\u202Evsc.csv',
      'x.csv.',
      'x.csv ',
      'CON.csv',
      'é'.repeat(128) + '.csv',
    ]) {
      const r = checkSafeName(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
      if (!r.ok) {
        assert.ok(
          !['\u0000', '\r', '\n', '\u202e'].some((c) => r.message.includes(c)),
          'the message escapes the name',
        );
      }
    }
    assert.equal(checkSafeName('Contact_2024 (2).csv').ok, true);
    assert.equal(checkSafeName('é'.repeat(120) + '.csv').ok, true);
    assert.equal(sanitizeName('a/b\u0000c.'), 'a_b_c');
    assert.equal(sanitizeName('..'), '_');
  });
});
