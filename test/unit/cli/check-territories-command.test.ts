import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTerritoriesCommand } from '../../../cli/check-territories-command.ts';
import { memoryCliIo } from '../../../cli/cli-io.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/kml');
const dir = mkdtempSync(join(tmpdir(), 'check-territories-'));
after(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(join(fixtures, 'valid-squares.kml'), join(dir, '1_regions.kml'));
copyFileSync(join(fixtures, 'bow-tie.kml'), join(dir, '2_areas.kml'));
copyFileSync(join(fixtures, 'xxe.kml'), join(dir, '1_xxe.kml'));
copyFileSync(join(fixtures, 'valid-squares.kml'), join(dir, 'regions.kml'));

async function run(...args: string[]) {
  const io = memoryCliIo({}, dir);
  const code = await checkTerritoriesCommand(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('sftp-import check-territories', () => {
  it('exits 0 for a valid file and says its level and how many territories it holds', async () => {
    const r = await run('1_regions.kml');
    assert.equal(r.code, 0);
    assert.match(r.out, /1_regions\.kml: valid\. 2 territories ready to import\./);
    assert.match(r.out, /Level: 1\./);
  });

  it('prints the --json shape of the contract for a valid file', async () => {
    const r = await run('1_regions.kml', '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), {
      valid: true,
      level: 1,
      placemarks: 2,
      territoriesValid: 2,
      territoriesInvalid: 0,
      errors: [],
      warnings: [],
    });
  });

  it('exits 1 and lists each invalid Placemark with its name, line and reason', async () => {
    const r = await run('2_areas.kml');
    assert.equal(r.code, 1);
    assert.match(r.out, /Placemark #1 "Bow", line 4: The outer ring crosses or touches itself/);
    const j = await run('2_areas.kml', '--json');
    assert.equal(j.code, 1);
    const report = JSON.parse(j.out) as Record<string, unknown>;
    assert.equal(report.valid, false);
    assert.equal(report.level, 2);
    assert.deepEqual(report.errors, [
      {
        placemark: 1,
        name: 'Bow',
        line: 4,
        code: 'self-intersection',
        message: (report.errors as { message: string }[])[0]!.message,
      },
    ]);
  });

  it('exits 1 for a file error such as a DOCTYPE and reports it with no Placemark', async () => {
    const r = await run('1_xxe.kml', '--json');
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out) as {
      valid: boolean;
      errors: { placemark: null; code: string }[];
    };
    assert.equal(report.valid, false);
    assert.equal(report.errors[0]?.placemark, null);
    assert.equal(report.errors[0]?.code, 'doctype');
  });

  it('warns when the file name has no level prefix, which the platform needs to order processing', async () => {
    const r = await run('regions.kml', '--json');
    assert.equal(r.code, 0);
    const report = JSON.parse(r.out) as { level: null; warnings: string[] };
    assert.equal(report.level, null);
    assert.match(report.warnings[0] ?? '', /1_regions\.kml.*order processing/);
  });

  it('exits 2 for a missing file argument, an unknown flag, two files, or a path with no file', async () => {
    for (const args of [
      [],
      ['--fast', '1_regions.kml'],
      ['1_regions.kml', '2_areas.kml'],
      ['nope.kml'],
    ]) {
      const r = await run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.notEqual(r.err, '');
    }
  });
});

describe('sftp-import check-territories with a KMZ (Google Earth’s export)', () => {
  const kml = readFileSync(join(fixtures, 'valid-squares.kml'));
  const bowTie = readFileSync(join(fixtures, 'bow-tie.kml'));
  writeFileSync(
    join(dir, '1_earth.kmz'),
    zipSync({ 'doc.kml': kml, 'files/icon.png': new Uint8Array([1, 2, 3]) }),
  );
  writeFileSync(join(dir, '2_old.kmz'), zipSync({ 'areas.kml': bowTie }));
  writeFileSync(join(dir, '1_empty.kmz'), zipSync({ 'readme.txt': strToU8('hi') }));
  writeFileSync(join(dir, '1_fake.kmz'), 'not a zip');

  it('checks the doc.kml inside, with the level of its name', async () => {
    const r = await run('1_earth.kmz', '--json');
    assert.equal(r.code, 0);
    const report = JSON.parse(r.out) as { valid: boolean; level: number; territoriesValid: number };
    assert.equal(report.valid, true);
    assert.equal(report.level, 1);
    assert.equal(report.territoriesValid, 2);
  });

  it('falls back to the one top-level .kml of an older KMZ, and reports its problems', async () => {
    const r = await run('2_old.kmz');
    assert.equal(r.code, 1);
    assert.match(r.out, /crosses or touches itself/);
  });

  it('says what is wrong with a KMZ that holds no KML or is no ZIP', async () => {
    const empty = await run('1_empty.kmz');
    assert.equal(empty.code, 1);
    assert.match(empty.out, /holds no KML \(it has 1 other file\)/);
    const fake = await run('1_fake.kmz');
    assert.equal(fake.code, 1);
    assert.match(fake.out, /not a ZIP archive/);
  });
});
