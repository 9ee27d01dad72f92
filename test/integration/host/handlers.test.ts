/**
 * The host handlers end to end, as the renderer drives them (every call through dispatchInvoke):
 * a site saved with its password in the real OS keychain, "Test connection" against the
 * in-process emulator with the host-key prompt answered, an upload with progress, the platform's
 * verdict and error rows, duplicate refusal, and the no-secret check: the
 * password appears in no file of the data folder and in no response or pushed event.
 * Run under scripts/with-keyring.sh (a private gnome-keyring). node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accountFor, type SecretStore } from '../../../engine/secret-store.ts';
import type { EventPayload } from '../../../core/ipc/contract.ts';
import {
  handlersUnderTest,
  quickTimings,
  testKeychain,
  value,
} from '../../helpers/host-handlers.ts';
import {
  classicWorkspace,
  closeTestEmulator,
  startTestEmulator,
  type TestEmulator,
} from '../../helpers/start-emulator.ts';

const secret = `P@ss-${randomUUID()}`;
const h = handlersUnderTest();
const { call, next, seen, responses } = h;
let emu: TestEmulator;
let work: string;
let secrets: SecretStore;
let keychain = { available: false, reason: '' };

describe('createHostHandlers against the emulator', { timeout: 60_000 }, () => {
  let siteId = '';

  before(async () => {
    ({ secrets, keychain } = await testKeychain());
    emu = await startTestEmulator({
      processing: true,
      extraWorkspaces: [classicWorkspace('acme', secret)],
    });
    // The shells' own wiring (host/open-host.ts), with the test keychain and timings.
    ({ work } = await h.open('sia-handlers-', { secrets, ...quickTimings }));
  });

  after(async () => {
    await h.close();
    if (siteId && keychain.available) {
      await secrets.delete(accountFor({ username: 'acme', host: '127.0.0.1', port: emu.port }));
    }
    if (emu) await closeTestEmulator(emu);
  });

  it('saves a site with its password in the OS keychain and answers without the password', async (t) => {
    if (!keychain.available) {
      return t.skip(`no keychain here (${keychain.reason}); run under scripts/with-keyring.sh`);
    }
    const saved = value(
      await call('sites:save', {
        site: {
          name: 'Acme',
          profile: 'classic',
          host: '127.0.0.1',
          port: emu.port,
          username: 'acme',
          authMethod: 'password',
          secretMode: 'keychain',
        },
        secret,
      }),
    );
    siteId = saved.site.id;
    assert.equal(saved.site.hasSecret, true);
    const stored = await secrets.get(accountFor(saved.site));
    assert.deepEqual(stored, { ok: true, value: secret });
    const listed = value(await call('sites:list', {}));
    assert.deepEqual(
      listed.sites.map((s) => [s.id, s.hasSecret]),
      [[siteId, true]],
    );
  });

  it('asks about an unknown host key during "Test connection", remembers it on accept, and passes every step', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    const prompt = next('hostkey:prompt');
    const testing = call('sites:test', { siteId, testId: 't1' });
    const asked = await prompt;
    assert.equal(asked.fingerprint, emu.hostKeyFingerprint);
    assert.equal(asked.port, emu.port);
    value(await call('hostkey:answer', { promptId: asked.promptId, decision: 'accept' }));
    const report = value(await testing).report;
    assert.deepEqual(
      report.steps.map((s) => [s.id, s.status]),
      [
        ['reach', 'ok'],
        ['banner', 'ok'],
        ['host-key', 'ok'],
        ['login', 'ok'],
        ['folders', 'ok'],
        ['write', 'ok'],
      ],
    );
    assert.equal(report.ok, true);
    const steps = seen
      .filter((e) => e.event === 'doctor:step')
      .map((e) => (e.payload as EventPayload<'doctor:step'>).testId);
    assert.equal(steps.length, 6);
    assert.ok(steps.every((id) => id === 't1'));
    const closed = seen.find((e) => e.event === 'hostkey:prompt-closed');
    assert.deepEqual(closed?.payload, { promptId: asked.promptId, decision: 'accept' });
    const hosts = value(await call('hostkeys:list', {})).hosts;
    assert.deepEqual(
      hosts.map((h) => [h.host, h.port, h.fingerprint]),
      [['127.0.0.1', emu.port, emu.hostKeyFingerprint]],
    );
  });

  it('refuses a second answer to a closed prompt with not-found', async () => {
    const r = await call('hostkey:answer', { promptId: 'no-such-prompt', decision: 'accept' });
    assert.equal(!r.ok && r.error.code, 'not-found');
  });

  it('uploads a file with progress, follows it to Failed/ and serves its error rows', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    const csv = join(work, 'leads.csv');
    await writeFile(
      csv,
      'Company,Address,Email\nAcme,1 Main St,ok@example.com\nBeta,2 Side St,not-an-email\n',
    );
    const { started, done } = await h.upload(csv, {
      siteId,
      kind: 'records',
      remoteName: 'leads.csv',
    });
    assert.equal(done.ok, true, JSON.stringify(done));
    assert.equal(done.remotePath, '/Leads/Import/New/leads.csv');
    assert.equal(done.entryId, started.entryId);
    const progress = seen
      .filter((e) => e.event === 'upload:progress')
      .map((e) => e.payload as EventPayload<'upload:progress'>);
    assert.ok(progress.length >= 1, 'no progress event');
    assert.equal(progress.at(-1)?.bytes, progress.at(-1)?.total);
    // A file is processed once it is unchanged between two scans (contract §4): run cycles until the verdict.
    const outcome = await h.untilVerdict(emu, 5);
    assert.equal(outcome.outcome, 'failed', JSON.stringify(outcome));
    assert.equal(outcome.rowsFailed, 1);
    const report = value(await call('history:report', { entryId: started.entryId }));
    assert.equal(report.entry.outcome, 'failed');
    assert.ok(
      report.errors.some((e) => e.row === 3 && e.column === 'Email'),
      JSON.stringify(report.errors),
    );
    const history = value(await call('history:list', {})).entries;
    assert.equal(history[0]?.id, started.entryId);
    assert.equal(history[0]?.hasErrorReport, true);
  });

  it('refuses to send the same content to the same folder again unless told to', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    const csv = join(work, 'good.csv');
    await writeFile(csv, 'Company,Address\nGamma,3 High St\n');
    const first = await h.upload(csv, { siteId, kind: 'records', remoteName: 'good.csv' });
    assert.equal(first.done.ok, true);
    const second = value(await call('files:stage-path', { path: csv }));
    const again = await call('upload:start', {
      siteId,
      localRef: second.localRef,
      kind: 'records',
      remoteName: 'good-2.csv',
    });
    assert.equal(!again.ok && again.error.code, 'duplicate');
    const finishedAgain = next('upload:finished');
    value(
      await call('upload:start', {
        siteId,
        localRef: second.localRef,
        kind: 'records',
        remoteName: 'good-2.csv',
        allowDuplicate: true,
      }),
    );
    assert.equal((await finishedAgain).ok, true);
  });

  it('checks a pull source: reach, the pinned key, login, the file and its company column', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    const r = value(
      await call('pull:check', {
        host: '127.0.0.1',
        port: emu.port,
        username: 'acme',
        password: secret,
        path: '/Leads/Import/Failed/leads.csv',
        testId: 'pull-1',
      }),
    );
    assert.deepEqual(
      r.report.steps.map((s) => [s.id, s.status]),
      [
        ['reach', 'ok'],
        ['banner', 'ok'],
        ['host-key', 'ok'],
        ['login', 'ok'],
        ['file', 'ok'],
        ['header', 'ok'],
      ],
    );
    const pushed = seen.filter(
      (e) => e.event === 'doctor:step' && (e.payload as { testId?: string }).testId === 'pull-1',
    );
    assert.equal(pushed.length, 6);
    const missing = value(
      await call('pull:check', {
        host: '127.0.0.1',
        port: emu.port,
        username: 'acme',
        password: secret,
        path: '/nope.csv',
      }),
    );
    assert.equal(missing.report.ok, false);
    assert.equal(missing.report.steps.find((s) => s.id === 'file')?.status, 'failed');
  });

  it('asks for the password of an "ask every time" site instead of connecting without one', async () => {
    const saved = value(
      await call('sites:save', {
        site: {
          name: 'Ask',
          profile: 'classic',
          host: '127.0.0.1',
          port: emu.port,
          username: 'classic',
          authMethod: 'password',
          secretMode: 'ask',
        },
      }),
    );
    const r = await call('templates:list', { siteId: saved.site.id });
    assert.equal(!r.ok && r.error.code, 'secret-required');
    const withSecret = value(
      await call('templates:list', { siteId: saved.site.id, secret: 'demo' }),
    );
    assert.deepEqual(
      withSecret.templates.map((x) => x.object),
      ['Lead'],
    );
    value(await call('sites:remove', { siteId: saved.site.id }));
  });

  it('keeps the password out of every file in the data folder, every response and every pushed event', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    const needle = secret.slice('P@ss-'.length);
    for (const file of await walk(work)) {
      const text = await readFile(file, 'latin1');
      assert.ok(!text.includes(needle), `the password is in ${file}`);
    }
    assert.ok(responses.length > 5 && seen.length > 5);
    assert.ok(!JSON.stringify(responses).includes(needle), 'the password is in a response');
    assert.ok(!JSON.stringify(seen).includes(needle), 'the password is in an event');
  });

  it('removes a site together with its keychain entry', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    value(await call('sites:remove', { siteId }));
    const stored = await secrets.get(
      accountFor({ username: 'acme', host: '127.0.0.1', port: emu.port }),
    );
    assert.deepEqual(stored, { ok: true, value: null });
    siteId = '';
  });
});

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}
