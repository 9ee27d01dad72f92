import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csv, startHarness, type Harness } from './harness.ts';
import { errorLines, readResult } from './harness-results.ts';

const leadHeader = [
  'Company',
  'FirstName',
  'Email',
  'Address',
  'City',
  'Zip',
  'Status',
  'Value',
  'FollowUp',
  'ExternalLeadId',
  'ExternalPinId',
];
const New = '/Leads/Import/New';
const Success = '/Leads/Import/Success';
const Failed = '/Leads/Import/Failed';

describe('the processing cycle on classic leads', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('imports a valid file, moves it to Success and writes a result.json that says so', async () => {
    await h.drop(
      'classic',
      New,
      'good.csv',
      csv(leadHeader, [
        [
          'Acme',
          'Ann',
          'ann@acme.com',
          '1 Main St',
          'Springfield',
          '62701',
          'New',
          '1200.50',
          '2026-01-31',
          'L-1',
          '',
        ],
        ['Bolt', 'Bob', '', '2 Main St', 'Springfield', '62701', 'lost', '', '', '', ''],
      ]),
    );
    const r = await h.processor.runCycle();
    assert.deepEqual(
      r.files.map((f) => [f.file, f.status]),
      [['good.csv', 'success']],
    );
    assert.deepEqual(await h.list('classic', New), []);
    assert.deepEqual(await h.list('classic', Success), ['good.csv', 'good.csv.result.json']);
    const res = await readResult(h, 'classic', `${Success}/good.csv.result.json`);
    assert.equal(res.status, 'success');
    assert.equal(res.object, 'Lead');
    assert.equal(res.rowsTotal, 2);
    assert.equal(res.rowsImported, 2);
    assert.equal(res.rowsFailed, 0);
    assert.equal(res.packages, 1);
    assert.deepEqual(res.errors, []);
    assert.equal(h.count('Lead', 'classic'), 2);
  });

  it('names every bad row exactly in errors.csv and imports the good ones', async () => {
    await h.drop(
      'classic',
      New,
      'bad.csv',
      csv(leadHeader, [
        ['Good Co', '', '', '3 Main St', '', '', '', '', '', '', ''],
        ['', 'NoCompany', '', '4 Main St', '', '', '', '', '', '', ''],
        ['Mail Co', '', 'not-an-email', '5 Main St', '', '', 'Maybe', '', '31/31/2026', '', ''],
        ['=HYPERLINK("x")', '', '', '6 Main St', '', '', '', '', '', '', ''],
      ]),
    );
    await h.processor.runCycle();
    assert.deepEqual(await h.list('classic', Failed), [
      'bad.csv',
      'bad.csv.errors.csv',
      'bad.csv.result.json',
    ]);
    const lines = await errorLines(h, 'classic', `${Failed}/bad.csv.errors.csv`);
    const cells = lines.map((l) => l.split(',').slice(0, 3).join(','));
    assert.deepEqual(cells, [
      '3,Company,',
      '4,Email,not-an-email',
      '4,Status,Maybe',
      '4,FollowUp,31/31/2026',
    ]);
    const res = await readResult(h, 'classic', `${Failed}/bad.csv.result.json`);
    assert.equal(res.status, 'failed');
    assert.equal(res.rowsTotal, 4);
    assert.equal(res.rowsImported, 2);
    assert.equal(res.rowsFailed, 2);
    assert.deepEqual(
      res.errors.map((e) => [e.row, e.column]),
      [
        [3, 'Company'],
        [4, 'Email'],
        [4, 'Status'],
        [4, 'FollowUp'],
      ],
    );
    assert.ok(res.errors.every((e) => e.message.length > 10));
    // The formula-looking company was imported as data, not evaluated anywhere.
    assert.equal(h.count('Lead', 'classic'), 4);
  });

  it('never overwrites: a second file of the same name gets a " (2)" suffix with its own reports', async () => {
    const body = csv(leadHeader, [
      ['Twice', '', '', '7 Main St', '', '', '', '', '', 'L-twice', ''],
    ]);
    await h.drop('classic', New, 'same.csv', body);
    await h.processor.runCycle();
    await h.drop('classic', New, 'same.csv', body);
    await h.processor.runCycle();
    const names = (await h.list('classic', Success)).filter((n) => n.startsWith('same'));
    assert.deepEqual(names, [
      'same (2).csv',
      'same (2).csv.result.json',
      'same.csv',
      'same.csv.result.json',
    ]);
    const res = await readResult(h, 'classic', `${Success}/same (2).csv.result.json`);
    assert.equal(res.file, 'same (2).csv');
  });

  it('updates the record with the same ExternalLeadId instead of adding one', async () => {
    const before = h.count('Lead', 'classic');
    await h.drop(
      'classic',
      New,
      'ext1.csv',
      csv(leadHeader, [['Old Name', '', '', '8 Main St', '', '', '', '', '', 'EXT-8', '']]),
    );
    await h.processor.runCycle();
    await h.drop(
      'classic',
      New,
      'ext2.csv',
      csv(leadHeader, [['New Name', '', '', '8 Main St', '', '', '', '', '', 'EXT-8', '']]),
    );
    await h.processor.runCycle();
    assert.equal(h.count('Lead', 'classic'), before + 1);
    const fields = h.processor.db
      .prepare("SELECT fields FROM records WHERE ext_id = 'EXT-8'")
      .pluck(true)
      .all() as string[];
    assert.equal(fields.length, 1);
    assert.equal((JSON.parse(fields[0]!) as Record<string, string>)['Company'], 'New Name');
  });

  it('adds a new record for each row without an external id, even with the same values', async () => {
    const before = h.count('Lead', 'classic');
    const body = csv(leadHeader, [['Anon', '', '', '9 Main St', '', '', '', '', '', '', '']]);
    await h.drop('classic', New, 'anon1.csv', body);
    await h.drop('classic', New, 'anon2.csv', body);
    await h.processor.runCycle();
    assert.equal(h.count('Lead', 'classic'), before + 2);
  });

  /** Each lead's pin key by its Company, for the companies LIKE `pattern`. */
  function pinsByCompany(pattern: string): Record<string, string> {
    const rows = h.processor.db
      .prepare(
        "SELECT json_extract(fields, '$.Company') AS c, pin_key AS p FROM records WHERE json_extract(fields, '$.Company') LIKE ?",
      )
      .all(pattern) as { c: string; p: string }[];
    return Object.fromEntries(rows.map((x) => [x.c, x.p]));
  }

  it('shares one pin between rows whose addresses differ only in case, spacing and punctuation', async () => {
    await h.drop(
      'classic',
      New,
      'pins.csv',
      csv(leadHeader, [
        ['P1', '', '', '10 Elm St.', 'Springfield', '62701', '', '', '', '', ''],
        ['P2', '', '', '10  ELM st', 'springfield', '62701', '', '', '', '', ''],
        ['P3', '', '', '11 Elm St', 'Springfield', '62701', '', '', '', '', ''],
        ['P4', '', '', 'anything', '', '', '', '', '', '', 'PIN-7'],
        ['P5', '', '', 'something else', '', '', '', '', '', '', 'PIN-7'],
      ]),
    );
    await h.processor.runCycle();
    const byCompany = pinsByCompany('P_');
    assert.equal(byCompany['P1'], byCompany['P2']);
    assert.notEqual(byCompany['P1'], byCompany['P3']);
    assert.equal(byCompany['P4'], 'e:PIN-7');
    assert.equal(byCompany['P5'], 'e:PIN-7');
  });

  it('joins a row without ExternalPinId to the ExternalPinId pin at its address (§5.5)', async () => {
    await h.drop(
      'classic',
      New,
      'pins-ext-1.csv',
      csv(leadHeader, [
        ['Q1', '', '', '20 Oak Ave', 'Springfield', '62701', '', '', '', '', 'PIN-9'],
        ['Q2', '', '', '20 oak ave.', 'SPRINGFIELD', '62701', '', '', '', '', ''],
        ['Q3', '', '', '30 Pine Rd', 'Springfield', '62701', '', '', '', '', ''],
        ['Q4', '', '', '30 Pine Rd', 'Springfield', '62701', '', '', '', '', 'PIN-10'],
      ]),
    );
    await h.processor.runCycle();
    await h.drop(
      'classic',
      New,
      'pins-ext-2.csv',
      csv(leadHeader, [
        ['Q5', '', '', '20  Oak Ave', 'Springfield', '62701', '', '', '', '', ''],
        ['Q6', '', '', '30 pine rd', 'Springfield', '62701', '', '', '', '', ''],
        ['Q7', '', '', '40 Birch Ln', 'Springfield', '62701', '', '', '', '', ''],
      ]),
    );
    await h.processor.runCycle();
    const pin = pinsByCompany('Q_');
    assert.equal(pin['Q1'], 'e:PIN-9');
    assert.equal(pin['Q2'], 'e:PIN-9', 'same file, later row at the same address');
    assert.equal(pin['Q5'], 'e:PIN-9', 'a later file, the same address spelled differently');
    // an address pin that rows without ids already share keeps them together
    assert.ok(pin['Q3']!.startsWith('a:'));
    assert.equal(pin['Q4'], 'e:PIN-10');
    assert.equal(pin['Q6'], pin['Q3']);
    assert.ok(pin['Q7']!.startsWith('a:'));
  });

  it('splits a 25,001-row file into 3 packages and imports every row', async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 25_001; i++) {
      rows.push([`Co ${i}`, '', '', `${i} Long Rd`, '', '', '', '', '', `BIG-${i}`, '']);
    }
    await h.drop('classic', New, 'big.csv', csv(leadHeader, rows));
    const before = h.count('Lead', 'classic');
    await h.processor.runCycle();
    const res = await readResult(h, 'classic', `${Success}/big.csv.result.json`);
    assert.equal(res.packages, 3);
    assert.equal(res.rowsTotal, 25_001);
    assert.equal(res.rowsImported, 25_001);
    assert.equal(h.count('Lead', 'classic'), before + 25_001);
  });

  it('fails a file that is not UTF-8 without importing any row, even when the bad byte is near its end', async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 12_000; i++) {
      rows.push([`Enc ${i}`, '', '', `${i} Enc Rd`, '', '', '', '', '', '', '']);
    }
    const text = csv(leadHeader, rows) + 'Caf\xe9,,,1 Rue,,,,,,,\r\n';
    const bytes = Buffer.from(text, 'latin1');
    const before = h.count('Lead', 'classic');
    await h.drop('classic', New, 'latin1.csv', bytes);
    await h.processor.runCycle();
    const res = await readResult(h, 'classic', `${Failed}/latin1.csv.result.json`);
    assert.equal(res.status, 'failed');
    assert.equal(res.fileError?.code, 'not-utf8');
    assert.equal(res.rowsImported, 0);
    assert.equal(h.count('Lead', 'classic'), before);
    assert.ok((await h.list('classic', Failed)).includes('latin1.csv.errors.csv'));
  });

  it('fails a file whose last row opens a quote it never closes without importing any row (no half file)', async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 12_000; i++) {
      rows.push([`Cut ${i}`, '', '', `${i} Cut Rd`, '', '', '', '', '', '', '']);
    }
    // A client that CLOSEs an aborted upload leaves a file cut inside a quoted field.
    const text = csv(leadHeader, rows) + '"Truncated Co,,,1 Cut Rd';
    const before = h.count('Lead', 'classic');
    await h.drop('classic', New, 'cut.csv', text);
    await h.processor.runCycle();
    const res = await readResult(h, 'classic', `${Failed}/cut.csv.result.json`);
    assert.equal(res.status, 'failed');
    assert.equal(res.fileError?.code, 'unterminated-quote');
    assert.equal(res.rowsImported, 0);
    assert.equal(h.count('Lead', 'classic'), before);
  });

  it('fails a file missing a required column with a message naming it, importing nothing', async () => {
    await h.drop('classic', New, 'nocol.csv', csv(['FirstName', 'Address'], [['Ann', '1 Main']]));
    const before = h.count('Lead', 'classic');
    await h.processor.runCycle();
    const res = await readResult(h, 'classic', `${Failed}/nocol.csv.result.json`);
    assert.equal(res.fileError?.code, 'missing-column');
    assert.match(res.fileError?.message ?? '', /Company/);
    assert.equal(h.count('Lead', 'classic'), before);
  });

  it('leaves uploads in progress, open files and just-written files in New/', async () => {
    const w = h.ws('classic');
    const open = new Set<string>();
    const h2 = await startHarness(
      undefined,
      { isOpenForWrite: (p) => open.has(p) },
      await mkdtemp(join(tmpdir(), 'sia-proc-open-')),
    );
    try {
      const body = csv(leadHeader, [['X', '', '', '1 Main', '', '', '', '', '', '', '']]);
      await h2.drop('classic', New, '.upload.csv.part', body);
      await h2.drop('classic', New, 'halfway.csv.part', body);
      const openPath = await h2.drop('classic', New, 'open.csv', body);
      open.add(openPath);
      await h2.processor.runCycle();
      assert.deepEqual(await h2.list('classic', New), [
        '.upload.csv.part',
        'halfway.csv.part',
        'open.csv',
      ]);
      open.clear();
      await h2.processor.runCycle();
      assert.deepEqual(await h2.list('classic', New), ['.upload.csv.part', 'halfway.csv.part']);
      // A file written this very moment waits for the next scan.
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(h2.ws('classic').root, 'Leads/Import/New/fresh.csv'), body);
      await h2.processor.runCycle();
      assert.ok((await h2.list('classic', New)).includes('fresh.csv'));
      await h2.processor.runCycle();
      assert.ok(!(await h2.list('classic', New)).includes('fresh.csv'));
    } finally {
      await h2.close();
      await rm(h2.dataDir, { recursive: true, force: true });
    }
    assert.ok(w.root.length > 0);
  });
});
