import { closeDom } from '../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render, screen } from '@testing-library/react';
import { BridgeProvider } from '../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../renderer/bridge/fake-bridge.ts';
import { DemoBanner, NoSession } from '../../../../renderer/components/no-session.tsx';
import { loadScreens } from '../helpers/load-screens.ts';
import { recordedServices } from '../helpers/services.tsx';

describe('opened without a session', () => {
  afterEach(cleanup);
  after(closeDom);

  it('says to open the link npm run web printed, and offers nothing to upload', () => {
    render(<NoSession />);
    const h = screen.getByRole('heading', { level: 1 });
    assert.equal(
      h.textContent,
      'Open the link that npm run web printed (it holds this session’s key)',
    );
    assert.doesNotMatch(document.body.textContent ?? '', /one-time/);
    assert.match(screen.getByRole('main').textContent ?? '', /works until that command stops/);
    assert.equal(screen.queryByRole('button'), null);
  });

  it('marks the demo bridge with a visible “nothing is sent” banner', () => {
    render(<DemoBanner />);
    assert.match(screen.getByRole('note').textContent ?? '', /^Demo — nothing is sent\./);
  });

  it('shows the banner over the whole app only with the demo bridge', async () => {
    const { App } = await loadScreens();
    const bridge = createFakeBridge({ delayMs: 0 });
    const { services } = recordedServices();
    render(
      <BridgeProvider bridge={bridge}>
        <App demo {...services} />
      </BridgeProvider>,
    );
    assert.match(screen.getByTestId('demo-banner').textContent ?? '', /nothing is sent/);
    cleanup();
    render(
      <BridgeProvider bridge={bridge}>
        <App {...services} />
      </BridgeProvider>,
    );
    assert.equal(screen.queryByTestId('demo-banner'), null);
    await screen.findByRole('heading', { name: 'Add a site' });
  });
});
