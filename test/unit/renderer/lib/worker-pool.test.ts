import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { workerPool, type Releasable } from '../../../../renderer/lib/worker-pool.ts';

type Fake = Releasable & { id: number; ended: boolean };

function fakes() {
  const made: Fake[] = [];
  const make = (): Fake => {
    const w: Fake = {
      id: made.length + 1,
      ended: false,
      terminate() {
        w.ended = true;
      },
    };
    made.push(w);
    return w;
  };
  return { made, make };
}

describe('workerPool', () => {
  it('hands out the primed worker and starts the next one at once', () => {
    const { made, make } = fakes();
    const pool = workerPool(make);
    pool.prime();
    assert.equal(made.length, 1);
    assert.equal(pool.take().id, 1, 'the primed worker is the first one handed out');
    assert.equal(made.length, 2, 'the next one starts as soon as one is taken');
    assert.equal(pool.take().id, 2);
  });

  it('reuses a released worker first (it is loaded) and makes none meanwhile', () => {
    const { made, make } = fakes();
    const pool = workerPool(make);
    const first = pool.take(); // 1, and 2 started
    first.release!();
    assert.equal(pool.idle(), 2);
    assert.equal(pool.take().id, 1, 'the released worker goes out again before the newer one');
    assert.equal(made.length, 2, 'a spare was still idle: nothing new started');
  });

  it('ends released workers beyond the idle limit, never keeps one twice', () => {
    const { made, make } = fakes();
    const pool = workerPool(make, 2);
    const a = pool.take(); // 1 (+2 idle)
    const b = pool.take(); // 2 (+3 idle)
    const c = pool.take(); // 3 (+4 idle)
    a.release!();
    a.release!();
    assert.equal(pool.idle(), 2, 'the same worker released twice is kept once');
    b.release!();
    assert.equal(pool.idle(), 2);
    assert.equal(made[1]!.ended, true, 'a worker the pool has no room for is ended');
    assert.equal(c.ended, false);
    assert.equal(made[0]!.ended, false);
  });

  it('priming with a worker idle starts nothing', () => {
    const { made, make } = fakes();
    const pool = workerPool(make);
    pool.prime();
    pool.prime();
    assert.equal(made.length, 1);
  });
});
