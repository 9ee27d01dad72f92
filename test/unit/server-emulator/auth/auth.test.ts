import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ssh2 from 'ssh2';
import { createLoginGuard, safeEqual } from '../../../../server-emulator/auth/auth.ts';
import { generateEd25519KeyPair } from '../../../../server-emulator/auth/host-key.ts';

describe('safeEqual', () => {
  it('is true only for identical secrets', () => {
    assert.equal(safeEqual('demo', 'demo'), true);
    assert.equal(safeEqual('demo', 'Demo'), false);
    assert.equal(safeEqual(Buffer.from([1, 2]), Buffer.from([1, 2])), true);
  });
  it('compares secrets of different lengths without throwing', () => {
    assert.equal(safeEqual('demo', 'demo-but-longer'), false);
    assert.equal(safeEqual('', 'x'), false);
    assert.equal(safeEqual('', ''), true);
  });
});

describe('createLoginGuard', () => {
  const limits = { maxSessionsPerAddress: 2, maxFailedLogins: 3, failWindowMs: 1000, banMs: 5000 };

  it('bans an address after N failures within the window and lifts the ban after banMs', () => {
    let now = 0;
    const g = createLoginGuard(limits, () => now);
    assert.equal(g.recordFailure('a'), false);
    assert.equal(g.recordFailure('a'), false);
    assert.equal(g.isBanned('a'), false);
    assert.equal(g.recordFailure('a'), true);
    assert.equal(g.isBanned('a'), true);
    assert.equal(g.bannedUntil('a'), 5000, 'the ban end is known, for the refusal message');
    assert.equal(g.isBanned('b'), false);
    assert.equal(g.bannedUntil('b'), undefined);
    now = 4999;
    assert.equal(g.isBanned('a'), true);
    now = 5000;
    assert.equal(g.isBanned('a'), false);
    assert.equal(g.bannedUntil('a'), undefined);
  });

  it('forgets failures older than the window', () => {
    let now = 0;
    const g = createLoginGuard(limits, () => now);
    g.recordFailure('a');
    g.recordFailure('a');
    now = 1500;
    assert.equal(g.recordFailure('a'), false);
    assert.equal(g.isBanned('a'), false);
  });

  it('caps sessions per address and frees a slot on close', () => {
    const g = createLoginGuard(limits, () => 0);
    assert.equal(g.openSession('a'), true);
    assert.equal(g.openSession('a'), true);
    assert.equal(g.openSession('a'), false);
    assert.equal(g.openSession('b'), true);
    g.closeSession('a');
    assert.equal(g.sessions('a'), 1);
    assert.equal(g.openSession('a'), true);
  });
});

describe('ed25519 host keys', () => {
  it('are always readable back by ssh2 (its generator makes ~1 bad key in 256)', () => {
    for (let i = 0; i < 1500; i++) {
      const pair = generateEd25519KeyPair();
      assert.ok(!(ssh2.utils.parseKey(pair.private) instanceof Error), `private key ${i}`);
      assert.ok(!(ssh2.utils.parseKey(pair.public) instanceof Error), `public key ${i}`);
    }
  });
});
