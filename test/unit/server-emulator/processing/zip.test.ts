import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip, deflatedZeros } from '../../../fixtures/zip/hostile-zips.ts';
import {
  isSymlinkEntry,
  unsafeEntryName,
  unzipSafely,
} from '../../../../server-emulator/processing/zip.ts';

describe('unpacking an uploaded ZIP safely', () => {
  let dir: string;
  let out: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sia-zip-'));
    // out/ sits inside a sandbox so "outside" is observable: nothing may appear next to it.
    out = join(dir, 'sandbox', 'out');
    await mkdir(join(dir, 'sandbox'), { recursive: true });
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  async function unzip(name: string, zip: Buffer) {
    const p = join(dir, name);
    await writeFile(p, zip);
    return unzipSafely(p, join(out, name), ['.csv']);
  }

  it('names unsafe entry paths: absolute, .., backslashes, drive letters', () => {
    assert.match(unsafeEntryName('../../evil.csv') ?? '', /\.\./);
    assert.match(unsafeEntryName('/etc/x.csv') ?? '', /absolute/);
    assert.match(unsafeEntryName('..\\..\\x.csv') ?? '', /backslash/);
    assert.match(unsafeEntryName('C:/x.csv') ?? '', /drive letter/);
    assert.equal(unsafeEntryName('dir/Account_a.csv'), undefined);
    assert.equal(unsafeEntryName('a..b.csv'), undefined);
  });

  for (const bad of [
    '../../evil.csv',
    '/tmp/abs.csv',
    'C:/drive.csv',
    '..\\..\\back.csv',
    'ok/../../up.csv',
  ]) {
    it(`refuses the whole ZIP for the zip-slip entry ${bad} and writes nothing outside its folder`, async () => {
      const zip = buildZip([
        { name: 'ok.csv', data: Buffer.from('a\n1\n') },
        { name: bad, data: Buffer.from('a\n1\n') },
      ]);
      const name = `slip-${bad.replace(/[^a-z]/gi, '')}.zip`;
      const r = await unzip(name, zip);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.message : '', /refused: an entry is unsafe/);
      assert.deepEqual(await readdir(join(dir, 'sandbox')), ['out']);
      const inside = await readdir(join(out, name));
      assert.ok(inside.every((f) => /^\d+$/.test(f)));
    });
  }

  it('refuses a symlink entry (mode 0120000), which yauzl itself lets through', async () => {
    assert.equal(isSymlinkEntry((0o120777 << 16) >>> 0), true);
    assert.equal(isSymlinkEntry((0o100644 << 16) >>> 0), false);
    const r = await unzip(
      'link.zip',
      buildZip([{ name: 'link.csv', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]),
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.refused.map((x) => x.message),
      ['Entry "link.csv" was refused: it is a symbolic link.'],
    );
    assert.equal(r.files.length, 0);
  });

  it('refuses a ZIP bomb (200 MB of zeros) before inflating it, with bounded memory', async () => {
    const zeros = await deflatedZeros(200 * 1024 * 1024);
    assert.ok(zeros.compressed.length < 300 * 1024);
    const rss0 = process.memoryUsage().rss;
    const r = await unzip('bomb.zip', buildZip([{ name: 'zeros.csv', raw: zeros }]));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /ZIP bomb/);
    assert.ok(process.memoryUsage().rss - rss0 < 100 * 1024 * 1024);
  });

  it('stops a bomb whose declared size lies, while inflating, by counting the bytes', async () => {
    const zeros = await deflatedZeros(200 * 1024 * 1024);
    const rss0 = process.memoryUsage().rss;
    const r = await unzip(
      'liar.zip',
      buildZip([{ name: 'zeros.csv', raw: zeros, declaredSize: 1000 }]),
    );
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /ZIP bomb|cannot be unpacked/);
    assert.ok(process.memoryUsage().rss - rss0 < 100 * 1024 * 1024);
    const left = await readdir(join(out, 'liar.zip'));
    for (const f of left) {
      assert.ok((await readFile(join(out, 'liar.zip', f))).length <= 8 * 1024 * 1024);
    }
  });

  it('refuses an archive with more entries than the limit before reading them', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({
      name: `f${i}.csv`,
      data: Buffer.from('a\n'),
    }));
    const r = await unzip('many.zip', buildZip(many));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /1001 entries; at most 1000/);
  });

  it('refuses a ZIP nested in a ZIP and skips files of other types', async () => {
    const inner = buildZip([{ name: 'a.csv', data: Buffer.from('a\n') }]);
    const r = await unzip(
      'nested.zip',
      buildZip([
        { name: 'inner.zip', data: inner },
        { name: 'notes.txt', data: Buffer.from('x') },
      ]),
    );
    assert.ok(r.ok);
    assert.match(r.refused[0]?.message ?? '', /ZIP inside a ZIP/);
    assert.match(r.skipped[0]?.message ?? '', /notes\.txt/);
  });

  it('unpacks nothing when an entry is refused, and lists the entries it held back', async () => {
    const r = await unzip(
      'held.zip',
      buildZip([
        { name: 'first.csv', data: Buffer.from('a\n1\n') },
        { name: 'link.csv', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
        { name: 'last.csv', data: Buffer.from('a\n2\n') },
      ]),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.files, []);
    assert.deepEqual(
      r.refused.map((x) => [x.index, x.name]),
      [[2, 'link.csv']],
    );
    assert.deepEqual(r.held, [
      { index: 1, name: 'first.csv' },
      { index: 3, name: 'last.csv' },
    ]);
    assert.deepEqual(await readdir(join(out, 'held.zip')), [], 'nothing was inflated');
  });

  it("refuses a password-protected entry in our words, not the ZIP library's", async () => {
    const r = await unzip(
      'locked.zip',
      buildZip([
        { name: 'open.csv', data: Buffer.from('a\n') },
        { name: 'secret.csv', data: Buffer.from('b\n'), encrypted: true },
      ]),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.refused, [
      {
        index: 2,
        name: 'secret.csv',
        message:
          'Entry "secret.csv" was refused: it is password-protected; make the ZIP without a password.',
      },
    ]);
    assert.deepEqual(await readdir(join(out, 'locked.zip')), [], 'nothing was inflated');
  });

  it("never passes the ZIP library's own wording to a user", async () => {
    const junk = await unzip('junk2.zip', Buffer.from('PK\x03\x04 broken'));
    assert.equal(junk.ok, false);
    const msg = !junk.ok ? junk.message : '';
    assert.doesNotMatch(msg, /signature|central directory|options\.|0x/i);
    assert.match(msg, /cannot be read: it is damaged or not a ZIP file/);
  });

  it('says plainly when the file is not a ZIP at all', async () => {
    const r = await unzip('junk.zip', Buffer.from('this is not a zip'));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /cannot be read/);
  });
});
