/**
 * Hostile ZIPs through a whole processing cycle (contract §5.8, test plan F8–F10): zip slip,
 * bombs (declared and lying sizes), symlink and nested-ZIP entries and too many entries each
 * fail the whole ZIP into Failed/ with a result.json saying why, store no record and write
 * nothing outside the data folder; a good ZIP's files are processed as if uploaded alone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { territoriesGeoJson } from '../../../../server-emulator/admin/admin-queries.ts';
import { buildZip, deflatedZeros, type RawEntry } from '../../../fixtures/zip/hostile-zips.ts';
import { csv, startHarness, type Harness } from './harness.ts';
import { errorLines, readResult } from './harness-results.ts';
import { bowtie, kml, placemark, polygon, square } from './kml-text.ts';

const New = '/DataObjects/Import/New';
const Failed = '/DataObjects/Import/Failed';
const Success = '/DataObjects/Import/Success';
const header = ['Name', 'Industry', 'Address', 'City', 'ExternalDataObjectId'];
let failedCount = 0;
const goodCsv = Buffer.from(csv(header, [['Good Co', 'Retail', '1 Main', 'Springfield', 'G-1']]));

/** Every file under `dir`, relative to it. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isDirectory()) out.push(relative(dir, join(e.parentPath, e.name)));
  }
  return out.sort();
}

describe('hostile ZIPs through the processing cycle (contract §5.8)', { timeout: 120_000 }, () => {
  let sandbox: string;
  let h: Harness;
  before(async () => {
    // sandbox/data is the data folder; sandbox/outside a sentinel beside it: an entry that
    // escaped would land there or anywhere else under sandbox/.
    sandbox = await mkdtemp(join(tmpdir(), 'sia-hostile-zip-'));
    await mkdir(join(sandbox, 'outside'));
    h = await startHarness(undefined, {}, join(sandbox, 'data'));
  });
  after(async () => {
    await h.close();
    await rm(sandbox, { recursive: true, force: true });
  });

  /** Drops `zip` as `name` into flexible's New/, runs a cycle, checks the common outcome. */
  async function failsWholly(name: string, zip: Buffer) {
    const before = await walk(sandbox);
    await h.drop('flexible', New, name, zip);
    const report = await h.processor.runCycle();
    assert.deepEqual(report.problems, []);
    assert.deepEqual(
      report.files.map((f) => [f.file, f.status]),
      [[name, 'failed']],
    );
    assert.deepEqual(await h.list('flexible', New), []);
    const failed = await h.list('flexible', Failed);
    for (const f of [name, `${name}.errors.csv`, `${name}.result.json`]) {
      assert.ok(failed.includes(f), `Failed/ holds ${f}: ${failed.join(', ')}`);
    }
    assert.equal(h.count('Account', 'flexible'), 0, 'no record stored');
    assert.equal(h.count('Contact', 'flexible'), 0, 'no record stored');
    // Nothing new anywhere but the three outcome files (and SQLite's own files).
    const added = (await walk(sandbox)).filter(
      (p) => !before.includes(p) && !/emulator\.sqlite(-wal|-shm)?$/.test(p),
    );
    const failedRel = join('data', 'workspaces', 'flexible', 'DataObjects', 'Import', 'Failed');
    assert.deepEqual(
      added.sort(),
      [name, `${name}.errors.csv`, `${name}.result.json`].map((f) => join(failedRel, f)).sort(),
    );
    assert.deepEqual(await readdir(join(sandbox, 'outside')), []);
    assert.deepEqual(await readdir(join(sandbox, 'data', 'processing', 'flexible')), []);
    assert.equal(h.processor.journal.open().length, 0);
    const result = await readResult(h, 'flexible', `${Failed}/${name}.result.json`);
    assert.equal(result.status, 'failed');
    assert.equal(result.rowsImported, 0);
    const errors = await errorLines(h, 'flexible', `${Failed}/${name}.errors.csv`);
    return { result, errors };
  }

  for (const bad of [
    '../../evil-up.csv',
    '../../../outside/evil-out.csv',
    'ok/../../evil-mid.csv',
    '/tmp/evil-abs.csv',
    'C:/evil-drive.csv',
    '..\\..\\evil-back.csv',
  ]) {
    it(`fails a zip-slip ZIP with the entry ${JSON.stringify(bad)}, naming it, writing nothing outside`, async () => {
      const name = `Account_slip${failedCount++}.zip`;
      const zip = buildZip([
        { name: 'Account_ok.csv', data: goodCsv },
        { name: bad, data: goodCsv },
      ]);
      const { result, errors } = await failsWholly(name, zip);
      assert.equal(result.fileError?.code, 'unsafe-zip');
      // yauzl reads backslashes as slashes; the message names the entry either way.
      const named = bad.replaceAll('\\', '/');
      assert.ok(result.fileError?.message.includes(named), result.fileError?.message);
      assert.match(result.fileError?.message ?? '', /Nothing in it was processed/);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /^0,,,/);
    });
  }

  it('fails a ZIP bomb (20 MB of zeros in one entry, about 1000:1) before inflating it', async () => {
    const zeros = await deflatedZeros(20 * 1024 * 1024);
    const { result } = await failsWholly(
      'Account_bomb.zip',
      buildZip([
        { name: 'Account_ok.csv', data: goodCsv },
        { name: 'Account_zeros.csv', raw: zeros },
      ]),
    );
    assert.equal(result.fileError?.code, 'unsafe-zip');
    assert.equal(
      result.fileError?.message,
      'Entry "Account_zeros.csv" is compressed more than 100:1, which looks like a ZIP bomb; the ZIP was not processed.',
    );
  });

  it('fails a bomb whose declared size lies, caught while inflating', async () => {
    const zeros = await deflatedZeros(20 * 1024 * 1024);
    const { result } = await failsWholly(
      'Account_liar.zip',
      buildZip([{ name: 'Account_zeros.csv', raw: zeros, declaredSize: 1000 }]),
    );
    assert.equal(result.fileError?.code, 'unsafe-zip');
    assert.match(result.fileError?.message ?? '', /Entry "Account_zeros\.csv" /);
  });

  it('fails a ZIP with more than 1,000 entries, before reading any', async () => {
    const many: RawEntry[] = Array.from({ length: 1001 }, (_, i) => ({
      name: `Account_${i}.csv`,
      data: goodCsv,
    }));
    const { result } = await failsWholly('Account_many.zip', buildZip(many));
    assert.equal(result.fileError?.code, 'unsafe-zip');
    assert.match(result.fileError?.message ?? '', /1001 entries; at most 1000/);
  });

  it('fails a ZIP with a password-protected entry: says so in plain words, nothing imported', async () => {
    const { result, errors } = await failsWholly(
      'Account_locked.zip',
      buildZip([
        { name: 'Account_ok.csv', data: goodCsv },
        { name: 'Account_secret.csv', data: goodCsv, encrypted: true },
      ]),
    );
    assert.equal(result.fileError?.code, 'refused-entries');
    const said = [result.fileError?.message ?? '', ...errors].join('\n');
    assert.match(said, /Account_secret\.csv.*password-protected; make the ZIP without a password/);
    // No ZIP-library wording reaches the user (yauzl says "encrypted", "options.decrypt", ...).
    assert.doesNotMatch(said, /encrypted|options\.|decodeFileData|yauzl/i);
  });

  it('fails a ZIP with a symlink and a nested ZIP as a whole, listing each entry with its reason', async () => {
    const inner = buildZip([{ name: 'Account_inner.csv', data: goodCsv }]);
    const { result, errors } = await failsWholly(
      'Account_links.zip',
      buildZip([
        { name: 'Account_ok.csv', data: goodCsv },
        { name: 'Account_link.csv', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
        { name: 'more.zip', data: inner },
        { name: 'Account_late.csv', data: goodCsv },
      ]),
    );
    assert.equal(result.fileError?.code, 'refused-entries');
    assert.deepEqual(
      result.entries?.map((e) => [e.file, e.status, e.rowsImported, e.fileError?.code]),
      [
        ['Account_ok.csv', 'failed', 0, 'not-imported'],
        ['Account_link.csv', 'failed', 0, 'refused-entry'],
        ['more.zip', 'failed', 0, 'refused-entry'],
        ['Account_late.csv', 'failed', 0, 'not-imported'],
      ],
    );
    assert.match(result.entries?.[1]?.fileError?.message ?? '', /symbolic link/);
    assert.match(result.entries?.[2]?.fileError?.message ?? '', /ZIP inside a ZIP/);
    assert.match(result.entries?.[0]?.fileError?.message ?? '', /refused entr/);
    assert.deepEqual(
      errors.map((l) => l.split(',').slice(0, 3).join(',')),
      ['0,,Account_link.csv', '0,,more.zip'],
    );
  });
});

describe('a good ZIP: each file processed as if uploaded alone (contract §5.8)', () => {
  const accounts = csv(header, [
    ['Acme', 'Retail', '1 Main St', 'Springfield', 'A-1'],
    ['', 'Retail', '2 Main St', 'Springfield', 'A-2'],
    ['Beta', 'Nope', '3 Main St', 'Springfield', ''],
    ['Gamma', 'Other', '4 Main St', 'Springfield', ''],
  ]);
  const regions = kml(
    placemark('North', polygon(square(0, 10, 10))),
    placemark('South', polygon(square(0, 0, 10))),
  );
  const areas = kml(
    placemark('North-A', polygon(square(1, 11, 2))),
    placemark('South-A', polygon(square(1, 1, 2))),
    placemark('Crossed', polygon(bowtie)),
  );
  let alone: Harness;
  let zipped: Harness;
  before(async () => {
    alone = await startHarness();
    zipped = await startHarness();
  });
  after(async () => {
    await alone.close();
    await zipped.close();
  });

  const records = (h: Harness) =>
    h.processor.db
      .prepare(
        "SELECT fields, ext_id, pin_key FROM records WHERE object = 'Account' ORDER BY json_extract(fields, '$.Name')",
      )
      .all();
  const territories = (h: Harness) =>
    territoriesGeoJson(h.processor.db, 'classic')
      .features.map((f) => ({
        name: f.properties.name,
        level: f.properties.level,
        parent: f.properties.parent,
        geometry: f.geometry,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  /** The parts of a result that must not depend on being in a ZIP. */
  const gist = (r: {
    status: string;
    object: string;
    rowsTotal: number;
    rowsImported: number;
    rowsFailed: number;
    packages: number;
    errors: { row: number; column: string; value: string; message: string }[];
  }) => ({
    status: r.status,
    object: r.object,
    rowsTotal: r.rowsTotal,
    rowsImported: r.rowsImported,
    rowsFailed: r.rowsFailed,
    packages: r.packages,
    errors: r.errors.map((e) => ({ row: e.row, column: e.column, value: e.value, m: e.message })),
  });

  it('stores the same records, territories and per-file results as the files uploaded alone', async () => {
    await alone.drop('flexible', New, 'Account_mix.csv', accounts);
    await alone.drop('classic', '/Territories/New', '1_regions.kml', regions);
    await alone.drop('classic', '/Territories/New', '2_areas.kml', areas);
    await alone.processor.runCycle();

    const yazl = (await import('yazl')).default;
    const zipOf = async (files: [string, string][]) => {
      const z = new yazl.ZipFile();
      for (const [n, text] of files) z.addBuffer(Buffer.from(text), n);
      z.end();
      const chunks: Buffer[] = [];
      for await (const c of z.outputStream) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    await zipped.drop(
      'flexible',
      New,
      'Account_bundle.zip',
      await zipOf([
        ['Account_mix.csv', accounts],
        ['map/1_regions.kml', regions],
      ]),
    );
    // Level 2 first in the ZIP: entries are still processed in level order (contract §6).
    await zipped.drop(
      'classic',
      '/Territories/New',
      'maps.zip',
      await zipOf([
        ['2_areas.kml', areas],
        ['1_regions.kml', regions],
      ]),
    );
    await zipped.processor.runCycle();

    assert.deepEqual(records(zipped), records(alone));
    assert.equal(records(alone).length, 2);
    assert.deepEqual(territories(zipped), territories(alone));
    assert.equal(territories(alone).find((t) => t.name === 'South-A')?.parent, 'South');

    const csvAlone = await readResult(alone, 'flexible', `${Failed}/Account_mix.csv.result.json`);
    const csvZip = await readResult(zipped, 'flexible', `${Failed}/Account_bundle.zip.result.json`);
    assert.deepEqual(csvZip.entries?.map(gist), [gist(csvAlone)]);
    assert.ok(
      csvZip.warnings.some((w) => /map\/1_regions\.kml" was skipped: only \.csv/.test(w)),
      'a KML in a records ZIP is skipped with a warning',
    );
    const kmlZip = await readResult(zipped, 'classic', '/Territories/Failed/maps.zip.result.json');
    assert.deepEqual(
      kmlZip.entries?.map((e) => e.file),
      ['1_regions.kml', '2_areas.kml'],
    );
    assert.deepEqual(kmlZip.entries?.map(gist), [
      gist(await readResult(alone, 'classic', '/Territories/Success/1_regions.kml.result.json')),
      gist(await readResult(alone, 'classic', '/Territories/Failed/2_areas.kml.result.json')),
    ]);
    // The ZIP's errors.csv holds each entry's rows, prefixed by the entry's name.
    const alonesErrors = await errorLines(
      alone,
      'flexible',
      `${Failed}/Account_mix.csv.errors.csv`,
    );
    const zipErrors = await errorLines(
      zipped,
      'flexible',
      `${Failed}/Account_bundle.zip.errors.csv`,
    );
    assert.equal(zipErrors.length, alonesErrors.length);
    assert.equal(alonesErrors.length, 2);
    for (let i = 0; i < zipErrors.length; i++) {
      const [row, col, value] = alonesErrors[i]!.split(',');
      assert.ok(
        zipErrors[i]!.startsWith(`${row},${col},${value},"Account_mix.csv: `) ||
          zipErrors[i]!.startsWith(`${row},${col},${value},Account_mix.csv: `),
        zipErrors[i],
      );
    }
    assert.deepEqual(await zipped.list('flexible', Success), []);
  });
});
