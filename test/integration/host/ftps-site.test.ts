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
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyringSecretStore, type SecretStore } from '../../../engine/secret-store.ts';
import type { HostHandlers } from '../../../host/create-handlers.ts';
import { openHost } from '../../../host/open-host.ts';
import type { Emit } from '../../../host/host-deps.ts';
import { createLocalFiles, type LocalFiles } from '../../../host/local-files.ts';
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  SiteInput,
} from '../../../core/ipc/contract.ts';
import { dispatchInvoke } from '../../../core/ipc/dispatch.ts';
import type { IpcResult } from '../../../core/ipc/result.ts';
import { leadSchema } from '../../../core/schema/demo-schemas.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../helpers/start-emulator.ts';

const secret = `Ftps-${randomUUID()}`;
const events = new EventEmitter();
const seen: { event: string; payload: unknown }[] = [];
let emu: TestEmulator & { ftps: TestFtps };
let work: string;
let secrets: SecretStore;
let host: HostHandlers;
let files: LocalFiles;
let keychain = { available: false, reason: '' };
const siteIds: string[] = [];

const emit: Emit = (event, payload) => {
  seen.push({ event, payload });
  events.emit(event, payload);
};

async function call<C extends InvokeChannel>(
  channel: C,
  request: InvokeRequest<C>,
): Promise<IpcResult<InvokeResponse<C>>> {
  return (await dispatchInvoke(host.handlers, channel, request)) as IpcResult<InvokeResponse<C>>;
}

function next<E extends EventChannel>(
  event: E,
  accept: (p: EventPayload<E>) => boolean = () => true,
): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const on = (p: EventPayload<E>): void => {
      if (!accept(p)) return;
      events.off(event, on);
      resolve(p);
    };
    events.on(event, on);
  });
}

function value<T>(result: IpcResult<T>): T {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

const steps = (r: { steps: { id: string; status: string }[] }): string[][] =>
  r.steps.map((s) => [s.id, s.status]);

describe('a SPOTIO site over FTPS through the host handlers', { timeout: 60_000 }, () => {
  let siteId = '';

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-ftps-handlers-'));
    secrets = createKeyringSecretStore(`sia-test-${randomUUID()}`);
    const status = await secrets.status();
    keychain = { available: status.available, reason: status.reason ?? '' };
    emu = await startFtpsTestEmulator({
      processing: true,
      extraWorkspaces: [
        {
          name: 'acme',
          profile: 'classic',
          users: [{ username: 'acme', password: secret, publicKeys: [] }],
          schemas: [leadSchema],
          exportSchedule: 'none',
          pullSources: [],
        },
      ],
    });
    files = createLocalFiles({ stagingDir: join(work, 'staging') });
    host = openHost({
      secrets,
      dataDir: join(work, 'data'),
      emit,
      localFiles: files,
      warn: (w) => assert.fail(`unexpected store warning: ${w}`),
      stagePath: (path) => files.registerPath(path),
      app: {
        name: 'SFTP Import Assistant',
        version: '0.0.0-test',
        platform: process.platform,
        transport: 'electron',
      },
      watchPollMs: 50,
      watchExpectedWaitMs: 20_000,
      hostKeyPromptTimeoutMs: 10_000,
    });
  });

  after(async () => {
    for (const id of siteIds) await call('sites:remove', { siteId: id });
    await host?.shutdown();
    await emu?.close();
    await rm(work, { recursive: true, force: true });
    if (emu) await rm(emu.dataDir, { recursive: true, force: true });
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
    const staged = value(await call('files:stage-path', { path: csv }));
    const finished = next('upload:finished');
    const started = value(
      await call('upload:start', {
        siteId,
        localRef: staged.localRef,
        kind: 'records',
        remoteName: 'leads.csv',
      }),
    );
    const done = await finished;
    assert.equal(done.ok, true, JSON.stringify(done));
    assert.equal(done.remotePath, '/Leads/Import/New/leads.csv');
    const verdict = next('outcome:update', (p) => p.outcome !== 'waiting');
    let outcome: EventPayload<'outcome:update'> | undefined;
    void verdict.then((v) => (outcome = v));
    for (let i = 0; i < 5 && outcome === undefined; i++) {
      await emu.processNow();
      await Promise.race([verdict, new Promise((r) => setTimeout(r, 200))]);
    }
    assert.ok(outcome, 'no verdict after 5 processing cycles');
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
