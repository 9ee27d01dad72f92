import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { objectFromFileName, territoryLevel, uniqueName, isInProgressName, csvCell } from '../../../../server-emulator/processing/core-adapters.ts';
import { exportDue } from '../../../../server-emulator/processing/exports.ts';
import { isStable } from '../../../../server-emulator/processing/scan.ts';

describe('the processing rules as pure functions', () => {
  it('takes a file seen for the first time only when it is at least a second old and not open', () => {
    const now = 10_000;
    assert.equal(isStable({ size: 5, mtimeMs: 8_000 }, undefined, false, now), true);
    assert.equal(isStable({ size: 5, mtimeMs: 9_500 }, undefined, false, now), false);
    assert.equal(isStable({ size: 5, mtimeMs: 8_000 }, undefined, true, now), false);
  });

  it('waits while size or mtime changed since the previous scan', () => {
    assert.equal(isStable({ size: 6, mtimeMs: 1 }, { size: 5, mtimeMs: 1 }, false, 10_000), false);
    assert.equal(isStable({ size: 5, mtimeMs: 2 }, { size: 5, mtimeMs: 1 }, false, 10_000), false);
    assert.equal(isStable({ size: 5, mtimeMs: 1 }, { size: 5, mtimeMs: 1 }, false, 10_000), true);
  });

  it('treats dot names and .part names as uploads in progress', () => {
    assert.equal(isInProgressName('.a.csv.part'), true);
    assert.equal(isInProgressName('a.csv.PART'), true);
    assert.equal(isInProgressName('.hidden'), true);
    assert.equal(isInProgressName('a.csv'), false);
  });

  it('finds a free name with " (2)", " (3)" before the extension', () => {
    const taken = new Set(['a.csv', 'a (2).csv', 'noext']);
    assert.equal(uniqueName('b.csv', (n) => taken.has(n)), 'b.csv');
    assert.equal(uniqueName('a.csv', (n) => taken.has(n)), 'a (3).csv');
    assert.equal(uniqueName('noext', (n) => taken.has(n)), 'noext (2)');
  });

  it('names the object from the file name or lists the valid ones', () => {
    const schemas = [{ object: 'Account' }, { object: 'Contact' }];
    const ok = objectFromFileName('CONTACT_2026.csv', schemas);
    assert.ok(ok.ok && ok.schema.object === 'Contact');
    const bad = objectFromFileName('Contacts.csv', schemas);
    assert.ok(!bad.ok && /Account, Contact/.test(bad.message));
  });

  it('reads the territory level from the N_ prefix and asks for one when missing', () => {
    assert.deepEqual(territoryLevel('2_areas.kml'), { ok: true, level: 2 });
    const none = territoryLevel('areas.kml');
    assert.ok(!none.ok && none.message.includes('1_areas.kml'));
    assert.equal(territoryLevel('0_x.kml').ok, false);
  });

  it('neutralises cells that a spreadsheet would run as formulas, and quotes when needed', () => {
    assert.equal(csvCell('=1+2";=1+2'), `"'=1+2"";=1+2"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
  });

  it('schedules daily exports once per UTC day and weekly ones every 7 days', () => {
    const d = Date.UTC(2026, 0, 1, 23, 0);
    assert.equal(exportDue('none', undefined, d), false);
    assert.equal(exportDue('daily', undefined, d), true);
    assert.equal(exportDue('daily', d, d + 30 * 60_000), false);
    assert.equal(exportDue('daily', d, d + 2 * 60 * 60_000), true);
    assert.equal(exportDue('weekly', d, d + 6 * 86_400_000), false);
    assert.equal(exportDue('weekly', d, d + 7 * 86_400_000), true);
  });
});
