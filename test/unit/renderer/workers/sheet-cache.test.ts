import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSheetCache } from '../../../../renderer/workers/sheet-cache.ts';

const book = (name = 'Accounts.xlsx', lastModified = 1000) =>
  new File(['PK fake workbook bytes'], name, { lastModified });

type Sheet = { name: string; n: number };

describe('createSheetCache', () => {
  it('reads a sheet once for the steps of one pick, again for another file or sheet', async () => {
    const cache = createSheetCache<Sheet>();
    let reads = 0;
    const read = (name: string) => () =>
      Promise.resolve({ ok: true as const, value: { name, n: ++reads } });
    // The first look asks for the first sheet; the check names it.
    assert.deepEqual(await cache.get(book(), undefined, read('Accounts')), {
      ok: true,
      value: { name: 'Accounts', n: 1 },
    });
    // The same file posted again arrives as a new File object with the same identity.
    assert.equal((await cache.get(book(), 'Accounts', read('Accounts'))).ok, true);
    assert.equal((await cache.get(book(), undefined, read('Accounts'))).ok, true);
    assert.equal(reads, 1);
    const other = await cache.get(book(), 'Leads', read('Leads'));
    assert.deepEqual(other, { ok: true, value: { name: 'Leads', n: 2 } });
    await cache.get(book('Accounts.xlsx', 2000), 'Leads', read('Leads'));
    assert.equal(reads, 3, 'a changed file (new last-modified time) is read again');
  });

  it('keeps no failure and nothing for a Blob without a name', async () => {
    const cache = createSheetCache<Sheet>();
    let reads = 0;
    const fail = () => Promise.resolve({ ok: false as const, message: `bad ${++reads}` });
    await cache.get(book(), undefined, fail);
    assert.deepEqual(await cache.get(book(), undefined, fail), { ok: false, message: 'bad 2' });
    const ok = () => Promise.resolve({ ok: true as const, value: { name: 'S', n: ++reads } });
    const blob = new Blob(['x']);
    await cache.get(blob, undefined, ok);
    assert.deepEqual(await cache.get(blob, undefined, ok), {
      ok: true,
      value: { name: 'S', n: 4 },
    });
    assert.equal(cache.size(), 0);
  });

  it('drops the sheet after a while so an idle worker does not hold it', async () => {
    const cache = createSheetCache<Sheet>(20);
    await cache.get(book(), undefined, () =>
      Promise.resolve({ ok: true, value: { name: 'S', n: 1 } }),
    );
    assert.equal(cache.size(), 1);
    await sleep(60);
    assert.equal(cache.size(), 0);
  });
});
