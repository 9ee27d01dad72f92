import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressWithoutToken, chooseBridge } from '../../../../renderer/lib/bridge-choice.ts';

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

describe('the web token after it is read (issue 14)', () => {
  it('uses the token this tab kept when the address no longer has one (a reload)', () => {
    assert.deepEqual(chooseBridge({ ...page, storedToken: 'kept' }), {
      kind: 'web',
      token: 'kept',
    });
    // A fresh link wins over a kept token from an earlier host.
    assert.deepEqual(chooseBridge({ ...page, hash: '#token=new', storedToken: 'old' }), {
      kind: 'web',
      token: 'new',
    });
    assert.deepEqual(chooseBridge({ ...page, storedToken: null }), { kind: 'no-session' });
  });

  it('gives the address without the token, other fragment parts kept', () => {
    const at = { pathname: '/', search: '' };
    assert.equal(addressWithoutToken({ ...at, hash: '#token=abc' }), '/');
    assert.equal(
      addressWithoutToken({ pathname: '/index.html', search: '?x=1', hash: '#token=abc&view=h' }),
      '/index.html?x=1#view=h',
    );
    assert.equal(addressWithoutToken({ ...at, hash: '' }), undefined);
    assert.equal(addressWithoutToken({ ...at, hash: '#view=h' }), undefined);
  });
});
