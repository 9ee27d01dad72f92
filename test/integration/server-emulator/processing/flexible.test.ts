import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatRecordId } from '../../../../server-emulator/storage/ids.ts';
import type { WorkspaceConfig } from '../../../../server-emulator/config/workspace.ts';
import { csv, demoWorkspaces, startHarness, type Harness } from './harness.ts';
import { errorLines, readResult } from './harness-results.ts';

const New = '/DataObjects/Import/New';
const Success = '/DataObjects/Import/Success';
const Failed = '/DataObjects/Import/Failed';
const accountHeader = ['Name', 'Industry', 'Address', 'City', 'ExternalDataObjectId'];
const contactHeader = ['FirstName', 'LastName', 'RelatedTo', 'ExternalDataObjectId'];

const nodeWorkspace: WorkspaceConfig = {
  name: 'graph',
  profile: 'flexible',
  users: [],
  schemas: [
    {
      object: 'Node',
      fields: [
        { name: 'Name', type: 'text', required: true },
        { name: 'RelatedTo', type: 'text', relatedObject: 'Node' },
      ],
    },
  ],
  exportSchedule: 'none',
  pullSources: [],
};

describe('the processing cycle on flexible data objects', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness([...demoWorkspaces, nodeWorkspace]);
  });
  after(async () => h.close());

  function recordIdOf(ext: string): string {
    const id = h.processor.db
      .prepare('SELECT id FROM records WHERE ext_id = ?')
      .pluck(true)
      .get(ext) as number;
    return formatRecordId(id);
  }

  it('takes the object from the file name, case-insensitively', async () => {
    await h.drop(
      'flexible',
      New,
      'account_first.csv',
      csv(accountHeader, [['Acme', 'Retail', '1 Main', 'Springfield', 'A-1']]),
    );
    await h.processor.runCycle();
    const res = await readResult(h, 'flexible', `${Success}/account_first.csv.result.json`);
    assert.equal(res.object, 'Account');
    assert.equal(h.count('Account', 'flexible'), 1);
  });

  it('fails a file whose name names no object, with a message listing the valid ones', async () => {
    await h.drop('flexible', New, 'Leads_2026.csv', csv(accountHeader, [['Acme', '', '', '', '']]));
    await h.processor.runCycle();
    const res = await readResult(h, 'flexible', `${Failed}/Leads_2026.csv.result.json`);
    assert.equal(res.fileError?.code, 'unknown-object');
    assert.match(res.fileError?.message ?? '', /Account, Contact/);
    const lines = await errorLines(h, 'flexible', `${Failed}/Leads_2026.csv.errors.csv`);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^0,,,.*<Object>_<anything>\.csv/);
  });

  it('relates a Contact to an existing Account by RecordID and fails a missing one with related-not-found', async () => {
    const acme = recordIdOf('A-1');
    await h.drop(
      'flexible',
      New,
      'Contact_people.csv',
      csv(contactHeader, [
        ['Ann', 'Lee', acme, 'C-1'],
        ['Bob', 'Ray', 'R99999999', 'C-2'],
        ['Cid', 'Roe', '', 'C-3'],
      ]),
    );
    await h.processor.runCycle();
    const res = await readResult(h, 'flexible', `${Failed}/Contact_people.csv.result.json`);
    assert.equal(res.rowsImported, 2);
    assert.equal(res.rowsFailed, 1);
    assert.deepEqual(
      res.errors.map((e) => [e.row, e.column, e.value]),
      [[3, 'RelatedTo', 'R99999999']],
    );
    const parent = h.processor.db
      .prepare(
        'SELECT parent FROM relations WHERE child = (SELECT id FROM records WHERE ext_id = ?)',
      )
      .pluck(true)
      .get('C-1') as number;
    assert.equal(formatRecordId(parent), acme);
    const lines = await errorLines(h, 'flexible', `${Failed}/Contact_people.csv.errors.csv`);
    assert.match(lines[0]!, /^3,RelatedTo,R99999999,"No Account has the RecordID ""R99999999""/);
  });

  it('accepts a RelatedTo naming a record created earlier in the same file, not one created later', async () => {
    const next =
      (h.processor.db
        .prepare('SELECT coalesce(max(id), 0) FROM records')
        .pluck(true)
        .get() as number) + 1;
    await h.drop(
      'graph',
      New,
      'Node_tree.csv',
      csv(
        ['Name', 'RelatedTo'],
        [
          ['root', ''],
          ['child', formatRecordId(next)],
          ['orphan', formatRecordId(next + 5)],
        ],
      ),
    );
    await h.processor.runCycle();
    const res = await readResult(h, 'graph', `${Failed}/Node_tree.csv.result.json`);
    assert.equal(res.rowsImported, 2);
    assert.deepEqual(
      res.errors.map((e) => [e.row, e.column]),
      [[4, 'RelatedTo']],
    );
  });

  it('processes each CSV of a ZIP as if uploaded alone and lists every entry in the result', async () => {
    const yazl = (await import('yazl')).default;
    const zip = new yazl.ZipFile();
    zip.addBuffer(
      Buffer.from(csv(accountHeader, [['Zed', 'Other', '', '', 'A-Z']])),
      'Account_zip.csv',
    );
    zip.addBuffer(
      Buffer.from(csv(contactHeader, [['Zoe', 'Zed', 'R77777777', '']])),
      'sub/Contact_zip.csv',
    );
    zip.addBuffer(Buffer.from('hello'), 'readme.txt');
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream) chunks.push(c as Buffer);
    await h.drop('flexible', New, 'Account_bundle.zip', Buffer.concat(chunks));
    await h.processor.runCycle();
    const res = await readResult(h, 'flexible', `${Failed}/Account_bundle.zip.result.json`);
    assert.equal(res.status, 'failed');
    assert.deepEqual(
      res.entries?.map((e) => [e.file, e.object, e.status, e.rowsImported, e.rowsFailed]),
      [
        ['Account_zip.csv', 'Account', 'success', 1, 0],
        ['sub/Contact_zip.csv', 'Contact', 'failed', 0, 1],
      ],
    );
    assert.ok(res.warnings.some((w) => w.includes('readme.txt')));
    const lines = await errorLines(h, 'flexible', `${Failed}/Account_bundle.zip.errors.csv`);
    assert.match(lines[0]!, /^2,RelatedTo,R77777777,"sub\/Contact_zip\.csv: No Account/);
    assert.equal(h.count('Account', 'flexible'), 2);
  });

  it('exports each object with RecordID first, neutralised values, and never overwrites', async () => {
    await h.drop(
      'flexible',
      New,
      'Account_formula.csv',
      csv(accountHeader, [['=1+2', 'Other', '', '', 'A-F']]),
    );
    await h.processor.runCycle();
    const files = await h.processor.exportNow('flexible');
    const day = new Date(h.now.t).toISOString().slice(0, 10);
    assert.deepEqual(files, [
      `/DataObjects/Export/Account_${day}.csv`,
      `/DataObjects/Export/Contact_${day}.csv`,
    ]);
    const text = await h.read('flexible', `/DataObjects/Export/Account_${day}.csv`);
    const lines = text.trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'RecordID,Name,Industry,Employees,AnnualRevenue,Website,Address,City,State,Zip,Country,Latitude,Longitude,ExternalDataObjectId,ExternalPinId',
    );
    assert.equal(lines.length, 1 + h.count('Account', 'flexible'));
    assert.ok(lines.some((l) => l.startsWith(`${recordIdOf('A-F')},'=1+2,Other,`)));
    const again = await h.processor.exportNow('flexible', 'account');
    assert.deepEqual(again, [`/DataObjects/Export/Account_${day} (2).csv`]);
    assert.ok(!(await h.list('flexible', '/DataObjects/Export')).some((n) => n.startsWith('.')));
  });

  it('exports on the workspace schedule by the injected clock: once a day for daily', async () => {
    const h2 = await startHarness([{ ...demoWorkspaces[0]!, exportSchedule: 'daily' }]);
    try {
      await h2.processor.runCycle();
      await h2.processor.runCycle();
      assert.equal((await h2.list('classic', '/Leads/Export')).length, 1);
      h2.now.t += 24 * 60 * 60 * 1000;
      const r = await h2.processor.runCycle();
      assert.equal(r.exports.length, 1);
      assert.equal((await h2.list('classic', '/Leads/Export')).length, 2);
    } finally {
      await h2.close();
    }
  });
});
