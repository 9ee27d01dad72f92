/**
 * The `pull:check` handler (issue 6, contract §9): each step reaches the page as it is decided
 * (`doctor:step` before the host-key prompt, not in a burst at the end), and every key pinned
 * for host:port counts, not only the first. The customer's server is the emulator's `space`
 * workspace (a plain password SFTP root). node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnownHostsStore, type KnownHostsStore } from '../../../engine/known-hosts.ts';
import { createLedger } from '../../../engine/ledger.ts';
import { createMemorySecretStore } from '../../../engine/secret-store.ts';
import { createSiteStore } from '../../../engine/sites.ts';
import { createHostHandlers, type HostHandlers } from '../../../host/create-handlers.ts';
import type { Emit } from '../../../host/host-deps.ts';
import { createSettingsStore } from '../../../host/settings-store.ts';
import type { DoctorStep, InvokeRequest } from '../../../core/ipc/contract.ts';
import { dispatchInvoke } from '../../../core/ipc/dispatch.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';

type Seen = { event: string; payload: unknown };

describe('pull:check handler', { timeout: 60_000 }, () => {
  let emu: TestEmulator;
  let work: string;
  let knownHosts: KnownHostsStore;
  let host: HostHandlers;
  const seen: Seen[] = [];
  const listeners: ((e: Seen) => void)[] = [];

  before(async () => {
    emu = await startTestEmulator();
    await writeFile(join(emu.rootOf('space'), 'leads.csv'), 'Company,City\nAcme,Paris\n');
    work = await mkdtemp(join(tmpdir(), 'sia-pull-handler-'));
    knownHosts = createKnownHostsStore({ dir: work });
    const emit: Emit = (event, payload) => {
      const e = { event, payload };
      seen.push(e);
      for (const l of [...listeners]) l(e);
    };
    host = createHostHandlers({
      secrets: createMemorySecretStore(),
      sites: createSiteStore({ dir: work }),
      knownHosts,
      ledger: createLedger({ dir: work }),
      settings: createSettingsStore({ dir: work }),
      dataDir: work,
      clock: Date.now,
      emit,
      resolveLocalRef: () => undefined,
      app: { name: 'test', version: '0', platform: process.platform, transport: 'web' },
      hostKeyPromptTimeoutMs: 20_000,
    });
  });
  after(async () => {
    await host?.shutdown();
    await emu?.close();
    await rm(emu.dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  const request = (testId: string): InvokeRequest<'pull:check'> => ({
    host: '127.0.0.1',
    port: emu.port,
    username: 'space',
    password: 'demo',
    path: '/leads.csv',
    testId,
  });
  const stepsOf = (testId: string): DoctorStep[] =>
    seen
      .filter(
        (e) => e.event === 'doctor:step' && (e.payload as { testId?: string }).testId === testId,
      )
      .map((e) => (e.payload as { step: DoctorStep }).step);
  const check = (testId: string) =>
    dispatchInvoke(host.handlers, 'pull:check', request(testId)) as Promise<{
      ok: boolean;
      value?: { report: { ok: boolean; steps: DoctorStep[] } };
    }>;

  it('pushes reach and the SSH greeting before it asks about the unknown host key', async () => {
    knownHosts.forget('127.0.0.1', emu.port);
    const prompted = new Promise<{ promptId: string; stepsSoFar: string[] }>((resolve) => {
      listeners.push((e) => {
        if (e.event !== 'hostkey:prompt') return;
        resolve({
          promptId: (e.payload as { promptId: string }).promptId,
          stepsSoFar: stepsOf('stream').map((s) => `${s.id}:${s.status}`),
        });
      });
    });
    const running = check('stream');
    const prompt = await prompted;
    // The check is still waiting on the user: the steps so far are already on the page.
    assert.deepEqual(prompt.stepsSoFar, ['reach:ok', 'banner:ok']);
    const answered = await dispatchInvoke(host.handlers, 'hostkey:answer', {
      promptId: prompt.promptId,
      decision: 'once',
    });
    assert.equal(answered.ok, true);
    const r = await running;
    assert.ok(r.ok && r.value);
    assert.equal(r.value.report.ok, true, JSON.stringify(r.value.report.steps));
    // Pushed once each, in the same order as the report.
    assert.deepEqual(
      stepsOf('stream').map((s) => s.id),
      r.value.report.steps.map((s) => s.id),
    );
    assert.deepEqual(
      stepsOf('stream').map((s) => s.id),
      ['reach', 'banner', 'host-key', 'login', 'file', 'header'],
    );
  });

  it('accepts the server when its key is any of the keys pinned for host:port, not only the first', async () => {
    knownHosts.forget('127.0.0.1', emu.port);
    // An older key first (a re-keyed server), the server's real key second.
    knownHosts.remember({
      host: '127.0.0.1',
      port: emu.port,
      type: 'ssh-ed25519',
      fingerprint: 'SHA256:' + 'Q'.repeat(43),
    });
    knownHosts.remember({
      host: '127.0.0.1',
      port: emu.port,
      type: 'ssh-ed25519',
      fingerprint: emu.hostKeyFingerprint,
    });
    const prompts = seen.filter((e) => e.event === 'hostkey:prompt').length;
    const r = await check('pins');
    assert.ok(r.ok && r.value);
    assert.equal(r.value.report.ok, true, JSON.stringify(r.value.report.steps));
    assert.equal(
      seen.filter((e) => e.event === 'hostkey:prompt').length,
      prompts,
      'no prompt: the key is pinned',
    );
  });

  it('adds a key given with the request to the stored pins, never puts it in their place', async () => {
    knownHosts.forget('127.0.0.1', emu.port);
    knownHosts.remember({
      host: '127.0.0.1',
      port: emu.port,
      type: 'ssh-ed25519',
      fingerprint: emu.hostKeyFingerprint,
    });
    const prompts = seen.filter((e) => e.event === 'hostkey:prompt').length;
    // The page names some other key: the stored (real) pin must still count.
    const r = (await dispatchInvoke(host.handlers, 'pull:check', {
      ...request('added'),
      hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:' + 'S'.repeat(43) },
    })) as Awaited<ReturnType<typeof check>>;
    assert.ok(r.ok && r.value);
    assert.equal(r.value.report.ok, true, JSON.stringify(r.value.report.steps));
    assert.equal(seen.filter((e) => e.event === 'hostkey:prompt').length, prompts);
    // The stored pins are untouched: still exactly the one real key.
    assert.deepEqual(
      knownHosts.get('127.0.0.1', emu.port).map((k) => k.fingerprint),
      [emu.hostKeyFingerprint],
    );
  });

  it('still blocks a server whose key is none of the pinned ones', async () => {
    knownHosts.forget('127.0.0.1', emu.port);
    knownHosts.remember({
      host: '127.0.0.1',
      port: emu.port,
      type: 'ssh-ed25519',
      fingerprint: 'SHA256:' + 'R'.repeat(43),
    });
    const r = await check('changed');
    assert.ok(r.ok && r.value);
    assert.equal(r.value.report.ok, false);
    const hk = r.value.report.steps.find((s) => s.id === 'host-key');
    assert.equal(hk?.status, 'failed');
    assert.equal(hk?.code, 'host-key-changed');
    assert.equal(r.value.report.steps.find((s) => s.id === 'login')?.status, 'skipped');
  });
});
