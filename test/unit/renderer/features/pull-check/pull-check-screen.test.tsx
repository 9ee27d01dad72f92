import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { BridgeProvider } from '../../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { PullCheckScreen } from '../../../../../renderer/features/pull-check/pull-check-screen.tsx';
import type { DoctorStep, SiteView } from '../../../../../core/ipc/contract.ts';

const site: SiteView = {
  id: 'p1',
  name: 'Our server',
  profile: 'pull',
  host: 'files.acme.example',
  port: 2222,
  username: 'leadbay',
  authMethod: 'password',
  secretMode: 'keychain',
  hasSecret: true,
};
const ok = (id: string, label: string): DoctorStep => ({
  id,
  label,
  status: 'ok',
  message: `${label} ok.`,
});

/** A bridge whose pull:check pushes the steps and answers with `steps`; records the request. */
function bridgeAnswering(steps: DoctorStep[], seen: unknown[]) {
  const bridge = createFakeBridge({ delayMs: 0 });
  const invoke = bridge.invoke.bind(bridge);
  bridge.invoke = (async (channel: string, request: { testId?: string }) => {
    if (channel !== 'pull:check') return invoke(channel as never, request as never);
    seen.push(request);
    for (const step of steps) bridge.emit('doctor:step', { testId: request.testId ?? '', step });
    const passed = steps.every((s) => s.status === 'ok');
    return {
      ok: true,
      value: {
        report: {
          ok: passed,
          steps,
          hostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:pinme' },
        },
      },
    };
  }) as typeof bridge.invoke;
  return bridge;
}

const fill = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('PullCheckScreen', () => {
  afterEach(cleanup);
  after(closeDom);

  it('fills the saved site, checks the file and shows what to hand over without the password', async () => {
    const seen: unknown[] = [];
    const steps = [
      ok('reach', 'Reach'),
      ok('host-key', 'Host key'),
      ok('login', 'Log in'),
      ok('file', 'File'),
      ok('header', 'Company column'),
    ];
    render(
      <BridgeProvider bridge={bridgeAnswering(steps, seen)}>
        <PullCheckScreen site={site} />
      </BridgeProvider>,
    );
    assert.equal(screen.getByLabelText<HTMLInputElement>('Host').value, 'files.acme.example');
    assert.equal(screen.getByLabelText<HTMLInputElement>('Port').value, '2222');
    fireEvent.click(screen.getByRole('button', { name: 'Check my server’s file' }));
    assert.match(screen.getByRole('alert').textContent ?? '', /password/);
    assert.equal(seen.length, 0, 'nothing sent while the form is incomplete');
    fill('Password', 'pw-secret');
    fill('File path', '/exports/leads.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Check my server’s file' }));
    const handover = await screen.findByTestId('pull-handover');
    const text = handover.textContent ?? '';
    assert.match(text, /files\.acme\.example/);
    assert.match(text, /\/exports\/leads\.csv/);
    assert.match(text, /ssh-ed25519 SHA256:pinme/);
    assert.ok(!text.includes('pw-secret'));
    assert.deepEqual(
      { ...(seen[0] as object), testId: undefined },
      {
        host: 'files.acme.example',
        port: 2222,
        username: 'leadbay',
        password: 'pw-secret',
        path: '/exports/leads.csv',
        testId: undefined,
      },
    );
  });

  it('marks a failed step with its reason and what to do, and offers nothing to hand over', async () => {
    const steps: DoctorStep[] = [
      ok('reach', 'Reach'),
      ok('file', 'File'),
      {
        id: 'header',
        label: 'Company column',
        status: 'failed',
        message: 'No company name column.',
      },
    ];
    render(
      <BridgeProvider bridge={bridgeAnswering(steps, [])}>
        <PullCheckScreen site={site} />
      </BridgeProvider>,
    );
    fill('Password', 'pw');
    fill('File path', '/x.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Check my server’s file' }));
    await waitFor(() => assert.ok(screen.getByText(/could not read your file yet/)));
    const li = document.querySelector('[data-step="header"]');
    assert.equal(li?.getAttribute('data-status'), 'failed');
    assert.match(
      li?.textContent ?? '',
      /No company name column\..*What to do: Add a company name column/,
    );
    assert.equal(screen.queryByTestId('pull-handover'), null);
  });
});
