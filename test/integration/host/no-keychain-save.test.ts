/**
 * Saving a site when no keychain answers (issue 13): the real keychain library pointed at a
 * session bus that does not exist (this file runs in a process of its own), so every keychain
 * call fails as it does on a machine without a Secret Service. A site is saved whole or not at
 * all: Save with a password answers `keychain-unavailable` and stores nothing, a second Save adds
 * no site, "ask every time" then saves exactly one, and the password is in no file. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InvokeRequest } from '../../../core/ipc/contract.ts';
import { createKeyringSecretStore } from '../../../engine/secret-store.ts';
import { handlersUnderTest, value } from '../../helpers/host-handlers.ts';

// Before any keychain call: a bus address with nothing behind it (connections are made lazily).
process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=/nonexistent/sia-no-bus-${process.pid}`;

const password = `P@ss-${randomUUID()}`;
const h = handlersUnderTest();
const { call } = h;
let work = '';

const site: InvokeRequest<'sites:save'>['site'] = {
  name: 'NoKey',
  profile: 'classic',
  host: '127.0.0.1',
  port: 2222,
  username: 'acme',
  authMethod: 'password',
  secretMode: 'keychain',
};

/** Every file under `dir`, as text. */
async function allText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    names.filter((d) => d.isFile()).map((d) => readFile(join(d.parentPath, d.name), 'utf8')),
  );
  return texts.join('\n');
}

describe('sites:save with no keychain', { timeout: 60_000 }, () => {
  before(async () => {
    ({ work } = await h.open('sia-no-keychain-', {
      secrets: createKeyringSecretStore(`sia-test-${randomUUID()}`),
    }));
  });
  after(() => h.close());

  it('the keychain really is unavailable here', async () => {
    const status = value(await call('secrets:status', {}));
    assert.equal(status.available, false);
    assert.match(status.reason ?? '', /sia-no-bus/);
  });

  it('refuses a password it cannot store, saves nothing, and says so once', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await call('sites:save', { site, secret: password });
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.code, 'keychain-unavailable');
      assert.match(r.error.message, /^The site is not saved yet: no keychain is available/);
      assert.equal(r.error.message.match(/ask every time/g)?.length, 1, r.error.message);
      assert.equal(value(await call('sites:list', {})).sites.length, 0);
    }
  });

  it('then saves the same site once with "ask every time"', async () => {
    const saved = value(await call('sites:save', { site: { ...site, secretMode: 'ask' } }));
    assert.equal(saved.site.secretMode, 'ask');
    const { sites } = value(await call('sites:list', {}));
    assert.deepEqual(
      sites.map((s) => [s.id, s.name]),
      [[saved.site.id, 'NoKey']],
    );
  });

  it('leaves a saved site as it was when an edit brings a password it cannot store', async () => {
    const [before] = value(await call('sites:list', {})).sites;
    assert.ok(before);
    const r = await call('sites:save', {
      site: { ...site, id: before.id, name: 'Renamed', secretMode: 'keychain' },
      secret: password,
    });
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.error.code, 'keychain-unavailable');
    assert.deepEqual(value(await call('sites:list', {})).sites, [before]);
  });

  it('wrote the password to no file and sent it in no answer', async () => {
    assert.equal((await allText(join(work, 'data'))).includes(password), false);
    assert.equal(JSON.stringify(h.responses).includes(password), false);
  });
});
