import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  inProcessingOrder,
  remoteNameFor,
  remoteNameProblem,
  resubmitSuffix,
  territoryLevel,
} from '../../../../renderer/lib/remote-name.ts';

const clock = () => new Date(Date.UTC(2026, 10, 22, 3, 4, 5));
const contact = { kind: 'records', object: 'Contact', rules: 'server-schema' } as const;

describe('remoteNameFor', () => {
  it('names a flexible file by its object (contract §4)', () => {
    assert.equal(remoteNameFor(contact, true, 'my list.csv', '', clock), 'Contact_my list.csv');
  });
  it('keeps a name that already starts with the object, in any case', () => {
    assert.equal(remoteNameFor(contact, true, 'contact_may.csv', '', clock), 'contact_may.csv');
  });
  it('leaves classic lead files under their own name', () => {
    const lead = { kind: 'records', object: 'Lead', rules: 'server-schema' } as const;
    assert.equal(remoteNameFor(lead, false, 'Leads May.csv', '', clock), 'Leads May.csv');
  });
  it('gives a territory file without a level the level 1 prefix', () => {
    assert.equal(
      remoteNameFor({ kind: 'territories' }, false, 'regions.kml', '', clock),
      '1_regions.kml',
    );
    assert.equal(
      remoteNameFor({ kind: 'territories' }, false, '2_areas.kml', '', clock),
      '2_areas.kml',
    );
  });
  it('never produces a hidden or .part name', () => {
    const name = remoteNameFor({ kind: 'space-file' }, false, '.secret.csv.part', '', clock);
    assert.equal(remoteNameProblem(name), null, name);
  });
  it('appends a fresh suffix before the extension for a resubmission', () => {
    const suffix = resubmitSuffix(new Date(2026, 10, 22, 3, 4, 5));
    assert.equal(suffix, '_fix-20261122-030405');
    assert.equal(
      remoteNameFor(
        { kind: 'records', object: 'Account', rules: 'server-schema' },
        true,
        'Account_q3.csv',
        suffix,
        clock,
      ),
      'Account_q3_fix-20261122-030405.csv',
    );
  });
});

describe('remoteNameProblem', () => {
  it('explains why the platform would skip or refuse a name', () => {
    assert.match(remoteNameProblem('.x.csv') ?? '', /unfinished uploads/);
    assert.match(remoteNameProblem('a/b.csv') ?? '', /\//);
    assert.equal(remoteNameProblem('Contact_x.csv'), null);
  });
});

describe('inProcessingOrder', () => {
  it('orders territory files by their level prefix, lower first', () => {
    const names = inProcessingOrder([
      { name: '3_zones.kml' },
      { name: 'x.kml' },
      { name: '1_regions.kml' },
      { name: '2_areas.kml' },
    ]).map((f) => f.name);
    assert.deepEqual(names, ['1_regions.kml', '2_areas.kml', '3_zones.kml', 'x.kml']);
    assert.equal(territoryLevel('12_a.kml'), 12);
    assert.equal(territoryLevel('a_1.kml'), null);
  });
});
