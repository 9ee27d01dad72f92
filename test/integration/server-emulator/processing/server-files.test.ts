import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.ts';

const day = 24 * 60 * 60 * 1000;

describe('space and contact-list profiles (contract §9)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('imports a complete space file with its size, SHA-256 and row count, then removes it from the server', async () => {
    const body = 'Name,Email\r\nAnn,"a@x.com"\r\n"Bob, Jr.","line\nbreak"\r\n';
    await h.drop('space', '/', 'people.csv', body);
    await h.drop('space', '/', 'photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await h.drop('space', '/', '.people2.csv.part', body);
    const r = await h.processor.runCycle();
    assert.deepEqual(
      r.files
        .filter((f) => f.workspace === 'space')
        .map((f) => f.file)
        .sort(),
      ['people.csv', 'photo.png'],
    );
    assert.deepEqual(await h.list('space', '/'), ['.people2.csv.part']);
    const files = h.processor.files.spaceFiles('space');
    const csvFile = files.find((f) => f.name === 'people.csv')!;
    assert.equal(csvFile.size, Buffer.byteLength(body));
    assert.equal(csvFile.sha256, createHash('sha256').update(body).digest('hex'));
    assert.equal(csvFile.rows, 2);
    assert.equal(files.find((f) => f.name === 'photo.png')?.rows, null);
    assert.equal((await readdir(join(h.dataDir, 'space-files', 'space'))).length, 2);
  });

  it('moves a contact-list CSV off the SFTP view into the server file list within the cycle', async () => {
    await h.drop('contact-lists', '/', 'calls.csv', 'Phone\r\n555-0100\r\n555-0101\r\n');
    await h.processor.runCycle();
    assert.deepEqual(await h.list('contact-lists', '/'), []);
    const lists = h.processor.files.contactLists('contact-lists');
    assert.deepEqual(
      lists.map((l) => [l.name, l.rows]),
      [['calls.csv', 2]],
    );
  });

  it('drops a list unused for 14 days, and each use resets its clock', async () => {
    await h.drop('contact-lists', '/', 'kept.csv', 'Phone\r\n1\r\n');
    await h.drop('contact-lists', '/', 'stale.csv', 'Phone\r\n2\r\n');
    await h.processor.runCycle();
    const id = (n: string) =>
      h.processor.files.contactLists('contact-lists').find((l) => l.name === n)?.id;
    const kept = id('kept.csv')!;
    h.now.t += 10 * day;
    assert.equal(h.processor.useContactListFile('contact-lists', kept), true);
    h.now.t += 5 * day; // stale.csv: 15 days unused; kept.csv: 5 days since its use
    await h.processor.runCycle();
    const names = h.processor.files.contactLists('contact-lists').map((l) => l.name);
    assert.ok(names.includes('kept.csv'));
    assert.ok(!names.includes('stale.csv'));
    assert.ok(!names.includes('calls.csv'));
    assert.equal(h.processor.useContactListFile('contact-lists', 99999), false);
    h.now.t += 14 * day;
    await h.processor.runCycle();
    assert.deepEqual(h.processor.files.contactLists('contact-lists'), []);
    assert.deepEqual(await readdir(join(h.dataDir, 'contact-lists', 'contact-lists')), []);
  });
});
