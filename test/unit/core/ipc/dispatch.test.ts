/** dispatchInvoke: unknown channels, bad requests and throwing handlers become results, never throws. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invokeChannels, type InvokeHandlers } from '../../../../core/ipc/contract.ts';
import { dispatchInvoke } from '../../../../core/ipc/dispatch.ts';
import { fail, ok } from '../../../../core/ipc/result.ts';

function handlers(
  overrides: Record<string, (r: unknown) => Promise<unknown>> = {},
): InvokeHandlers {
  const map: Record<string, (r: unknown) => Promise<unknown>> = {};
  for (const c of invokeChannels) {
    map[c] = () => Promise.resolve(fail('unavailable', 'not in this test'));
  }
  return { ...map, ...overrides } as unknown as InvokeHandlers;
}

describe('dispatchInvoke', () => {
  it('answers an unknown channel with bad-request naming it', async () => {
    const r = await dispatchInvoke(handlers(), 'sftp:delete-everything', {});
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'bad-request');
    assert.match(!r.ok ? r.error.message : '', /sftp:delete-everything/);
  });

  it('does not treat inherited object keys as channels', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await dispatchInvoke(handlers(), name, {});
      assert.equal(!r.ok && r.error.code, 'bad-request', name);
    }
  });

  it('answers a channel that is not a string with bad-request', async () => {
    const r = await dispatchInvoke(handlers(), 42, {});
    assert.equal(!r.ok && r.error.code, 'bad-request');
  });

  it('validates the request before the handler runs and passes zod’s message on', async () => {
    let called = 0;
    const h = handlers({ 'sites:remove': () => (called++, Promise.resolve(ok({}))) });
    const r = await dispatchInvoke(h, 'sites:remove', { siteId: 7 });
    assert.equal(!r.ok && r.error.code, 'bad-request');
    assert.match(!r.ok ? r.error.message : '', /siteId/);
    assert.equal(called, 0);
  });

  it('refuses unknown keys, a 10 MB string and a __proto__ key in a request', async () => {
    let called = 0;
    const h = handlers({ 'sites:remove': () => (called++, Promise.resolve(ok({}))) });
    const extra = await dispatchInvoke(h, 'sites:remove', { siteId: 'a', admin: true });
    const huge = await dispatchInvoke(h, 'sites:remove', { siteId: 'x'.repeat(10 * 1024 * 1024) });
    const proto = await dispatchInvoke(
      h,
      'sites:remove',
      JSON.parse('{"siteId":"a","__proto__":{"admin":true}}'),
    );
    for (const r of [extra, huge, proto]) assert.equal(!r.ok && r.error.code, 'bad-request');
    assert.equal(called, 0);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });

  it('hands the handler the parsed request and returns its result as is', async () => {
    const got: unknown[] = [];
    const h = handlers({
      'history:report': (r) => (got.push(r), Promise.resolve(fail('not-found', 'nope'))),
    });
    const r = await dispatchInvoke(h, 'history:report', { entryId: 'e1' });
    assert.deepEqual(got, [{ entryId: 'e1' }]);
    assert.deepEqual(r, { ok: false, error: { code: 'not-found', message: 'nope' } });
  });

  it('turns a throwing or rejecting handler into internal, and never throws itself', async () => {
    const h = handlers({
      'app:get-info': () => {
        throw new Error('sync boom');
      },
      'settings:get': () => Promise.reject(new Error('async boom')),
      'sites:list': () => Promise.resolve(undefined),
    });
    const a = await dispatchInvoke(h, 'app:get-info', {});
    const b = await dispatchInvoke(h, 'settings:get', {});
    const c = await dispatchInvoke(h, 'sites:list', {});
    assert.equal(!a.ok && a.error.code, 'internal');
    assert.match(!a.ok ? a.error.message : '', /sync boom/);
    assert.equal(!b.ok && b.error.code, 'internal');
    assert.equal(!c.ok && c.error.code, 'internal');
  });
});
