/**
 * A server whose certificate really changed, unblocked from the app (issue 11 "Trust"): the
 * emulator's FTPS certificate is regenerated (its files deleted, restarted on the same data and
 * port), so "Test connection" is blocked before the password; Settings → Known servers lists the
 * old certificate with the sites that saved it, and forgetting it there also clears the pin saved
 * with each of those sites, so the next test asks about the new certificate (Accept and remember /
 * Connect once / Cancel) instead of staying blocked. A pin held only by a site is listed and
 * forgotten the same way, and a site's edit never drops its pin silently. Through the host handlers as the renderer drives them. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyringSecretStore } from '../../../engine/secret-store.ts';
import type { SiteInput } from '../../../core/ipc/contract.ts';
import { handlersUnderTest, value } from '../../helpers/host-handlers.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../helpers/start-emulator.ts';

const h = handlersUnderTest();
const { call, next, events } = h;
let emu: (TestEmulator & { ftps: TestFtps }) | undefined;
let emuData: string;

/** Restarts the emulator on the same data folder and implicit port with a new certificate. */
async function regenerateCertificate(port: number): Promise<TestEmulator & { ftps: TestFtps }> {
  await emu?.close();
  await rm(join(emuData, 'ftps-cert.pem'), { force: true });
  await rm(join(emuData, 'ftps-key.pem'), { force: true });
  emu = await startFtpsTestEmulator({
    dataDir: emuData,
    ftps: { implicitPort: port, explicitPort: 0 },
  });
  return emu;
}

describe(
  'a changed certificate can be unblocked from Settings → Known servers',
  { timeout: 60_000 },
  () => {
    let first: TestEmulator & { ftps: TestFtps };
    let oldFingerprint = '';
    let port = 0;
    let siteId = '';
    const site = (over: Partial<SiteInput> = {}): SiteInput => ({
      name: 'Acme leads',
      profile: 'classic',
      host: '127.0.0.1',
      port,
      protocol: 'ftps',
      username: 'classic',
      authMethod: 'password',
      secretMode: 'ask',
      ...over,
    });

    before(async () => {
      emuData = await mkdtemp(join(tmpdir(), 'sia-emu-regen-'));
      first = await startFtpsTestEmulator({ dataDir: emuData });
      emu = first;
      port = first.ftps.implicitPort;
      oldFingerprint = first.ftps.certificateFingerprint;
      await h.open('sia-forget-pin-', {
        secrets: createKeyringSecretStore(`sia-test-${randomUUID()}`),
        hostKeyPromptTimeoutMs: 10_000,
      });
    });

    after(async () => {
      await h.close();
      await emu?.close();
      await rm(emuData, { recursive: true, force: true });
    });

    it('accepts the first certificate, remembered and also saved with the site', async () => {
      // A site that carries its own pin (saved with it when its key was accepted).
      siteId = value(
        await call('sites:save', {
          site: site({ hostKey: { type: 'x509', fingerprint: oldFingerprint } }),
        }),
      ).site.id;
      let asked = 0;
      const count = (): void => void asked++;
      events.on('hostkey:prompt', count);
      // Known servers is still empty, but the site's pin already vouches: no question.
      const report = value(await call('sites:test', { siteId, secret: 'demo' })).report;
      events.off('hostkey:prompt', count);
      assert.equal(report.ok, true, JSON.stringify(report.steps));
      assert.equal(asked, 0);
      const hosts = value(await call('hostkeys:list', {})).hosts;
      assert.deepEqual(
        hosts.map((h) => [h.host, h.port, h.fingerprint, h.sites]),
        [['127.0.0.1', port, oldFingerprint, ['Acme leads']]],
        'a pin held only by a site is listed in Known servers, with the site named',
      );
    });

    it('remembers the same certificate in Known servers on accept, one row with the site named', async () => {
      const other = value(await call('sites:save', { site: site({ name: 'Acme, no pin' }) })).site;
      const prompt = next('hostkey:prompt');
      const testing = call('sites:test', { siteId: other.id, secret: 'demo' });
      // The site has no pin of its own, but the first site's pin is not a Known-servers entry:
      // this one asks, like any first contact.
      const asked = await prompt;
      assert.equal(asked.fingerprint, oldFingerprint);
      value(await call('hostkey:answer', { promptId: asked.promptId, decision: 'accept' }));
      assert.equal(value(await testing).report.ok, true);
      value(await call('sites:remove', { siteId: other.id }));
      const hosts = value(await call('hostkeys:list', {})).hosts;
      assert.deepEqual(
        hosts.map((h) => [h.port, h.fingerprint, h.sites, typeof h.addedAt]),
        [[port, oldFingerprint, ['Acme leads'], 'string']],
      );
    });

    it('blocks the regenerated certificate before the password', async () => {
      const now = await regenerateCertificate(port);
      assert.notEqual(now.ftps.certificateFingerprint, oldFingerprint, 'the certificate is new');
      assert.equal(now.ftps.implicitPort, port);
      let logins = 0;
      const count = (): void => void logins++;
      now.events.on('session-opened', count);
      now.events.on('login-failed', count);
      const notice = next('hostkey:prompt');
      const report = value(await call('sites:test', { siteId, secret: 'demo' })).report;
      assert.equal(report.steps.find((s) => s.status === 'failed')?.code, 'host-key-changed');
      const told = await notice;
      assert.equal(told.previousFingerprint, oldFingerprint);
      assert.equal(told.fingerprint, now.ftps.certificateFingerprint);
      value(await call('hostkey:answer', { promptId: told.promptId, decision: 'cancel' }));
      assert.equal(logins, 0, 'no login was tried');
    });

    it('forgetting it in Known servers clears the site’s pin too; the next test asks about the new one', async () => {
      const forgot = value(await call('hostkeys:forget', { host: '127.0.0.1', port }));
      const prompt = next('hostkey:prompt');
      const testing = call('sites:test', { siteId, secret: 'demo' });
      const asked = await prompt;
      assert.equal(asked.previousFingerprint, undefined, 'a question, not the changed warning');
      assert.equal(asked.fingerprint, emu?.ftps.certificateFingerprint);
      value(await call('hostkey:answer', { promptId: asked.promptId, decision: 'accept' }));
      const report = value(await testing).report;
      assert.equal(report.ok, true, JSON.stringify(report.steps));
      assert.deepEqual(forgot.sites, ['Acme leads'], 'the answer names the sites whose pin went');
      const saved = value(await call('sites:list', {})).sites.find((s) => s.id === siteId);
      assert.equal(saved?.hostKey, undefined, 'the pin saved with the site is gone');
      assert.deepEqual(
        value(await call('hostkeys:list', {})).hosts.map((h) => [h.fingerprint, h.sites ?? []]),
        [[emu?.ftps.certificateFingerprint, []]],
      );
    });

    it('an edit keeps the key saved with the site; pointing it at another server drops it', async () => {
      const pin = { type: 'x509', fingerprint: `SHA256:${'B'.repeat(43)}` };
      const saved = value(
        await call('sites:save', { site: site({ name: 'Pinned', hostKey: pin }) }),
      );
      // The page sends no hostKey when a site is edited: the pin must not go silently.
      const renamed = value(
        await call('sites:save', { site: site({ id: saved.site.id, name: 'Pinned, renamed' }) }),
      );
      assert.deepEqual(renamed.site.hostKey, pin);
      const moved = value(
        await call('sites:save', {
          site: site({ id: saved.site.id, name: 'Pinned, renamed', port: port + 1 }),
        }),
      );
      assert.equal(moved.site.hostKey, undefined, 'a pin belongs to the server it was taken from');
      value(await call('sites:remove', { siteId: saved.site.id }));
    });

    it('says so when nothing is remembered for that server', async () => {
      const none = await call('hostkeys:forget', { host: '127.0.0.1', port: port === 1 ? 2 : 1 });
      assert.equal(!none.ok && none.error.code, 'not-found');
    });
  },
);
