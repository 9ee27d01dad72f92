/** The web host's gates as pure checks. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createToken,
  isAllowedHostHeader,
  isAllowedOrigin,
  isLoopback,
  tokensEqual,
} from '../../../host/auth.ts';

describe('tokensEqual', () => {
  it('accepts only the exact token, whatever the lengths', () => {
    const t = createToken();
    assert.equal(tokensEqual(t, t), true);
    for (const wrong of [
      undefined,
      null,
      '',
      t.slice(1),
      `${t}x`,
      t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(),
    ]) {
      assert.equal(tokensEqual(wrong, t), false, String(wrong));
    }
    assert.equal(tokensEqual('', ''), false);
  });

  it('makes 256-bit URL-safe tokens that differ each time', () => {
    const a = createToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, createToken());
  });
});

describe('origin, host and peer checks', () => {
  it('accept only this port on loopback names', () => {
    assert.equal(isAllowedOrigin('http://127.0.0.1:5000', 5000), true);
    assert.equal(isAllowedOrigin('http://localhost:5000', 5000), true);
    for (const o of [
      undefined,
      'null',
      'http://127.0.0.1:5001',
      'https://127.0.0.1:5000',
      'http://evil.example:5000',
    ]) {
      assert.equal(isAllowedOrigin(o, 5000), false, String(o));
    }
    assert.equal(isAllowedHostHeader('127.0.0.1:5000', 5000), true);
    assert.equal(isAllowedHostHeader('rebind.evil.example:5000', 5000), false);
    assert.equal(isAllowedHostHeader(undefined, 5000), false);
    assert.equal(isLoopback('::ffff:127.0.0.1'), true);
    assert.equal(isLoopback('10.0.0.2'), false);
  });
});
