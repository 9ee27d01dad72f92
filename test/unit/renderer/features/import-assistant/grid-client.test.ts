/**
 * The grid's client (renderer/features/import-assistant/grid-client.ts) over the real checker in
 * process: a grid closed before it opened ends its worker at once, so a big file's model is not
 * built on for nothing while the next file is checked (bench app-check).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { leadSchema } from '../../../../../core/schema/demo-schemas.ts';
import { openGrid } from '../../../../../renderer/features/import-assistant/grid-client.ts';
import type { WorkerLike } from '../../../../../renderer/features/import-wizard/check-client.ts';
import { inProcessWorkers } from '../../helpers/in-process-worker.ts';

const file = () =>
  new Blob(['Company,Email,Address\r\nAcme,bad@,1 Main St\r\nBeta,b@ok.example,2 Main St\r\n']);

/** In-process workers that note which were ended and which messages they still answered. */
function tracked() {
  const made = inProcessWorkers();
  const answered: string[] = [];
  const create = (): WorkerLike => {
    const w = made.create();
    const post = w.postMessage.bind(w);
    w.postMessage = (m: unknown) => {
      const on = w.onmessage;
      // Whatever the worker still answers after this point is seen here.
      w.onmessage = (e) => {
        answered.push((e.data as { type: string }).type);
        on?.(e);
      };
      post(m);
    };
    return w;
  };
  return { create, ended: made.ended, answered, created: made.created };
}

describe('openGrid', () => {
  it('opens the checked file in its own worker', async () => {
    const t = tracked();
    const r = await openGrid(t.create, file(), { schema: leadSchema });
    assert.ok(r.ok);
    assert.equal(r.value.state.counts.rowsWithProblems, 1);
    assert.deepEqual(t.answered, ['grid-opened']);
    assert.deepEqual(t.ended, []);
    r.value.close();
    assert.deepEqual(t.ended, [1]);
  });

  it('closed before it opened: ends the worker at once and says the grid is closed', async () => {
    const t = tracked();
    const closing = new AbortController();
    const opening = openGrid(t.create, file(), { schema: leadSchema }, closing.signal);
    closing.abort();
    assert.deepEqual(t.ended, [1], 'the worker is ended as the grid closes, not after it opens');
    assert.deepEqual(await opening, { ok: false, message: 'The grid is closed.' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(t.answered, [], 'the ended worker answered nothing');
  });

  it('closed before it was asked: makes no worker', async () => {
    const t = tracked();
    const closing = new AbortController();
    closing.abort();
    const r = await openGrid(t.create, file(), { schema: leadSchema }, closing.signal);
    assert.deepEqual(r, { ok: false, message: 'The grid is closed.' });
    assert.equal(t.created(), 0);
  });

  it('a close signal after the grid opened leaves the open grid to its own close()', async () => {
    const t = tracked();
    const closing = new AbortController();
    const r = await openGrid(t.create, file(), { schema: leadSchema }, closing.signal);
    assert.ok(r.ok);
    closing.abort();
    assert.deepEqual(t.ended, []);
    const rows = await r.value.window(0, 10);
    assert.equal(rows.rows.length, 2, 'the grid still answers');
    r.value.close();
  });
});
