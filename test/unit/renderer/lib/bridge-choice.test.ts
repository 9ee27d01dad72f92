import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseBridge } from '../../../../renderer/lib/bridge-choice.ts';

const page = { hasPreload: false, hash: '', search: '', dev: false };

describe('chooseBridge', () => {
  it('uses Electron’s preload bridge when there is one', () => {
    assert.deepEqual(chooseBridge({ ...page, hasPreload: true, hash: '#token=x' }), {
      kind: 'preload',
    });
  });

  it('uses the web host with the token from the address', () => {
    assert.deepEqual(chooseBridge({ ...page, hash: '#token=abc123' }), {
      kind: 'web',
      token: 'abc123',
    });
  });

  it('never falls back to the demo in the production build without a token', () => {
    assert.deepEqual(chooseBridge(page), { kind: 'no-session' });
    assert.deepEqual(chooseBridge({ ...page, hash: '#token=' }), { kind: 'no-session' });
    assert.deepEqual(chooseBridge({ ...page, search: '?x=demo' }), { kind: 'no-session' });
  });

  it('gives the demo only on the dev server or with an explicit ?demo', () => {
    assert.deepEqual(chooseBridge({ ...page, dev: true }), { kind: 'demo' });
    assert.deepEqual(chooseBridge({ ...page, search: '?demo' }), { kind: 'demo' });
    assert.deepEqual(chooseBridge({ ...page, search: '?demo=1' }), { kind: 'demo' });
  });
});
