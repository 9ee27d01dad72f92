import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { BridgeProvider } from '../../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { SitesSettings } from '../../../../../renderer/features/settings/sites-settings.tsx';
import { siteView } from '../../helpers/views.ts';

const site = siteView();
const asked = siteView({ id: 's2', name: 'Globex', secretMode: 'ask', hasSecret: false });

const show = () => {
  const bridge = createFakeBridge({ delayMs: 0, sites: [site, asked] });
  render(
    <BridgeProvider bridge={bridge}>
      <SitesSettings />
    </BridgeProvider>,
  );
  return bridge;
};

describe('SitesSettings', () => {
  afterEach(cleanup);
  after(closeDom);

  it('lists sites in a named table whose buttons each name their site', async () => {
    show();
    const table = await screen.findByRole('table', { name: 'Sites' });
    await within(table).findByRole('cell', { name: 'Globex' });
    const names = within(table)
      .getAllByRole('button')
      .map((b) => b.textContent);
    assert.deepEqual(names, [
      'Edit Acme leads',
      'Remove Acme leads',
      'Edit Globex',
      'Remove Globex',
    ]);
  });

  it('asks before removing, focused on Keep, and names a saved password only when there is one', async () => {
    const bridge = show();
    const removes = () => bridge.calls.filter((c) => c.channel === 'sites:remove').length;
    const remove = await screen.findByRole('button', { name: 'Remove Acme leads' });
    act(() => {
      fireEvent.click(remove);
    });
    assert.equal(removes(), 0, 'nothing removed on the first click');
    assert.equal(document.activeElement?.textContent, 'Keep Acme leads');
    screen.getByRole('button', { name: 'Remove Acme leads and its saved password' });
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Keep Acme leads' }));
      fireEvent.click(screen.getByRole('button', { name: 'Remove Globex' }));
    });
    const confirm = screen.getByRole('button', { name: /^Remove Globex/ });
    assert.equal(
      confirm.textContent,
      'Remove Globex',
      'a site asked every time has no saved password',
    );
    await act(async () => {
      fireEvent.click(confirm);
      await Promise.resolve();
    });
    assert.equal(removes(), 1);
  });
});
