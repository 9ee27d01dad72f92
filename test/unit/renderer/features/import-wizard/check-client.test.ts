import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { workerPool } from '../../../../../renderer/lib/worker-pool.ts';
import { runCheck } from '../../../../../renderer/features/import-wizard/check-client.ts';
import { inProcessWorkers } from '../../helpers/in-process-worker.ts';

const file = () => new File(['Name,City\nAcme,Paris\n'], 'Account.csv', { type: 'text/csv' });

/** A pool over the real in-process checker, recording which workers were ended. */
function pooled() {
  const made = inProcessWorkers();
  const pool = workerPool(made.create);
  return { pool, ended: made.ended, created: made.created };
}

describe('runCheck with a worker pool', () => {
  it('gives a worker that answered back to the pool, and the next request reuses it', async () => {
    const { pool, ended, created } = pooled();
    const first = await runCheck(pool.take, { type: 'inspect', file: file() }, () => undefined)
      .done;
    assert.equal(first.type, 'inspected');
    assert.deepEqual(ended, [], 'a worker that answered is kept');
    assert.equal(pool.idle(), 2);
    const second = await runCheck(pool.take, { type: 'inspect', file: file() }, () => undefined)
      .done;
    assert.equal(second.type, 'inspected');
    assert.equal(created(), 2, 'the second request ran in a worker already made');
  });

  it('ends a cancelled worker instead of reusing it; a late cancel ends nothing', async () => {
    const { pool, ended } = pooled();
    const h = runCheck(pool.take, { type: 'inspect', file: file() }, () => undefined);
    h.cancel();
    const m = await h.done;
    assert.deepEqual(m, { type: 'failed', message: 'Check cancelled.' });
    assert.deepEqual(ended, [1], 'the cancelled worker may still be busy: it is ended');
    const ok = runCheck(pool.take, { type: 'inspect', file: file() }, () => undefined);
    assert.equal((await ok.done).type, 'inspected');
    ok.cancel();
    assert.deepEqual(ended, [1], 'cancel after the answer does not end a pooled worker');
  });
});
