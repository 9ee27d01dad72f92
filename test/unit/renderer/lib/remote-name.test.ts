import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  inProcessingOrder,
  remoteNameFor,
  resubmitSuffix,
  safeBaseName,
  territoryLevel,
} from '../../../../renderer/lib/remote-name.ts';

describe('remoteNameFor', () => {
  it('names a flexible file by its object (contract §4)', () => {
    assert.equal(
      remoteNameFor({ kind: 'records', object: 'Contact', rules: 'server-schema' }, 'my list.csv'),
      'Contact_my_list.csv',
    );
  });
  it('keeps a name that already starts with the object, in any case', () => {
    assert.equal(
      remoteNameFor(
        { kind: 'records', object: 'Contact', rules: 'server-schema' },
        'contact_may.csv',
      ),
      'contact_may.csv',
    );
  });
  it('leaves classic lead files as they are, made safe', () => {
    assert.equal(
      remoteNameFor({ kind: 'records', object: 'Lead', rules: 'server-schema' }, 'Leads (May).CSV'),
      'Leads_May_.csv',
    );
  });
  it('gives a territory file without a level the level 1 prefix', () => {
    assert.equal(remoteNameFor({ kind: 'territories' }, 'regions.kml'), '1_regions.kml');
    assert.equal(remoteNameFor({ kind: 'territories' }, '2_areas.kml'), '2_areas.kml');
  });
  it('never produces a hidden or .part name', () => {
    assert.equal(safeBaseName('.secret.csv'), 'secret.csv');
    assert.equal(safeBaseName('x.csv.part'), 'x.csv');
  });
  it('appends a fresh suffix before the extension for a resubmission', () => {
    const suffix = resubmitSuffix(new Date(2026, 10, 22, 3, 4, 5));
    assert.equal(suffix, '_fix-20261122-030405');
    assert.equal(
      remoteNameFor(
        { kind: 'records', object: 'Account', rules: 'server-schema' },
        'Account_q3.csv',
        suffix,
      ),
      'Account_q3_fix-20261122-030405.csv',
    );
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
