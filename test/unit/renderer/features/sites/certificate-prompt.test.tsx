/**
 * The first-contact dialog for an FTPS server (issue 11, contract §12): a TLS certificate shown as
 * a certificate (made out to, issued by, valid, why not trusted, fingerprint), answered like a host
 * key; and a changed certificate blocking with the same warning as a changed host key.
 */
import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { BridgeProvider } from '../../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { HostKeyPrompt } from '../../../../../renderer/features/sites/host-key-prompt.tsx';
import { DoctorSteps } from '../../../../../renderer/features/sites/doctor-steps.tsx';

const fp = 'SHA256:q1RjG0dT6mV1bW9l3o8Xv5rF2hQ0pS7uE4yN6cK9aZw';
const certificatePrompt = {
  promptId: 'c1',
  host: '127.0.0.1',
  port: 990,
  keyType: 'x509',
  fingerprint: fp,
  certificate: {
    subject: 'CN=SFTP Import Assistant emulator',
    issuer: 'CN=SFTP Import Assistant emulator',
    validFrom: '2026-12-03T13:00:00.000Z',
    validTo: '2036-12-01T13:00:00.000Z',
    reason: 'Not trusted: it is self-signed (no certificate authority vouches for it).',
  },
  expiresAt: 0,
};

after(closeDom);

function setup() {
  const bridge = createFakeBridge({ delayMs: 0 });
  render(
    <BridgeProvider bridge={bridge}>
      <HostKeyPrompt />
    </BridgeProvider>,
  );
  return bridge;
}

describe('HostKeyPrompt for an FTPS certificate', () => {
  afterEach(cleanup);

  it('names a certificate, not an SSH key, with its subject, issuer, validity and reason', () => {
    const bridge = setup();
    act(() => bridge.emit('hostkey:prompt', certificatePrompt));
    const dialog = screen.getByRole('dialog');
    assert.match(dialog.textContent ?? '', /security certificate/);
    assert.match(dialog.textContent ?? '', /no user name or password has been sent/);
    assert.doesNotMatch(dialog.textContent ?? '', /Key type/);
    assert.equal(screen.queryByTestId('hostkey-type'), null);
    assert.equal(
      screen.getByTestId('certificate-subject').textContent,
      'CN=SFTP Import Assistant emulator',
    );
    assert.equal(
      screen.getByTestId('certificate-issuer').textContent,
      'CN=SFTP Import Assistant emulator (itself)',
    );
    assert.equal(
      screen.getByTestId('certificate-validity').textContent,
      'from 2026-12-03 to 2036-12-01',
    );
    assert.match(screen.getByTestId('certificate-reason').textContent ?? '', /self-signed/);
    assert.equal(screen.getByTestId('hostkey-fingerprint').textContent, fp);
  });

  it('opens on Cancel and answers like a host key', () => {
    const bridge = setup();
    act(() => bridge.emit('hostkey:prompt', certificatePrompt));
    assert.equal(document.activeElement?.textContent, 'Cancel');
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Accept and remember' }));
    });
    assert.deepEqual(
      bridge.calls.filter((c) => c.channel === 'hostkey:answer'),
      [{ channel: 'hostkey:answer', request: { promptId: 'c1', decision: 'accept' } }],
    );
  });
});

describe('DoctorSteps for a changed certificate', () => {
  afterEach(cleanup);

  it('blocks with the same warning as a changed host key', () => {
    render(
      <DoctorSteps
        state={{
          phase: 'failed',
          steps: [
            { id: 'reach', label: 'Reach the server', status: 'ok', message: 'Connected.' },
            {
              id: 'host-key',
              label: "Server's identity (TLS certificate)",
              status: 'failed',
              code: 'host-key-changed',
              message: 'The server shows a different certificate than the one you accepted.',
            },
            { id: 'login', label: 'Log in', status: 'skipped', message: 'Not checked.' },
          ],
        }}
      />,
    );
    const alert = screen.getAllByRole('alert')[0];
    assert.match(alert?.textContent ?? '', /identity has changed/);
    assert.match(alert?.textContent ?? '', /before any password was sent/);
  });
});
