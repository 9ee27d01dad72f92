/**
 * A page-made file staged in Electron (host/byte-staging.ts) when the staging folder cannot be
 * made — here for real: its parent is a regular file, so mkdir fails with ENOTDIR. The staging
 * writer then throws instead of answering; the page must get a plain answer that names no path,
 * and the main process no unhandled rejection or 'error' event (either ends a Node process).
 * Likewise an upload the writer refused at once (a staging limit) that the page then leaves. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createByteStaging } from '../../../host/byte-staging.ts';
import { createLocalFiles } from '../../../host/local-files.ts';

let work: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

describe('byte staging when the staging folder cannot be made', () => {
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-byte-staging-faults-'));
    process.on('unhandledRejection', onUnhandled);
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await rm(work, { recursive: true, force: true });
  });

  it('answers the page plainly, without a path, and leaves no unhandled rejection', async () => {
    const blocker = join(work, 'not-a-folder');
    await writeFile(blocker, 'x');
    const files = createLocalFiles({ stagingDir: join(blocker, 'staging') });
    const staging = createByteStaging({ receive: (body, name) => files.receive(body, name) });

    const opened = staging.open('leads_failed-rows.csv');
    assert.ok(opened.ok);
    await sleep(20); // the writer has failed by now
    const wrote = await staging.write(opened.value.upload, new TextEncoder().encode('A,B\n1,2\n'));
    const closed = wrote.ok ? await staging.close(opened.value.upload) : wrote;
    assert.equal(closed.ok, false);
    const error = closed.ok ? undefined : closed.error;
    assert.match(error?.message ?? '', /could not be saved for the upload/i);
    assert.ok(!JSON.stringify(error).includes(work), 'no path of this computer in the answer');

    // An upload opened and given up on (close with abort) answers too.
    const second = staging.open('other.csv');
    assert.ok(second.ok);
    const aborted = await staging.close(second.value.upload, true);
    assert.equal(aborted.ok, false);

    await sleep(50);
    assert.deepEqual(unhandled, []);
  });

  it('drops an upload whose file was refused at once, once the page goes quiet, without a crash', async () => {
    // No room for another staged file: the writer refuses before it reads a byte.
    const files = createLocalFiles({ stagingDir: join(work, 'staging'), maxFiles: 0 });
    const staging = createByteStaging({
      receive: (body, name) => files.receive(body, name),
      idleMs: 20,
    });
    const opened = staging.open('leads.csv');
    assert.ok(opened.ok);
    await sleep(100); // the page sent nothing more: dropped after idleMs
    const late = await staging.close(opened.value.upload);
    assert.equal(late.ok ? '' : late.error.code, 'not-found');
    assert.deepEqual(unhandled, []);
  });
});
