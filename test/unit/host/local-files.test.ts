/** Local file refs: picked paths registered, staged bytes jailed and deleted, names cleaned. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createLocalFiles, safeName } from '../../../host/local-files.ts';

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
