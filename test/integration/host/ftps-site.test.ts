/**
 * A SPOTIO site over FTPS through the app's handlers (issue 11, contract §12), as the renderer
 * drives them: saved with its password in the real OS keychain, "Test connection" against the
 * emulator's FTPS listener with the certificate prompt (subject, issuer, validity, why not
 * trusted) answered, a classic leads CSV uploaded over FTPS to the platform's verdict, a changed
 * certificate blocking before the password, and a bare host whose protocol the test finds and
 * saves. Run under scripts/with-keyring.sh. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore } from '../../../engine/secret-store.ts';
import type { EventPayload, SiteInput } from '../../../core/ipc/contract.ts';
import {
  handlersUnderTest,
  quickTimings,
  testKeychain,
  value,
} from '../../helpers/host-handlers.ts';
import {
  classicWorkspace,
  closeTestEmulator,
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../helpers/start-emulator.ts';

const secret = `Ftps-${randomUUID()}`;
const h = handlersUnderTest();
const { call, next, seen } = h;
let emu: TestEmulator & { ftps: TestFtps };
let work: string;
let secrets: SecretStore;
let keychain = { available: false, reason: '' };
const siteIds: string[] = [];

const steps = (r: { steps: { id: string; status: string }[] }): string[][] =>
  r.steps.map((s) => [s.id, s.status]);

describe('a SPOTIO site over FTPS through the host handlers', { timeout: 60_000 }, () => {
  let siteId = '';

  before(async () => {
    ({ secrets, keychain } = await testKeychain());
    emu = await startFtpsTestEmulator({
      processing: true,
      extraWorkspaces: [classicWorkspace('acme', secret)],
    });
    ({ work } = await h.open('sia-ftps-handlers-', { secrets, ...quickTimings }));
  });

  after(async () => {
    for (const id of siteIds) await call('sites:remove', { siteId: id });
    await h.close();
    if (emu) await closeTestEmulator(emu);
  });

  const acme = (over: Partial<SiteInput>): SiteInput => ({
    name: 'Acme over FTPS',
    profile: 'classic',
    host: '127.0.0.1',
    port: emu.ftps.implicitPort,
    protocol: 'ftps',
    username: 'acme',
    authMethod: 'password',
    secretMode: 'keychain',
    ...over,
  });

  it('saves a SPOTIO FTPS site and refuses FTPS for an SFTP-only platform', async (t) => {
    if (!keychain.available) {
      return t.skip(`no keychain here (${keychain.reason}); run under scripts/with-keyring.sh`);
    }
    const saved = value(await call('sites:save', { site: acme({}), secret }));
    siteId = saved.site.id;
    siteIds.push(siteId);
    assert.equal(saved.site.protocol, 'ftps');
    assert.equal(saved.site.hasSecret, true);
    const wrong = await call('sites:save', {
      site: acme({ name: 'Flatfile', profile: 'space' }),
      secret,
    });
    assert.equal(!wrong.ok && wrong.error.code, 'bad-request');
    assert.match(!wrong.ok ? wrong.error.message : '', /SFTP only/);
  });

  it('shows the certificate (subject, issuer, validity, why) and passes every step on accept', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    const prompt = next('hostkey:prompt');
    const testing = call('sites:test', { siteId, testId: 'ftps-1' });
    const asked = await prompt;
    assert.equal(asked.keyType, 'x509');
    assert.equal(asked.fingerprint, emu.ftps.certificateFingerprint);
    assert.equal(asked.port, emu.ftps.implicitPort);
    assert.ok(asked.certificate, 'no certificate details in the prompt');
    assert.ok(asked.certificate.subject.length > 0);
    assert.ok(asked.certificate.issuer.length > 0);
    assert.ok(Date.parse(asked.certificate.validFrom) < Date.now());
    assert.ok(Date.parse(asked.certificate.validTo) > Date.now());
    assert.match(asked.certificate.reason ?? '', /self-signed|signed by itself/i);
    value(await call('hostkey:answer', { promptId: asked.promptId, decision: 'accept' }));
    const report = value(await testing).report;
    assert.equal(report.ok, true, JSON.stringify(report.steps));
    for (const id of ['reach', 'host-key', 'login', 'folders', 'write']) {
      assert.ok(
        report.steps.some((s) => s.id === id && s.status === 'ok'),
        `step ${id}: ${JSON.stringify(steps(report))}`,
      );
    }
    const hosts = value(await call('hostkeys:list', {})).hosts;
    assert.deepEqual(
      hosts.map((h) => [h.port, h.type, h.fingerprint]),
      [[emu.ftps.implicitPort, 'x509', emu.ftps.certificateFingerprint]],
    );
  });

  it('uploads a classic leads CSV over FTPS and gets the platform verdict', async (t) => {
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
    const outcome = await h.untilVerdict(emu, 5);
    assert.equal(outcome.outcome, 'failed', JSON.stringify(outcome));
    assert.equal(outcome.rowsFailed, 1);
    const report = value(await call('history:report', { entryId: started.entryId }));
    assert.ok(
      report.errors.some((e) => e.row === 3 && e.column === 'Email'),
      JSON.stringify(report.errors),
    );
  });

  it('blocks a changed certificate before the password, like a changed host key', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    value(await call('hostkeys:forget', { host: '127.0.0.1', port: emu.ftps.implicitPort }));
    const pinned = value(
      await call('sites:save', {
        site: acme({
          id: siteId,
          hostKey: { type: 'x509', fingerprint: `SHA256:${'A'.repeat(43)}` },
        }),
      }),
    );
    assert.equal(pinned.site.hostKey?.type, 'x509');
    let logins = 0;
    const count = (): void => void logins++;
    emu.events.on('session-opened', count);
    emu.events.on('login-failed', count);
    // Not a question: the test ends at once, blocked; the notice shows old and new.
    const notice = next('hostkey:prompt');
    const report = value(await call('sites:test', { siteId })).report;
    assert.equal(report.ok, false);
    const failed = report.steps.find((s) => s.status === 'failed');
    assert.equal(failed?.id, 'host-key');
    assert.equal(failed?.code, 'host-key-changed');
    assert.ok(
      report.steps.some((s) => s.id === 'login' && s.status === 'skipped'),
      JSON.stringify(steps(report)),
    );
    const told = await notice;
    assert.equal(told.previousFingerprint, `SHA256:${'A'.repeat(43)}`);
    assert.equal(told.fingerprint, emu.ftps.certificateFingerprint);
    assert.equal(told.keyType, 'x509');
    assert.ok((told.certificate?.subject.length ?? 0) > 0, 'the new certificate is described');
    // The page's Cancel settles it; nothing was sent to the server.
    const closed = next('hostkey:prompt-closed', (p) => p.promptId === told.promptId);
    value(await call('hostkey:answer', { promptId: told.promptId, decision: 'cancel' }));
    assert.equal((await closed).decision, 'cancel');
    emu.events.off('session-opened', count);
    emu.events.off('login-failed', count);
    assert.equal(logins, 0, 'no login was tried');
  });

  it('an upload to a site whose certificate changed is blocked and shows old and new', async (t) => {
    if (!siteId) return t.skip('needs the saved site');
    const notice = next('hostkey:prompt');
    const listed = await call('templates:list', { siteId });
    assert.equal(!listed.ok && listed.error.code, 'host-key-changed');
    const told = await notice;
    assert.equal(told.previousFingerprint, `SHA256:${'A'.repeat(43)}`);
    assert.equal(told.fingerprint, emu.ftps.certificateFingerprint);
    value(await call('hostkey:answer', { promptId: told.promptId, decision: 'cancel' }));
  });

  it('finds the protocol of a bare host:port on "Test connection" and saves it', async (t) => {
    if (!keychain.available) return t.skip('needs the keychain');
    const saved = value(
      await call('sites:save', {
        site: acme({
          name: 'Acme, pasted without protocol',
          port: emu.ftps.explicitPort,
          probe: true,
        }),
        secret,
      }),
    );
    siteIds.push(saved.site.id);
    const prompt = next('hostkey:prompt', (p) => p.port === emu.ftps.explicitPort);
    const testing = call('sites:test', { siteId: saved.site.id, testId: 'probe-1' });
    const asked = await prompt;
    assert.equal(asked.fingerprint, emu.ftps.certificateFingerprint);
    value(await call('hostkey:answer', { promptId: asked.promptId, decision: 'once' }));
    const r = value(await testing);
    assert.equal(r.report.ok, true, JSON.stringify(r.report.steps));
    assert.deepEqual(r.report.steps[0] && [r.report.steps[0].id, r.report.steps[0].status], [
      'protocol',
      'ok',
    ]);
    assert.equal(r.site?.protocol, 'ftpes');
    assert.equal(r.site?.probe, undefined);
    const found = seen
      .filter((e) => e.event === 'doctor:step')
      .map((e) => e.payload as EventPayload<'doctor:step'>)
      .find((p) => p.testId === 'probe-1' && p.step.id === 'protocol' && p.step.status === 'ok');
    assert.match(found?.step.message ?? '', /explicit/);
    const listed = value(await call('sites:list', {})).sites.find((s) => s.id === saved.site.id);
    assert.equal(listed?.protocol, 'ftpes');
    assert.equal(listed?.port, emu.ftps.explicitPort);
  });

  it('never puts the password in a pushed event', () => {
    assert.ok(!JSON.stringify(seen).includes(secret));
  });
});
