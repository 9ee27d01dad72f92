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
});
