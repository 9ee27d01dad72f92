import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { BridgeProvider } from '../../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { KnownHosts } from '../../../../../renderer/features/settings/known-hosts.tsx';

const host = {
  host: '127.0.0.1',
  port: 2222,
  type: 'ssh-ed25519',
  fingerprint: 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
  addedAt: 0,
};

describe('KnownHosts', () => {
  afterEach(cleanup);
  after(closeDom);

  it('asks before forgetting a remembered key, with the safe answer focused', async () => {
    const bridge = createFakeBridge({ delayMs: 0 });
    const invoke = bridge.invoke.bind(bridge);
    bridge.invoke = (async (channel: string, request: unknown) =>
      channel === 'hostkeys:list'
        ? { ok: true, value: { hosts: [host] } }
        : invoke(channel as never, request as never)) as typeof bridge.invoke;
    render(
      <BridgeProvider bridge={bridge}>
        <KnownHosts />
      </BridgeProvider>,
    );
    const forget = await screen.findByRole('button', { name: 'Forget 127.0.0.1:2222' });
    act(() => {
      fireEvent.click(forget);
    });
    const forgets = () => bridge.calls.filter((c) => c.channel === 'hostkeys:forget').length;
    assert.equal(forgets(), 0, 'nothing forgotten on the first click');
    assert.equal(document.activeElement?.textContent, 'Keep it');
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    });
    assert.equal(forgets(), 0);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Forget 127.0.0.1:2222' }));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Forget the key' }));
      await Promise.resolve();
    });
    assert.equal(forgets(), 1);
  });

  it('names the site whose saved certificate goes too, and says what was done', async () => {
    const bridge = createFakeBridge({ delayMs: 0 });
    const invoke = bridge.invoke.bind(bridge);
    const cert = {
      host: '127.0.0.1',
      port: 990,
      type: 'x509',
      fingerprint: `SHA256:${'C'.repeat(43)}`,
      sites: ['Acme'],
    };
    bridge.invoke = (async (channel: string, request: unknown) =>
      channel === 'hostkeys:list'
        ? { ok: true, value: { hosts: [cert] } }
        : channel === 'hostkeys:forget'
          ? { ok: true, value: { sites: ['Acme'] } }
          : invoke(channel as never, request as never)) as typeof bridge.invoke;
    render(
      <BridgeProvider bridge={bridge}>
        <KnownHosts />
      </BridgeProvider>,
    );
    const forget = await screen.findByRole('button', { name: 'Forget 127.0.0.1:990' });
    assert.match(
      screen.getByTestId('known-server-sites').textContent ?? '',
      /Also the certificate saved with site Acme\./,
    );
    act(() => {
      fireEvent.click(forget);
    });
    const ask = screen.getByRole('group', { name: 'Forget 127.0.0.1:990?' });
    assert.match(
      ask.textContent ?? '',
      /Forget this certificate and the certificate saved with site Acme\?/,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Forget the certificate' }));
      await Promise.resolve();
    });
    assert.equal(
      screen.getByRole('status').textContent,
      'Forgot the certificate of 127.0.0.1:990, and the certificate saved with site Acme. Test the connection again to check the new fingerprint.',
    );
  });
});
