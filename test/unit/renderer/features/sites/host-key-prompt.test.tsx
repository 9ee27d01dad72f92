import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { BridgeProvider } from '../../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { HostKeyPrompt } from '../../../../../renderer/features/sites/host-key-prompt.tsx';

const fp = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
const prompt = {
  promptId: 'p1',
  host: '127.0.0.1',
  port: 2222,
  keyType: 'ssh-ed25519',
  fingerprint: fp,
  expiresAt: 0,
};

function setup() {
  const bridge = createFakeBridge({ delayMs: 0 });
  render(
    <BridgeProvider bridge={bridge}>
      <HostKeyPrompt />
    </BridgeProvider>,
  );
  return bridge;
}

describe('HostKeyPrompt', () => {
  afterEach(cleanup);
  after(closeDom);

  it('shows nothing until the main side asks', () => {
    setup();
    assert.equal(screen.queryByRole('dialog'), null);
  });

  it('shows the key type and SHA256 fingerprint and answers "accept" once', () => {
    const bridge = setup();
    act(() => bridge.emit('hostkey:prompt', prompt));
    assert.equal(screen.getByTestId('hostkey-type').textContent, 'ssh-ed25519');
    assert.equal(screen.getByTestId('hostkey-fingerprint').textContent, fp);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Accept and remember' }));
    });
    const answers = bridge.calls.filter((c) => c.channel === 'hostkey:answer');
    assert.deepEqual(answers, [
      { channel: 'hostkey:answer', request: { promptId: 'p1', decision: 'accept' } },
    ]);
    assert.equal(screen.queryByTestId('hostkey-fingerprint'), null);
  });

  it('opens with focus on Cancel and gives focus back to where it was', async () => {
    const opener = document.createElement('button');
    opener.textContent = 'Save site';
    document.body.appendChild(opener);
    opener.focus();
    const bridge = setup();
    act(() => bridge.emit('hostkey:prompt', prompt));
    assert.equal(document.activeElement?.textContent, 'Cancel');
    // The safe choice is also the main (primary) button, as in the duplicate-upload warning.
    assert.ok(screen.getByRole('button', { name: 'Cancel' }).classList.contains('primary'));
    const accept = screen.getByRole('button', { name: 'Accept and remember' });
    assert.equal(accept.classList.contains('primary'), false);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(document.activeElement, opener);
    opener.remove();
  });

  it('answers "once" and "cancel" from their buttons', () => {
    const bridge = setup();
    act(() => bridge.emit('hostkey:prompt', prompt));
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Connect once' }));
    });
    act(() => bridge.emit('hostkey:prompt', { ...prompt, promptId: 'p2' }));
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    });
    const decisions = bridge.calls
      .filter((c) => c.channel === 'hostkey:answer')
      .map((c) => (c.request as { decision: string }).decision);
    assert.deepEqual(decisions, ['once', 'cancel']);
  });

  it('blocks a changed key with both fingerprints and no way to continue', () => {
    const bridge = setup();
    const previous = 'SHA256:oldoldoldoldoldoldoldoldoldoldoldoldoldold0';
    act(() => bridge.emit('hostkey:prompt', { ...prompt, previousFingerprint: previous }));
    assert.ok(screen.getByRole('heading', { name: /identity has changed/ }));
    assert.equal(screen.getByTestId('hostkey-previous').textContent, previous);
    assert.equal(screen.getByTestId('hostkey-fingerprint').textContent, fp);
    assert.equal(screen.queryByRole('button', { name: /Accept|Connect once/ }), null);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    });
    const answers = bridge.calls
      .filter((c) => c.channel === 'hostkey:answer')
      .map((c) => c.request);
    assert.deepEqual(answers, [{ promptId: 'p1', decision: 'cancel' }]);
  });

  it('says a changed FTPS certificate in certificate words, with the new one described', () => {
    const bridge = setup();
    const previous = 'SHA256:oldoldoldoldoldoldoldoldoldoldoldoldoldold0';
    act(() =>
      bridge.emit('hostkey:prompt', {
        ...prompt,
        keyType: 'x509',
        previousFingerprint: previous,
        certificate: {
          subject: 'CN=ftp.example.com',
          issuer: 'CN=ftp.example.com',
          validFrom: '2026-01-01T00:00:00.000Z',
          validTo: '2027-01-01T00:00:00.000Z',
        },
      }),
    );
    const dialog = screen.getByRole('alertdialog');
    assert.match(dialog.textContent ?? '', /Certificate you accepted before/);
    assert.match(dialog.textContent ?? '', /security certificate/);
    assert.doesNotMatch(dialog.textContent ?? '', /Key the server shows/);
    assert.equal(screen.getByTestId('certificate-subject').textContent, 'CN=ftp.example.com');
    assert.equal(screen.getByTestId('hostkey-previous').textContent, previous);
    assert.equal(document.activeElement?.textContent, 'Cancel');
  });

  it('closes the dialog when the main side says the prompt ended', () => {
    const bridge = setup();
    act(() => bridge.emit('hostkey:prompt', prompt));
    act(() => bridge.emit('hostkey:prompt-closed', { promptId: 'p1', decision: 'timeout' }));
    assert.equal(screen.queryByTestId('hostkey-fingerprint'), null);
  });
});
