import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csv, startHarness, type Harness } from './harness.ts';

describe('the processing cycle on the demo schemas', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('imports a valid classic Lead file and moves it to Success with a result.json', async () => {
    await h.drop('classic', '/Leads/Import/New', 'leads.csv', csv(
      ['Company', 'FirstName', 'Address', 'City', 'Status', 'ExternalLeadId'],
      [
        ['Acme', 'Ann', '1 Main St', 'Springfield', 'New', 'L-1'],
        ['Bolt', 'Bob', '2 Main St', 'Springfield', 'won', ''],
      ],
    ));
    const r = await h.processor.runCycle();
    assert.equal(r.files.length, 1);
    assert.deepEqual(await h.list('classic', '/Leads/Import/New'), []);
    const failed = await h.list('classic', '/Leads/Import/Failed');
    assert.deepEqual(failed, ['leads.csv', 'leads.csv.errors.csv', 'leads.csv.result.json']);
    const result = JSON.parse(await h.read('classic', '/Leads/Import/Failed/leads.csv.result.json'));
    assert.equal(result.status, 'failed');
    assert.equal(result.rowsImported, 1);
    assert.equal(result.rowsFailed, 1);
    const errors = await h.read('classic', '/Leads/Import/Failed/leads.csv.errors.csv');
    assert.match(errors, /^Row,Column,Value,Error\r\n3,Status,won,/);
  });
});
