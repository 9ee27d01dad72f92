/** Local file refs: picked paths registered, staged bytes jailed and deleted, names cleaned. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  createLocalFiles,
  formatBytes,
  safeName,
  stagingDefaults,
} from '../../../host/local-files.ts';

let work: string;
before(async () => (work = await mkdtemp(join(tmpdir(), 'sia-localfiles-'))));
after(() => rm(work, { recursive: true, force: true }));

describe('createLocalFiles', () => {
  it('registers a picked file by path and refuses a folder or a missing file', async () => {
    const files = createLocalFiles({ stagingDir: join(work, 'staging-a') });
    await writeFile(join(work, 'a.csv'), 'x,y\n');
    const r = await files.registerPath(join(work, 'a.csv'));
    assert.ok(r.ok);
    assert.deepEqual(files.resolve(r.value.localRef), {
      path: join(work, 'a.csv'),
      name: 'a.csv',
      size: 4,
      staged: false,
    });
    const dir = await files.registerPath(work);
    assert.equal(!dir.ok && dir.error.code, 'bad-input');
    const missing = await files.registerPath(join(work, 'nope.csv'));
    assert.equal(!missing.ok && missing.error.code, 'not-found');
  });

  it('never deletes a registered (user’s own) file on discard, but deletes staged copies', async () => {
    const files = createLocalFiles({ stagingDir: join(work, 'staging-b') });
    const own = await files.registerPath(join(work, 'a.csv'));
    const staged = await files.receive(Readable.from([Buffer.from('abc')]), 'b.csv');
    assert.ok(own.ok && staged.ok);
    await files.discard(own.value.localRef);
    await files.discard(staged.value.localRef);
    assert.ok((await readdir(work)).includes('a.csv'));
    assert.deepEqual(await readdir(join(work, 'staging-b')), []);
    assert.equal(files.resolve(staged.value.localRef), undefined);
  });

  it('removes a partial staged file when the stream breaks', async () => {
    const files = createLocalFiles({ stagingDir: join(work, 'staging-c') });
    const broken = new Readable({
      read() {
        this.push(Buffer.from('abc'));
        this.destroy(new Error('socket hang up'));
      },
    });
    const r = await files.receive(broken, 'x.csv');
    assert.equal(!r.ok && r.error.code, 'interrupted');
    assert.deepEqual(await readdir(join(work, 'staging-c')), []);
  });
});

describe('staging caps (issue 14)', () => {
  const bytes = (n: number) => Readable.from([Buffer.alloc(n, 0x61)]);

  it('ships with 1 GiB a file, 20 files and 2 GiB in all', () => {
    assert.deepEqual(stagingDefaults, {
      maxBytes: 1024 ** 3,
      maxFiles: 20,
      maxTotalBytes: 2 * 1024 ** 3,
    });
  });

  it('refuses a file past the count, naming the limit, until one is discarded', async () => {
    const dir = join(work, 'staging-count');
    const files = createLocalFiles({ stagingDir: dir, maxFiles: 2 });
    const a = await files.receive(bytes(10), 'a.csv');
    const b = await files.receive(bytes(10), 'b.csv');
    assert.ok(a.ok && b.ok);
    const c = await files.receive(bytes(10), 'c.csv');
    assert.equal(!c.ok && c.error.code, 'busy');
    assert.match(!c.ok ? c.error.message : '', /^2 files are already waiting/);
    assert.equal((await readdir(dir)).length, 2);
    await files.discard(a.value.localRef);
    const d = await files.receive(bytes(10), 'd.csv');
    assert.ok(d.ok, 'a discarded file frees its place');
  });

  it('refuses a file that would pass the total, naming the limit, and keeps no partial', async () => {
    const dir = join(work, 'staging-total');
    const files = createLocalFiles({ stagingDir: dir, maxBytes: 1500, maxTotalBytes: 2048 });
    const a = await files.receive(bytes(1200), 'a.csv');
    assert.ok(a.ok);
    const b = await files.receive(bytes(1000), 'b.csv');
    assert.equal(!b.ok && b.error.code, 'too-large');
    assert.match(!b.ok ? b.error.message : '', /pass 2 KiB in all/);
    assert.equal((await readdir(dir)).length, 1);
    // The refused file's bytes were given back: a smaller one still fits.
    const c = await files.receive(bytes(800), 'c.csv');
    assert.ok(c.ok);
    const big = await files.receive(bytes(1600), 'big.csv');
    assert.match(
      !big.ok ? big.error.message : '',
      /larger than 1\.5 KiB, the most .* for one file/,
    );
  });

  it('writes byte counts in words', () => {
    assert.equal(formatBytes(2 * 1024 ** 3), '2 GiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(900), '900 bytes');
  });
});

describe('safeName', () => {
  it('keeps only the last path segment without control characters', () => {
    assert.equal(safeName('../../etc/passwd'), 'passwd');
    assert.equal(safeName('C:\\Users\\me\\leads.csv'), 'leads.csv');
    assert.equal(safeName('a\r\nb\u0000.csv'), 'ab.csv');
    assert.equal(safeName('..'), 'upload');
    assert.equal(safeName(''), 'upload');
    assert.equal(safeName('x'.repeat(300)).length, 255);
  });
});
