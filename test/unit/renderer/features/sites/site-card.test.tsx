import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { BridgeProvider } from '../../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { SiteCard } from '../../../../../renderer/features/sites/site-card.tsx';
import { SitesScreen } from '../../../../../renderer/features/sites/sites-screen.tsx';
import type { SiteView } from '../../../../../core/ipc/contract.ts';

after(closeDom);

const site: SiteView = {
  id: 's1',
  name: 'Acme leads',
  profile: 'classic',
  host: 'sftp.example.com',
  port: 22,
  username: 'acme',
  authMethod: 'password',
  secretMode: 'keychain',
  hasSecret: true,
};

describe('SiteCard buttons in a list', () => {
  afterEach(cleanup);

  it('name their site, so two cards never have two buttons of one name', () => {
    const bridge = createFakeBridge({ delayMs: 0 });
    const other = { ...site, id: 's2', name: 'Globex accounts' };
    render(
      <BridgeProvider bridge={bridge}>
        <SiteCard
          site={site}
          autoTest={false}
          onEdit={() => undefined}
          onImport={() => undefined}
          onSiteChanged={() => undefined}
        />
        <SiteCard
          site={other}
          autoTest={false}
          onEdit={() => undefined}
          onImport={() => undefined}
          onSiteChanged={() => undefined}
        />
      </BridgeProvider>,
    );
    assert.ok(screen.getByRole('button', { name: 'Edit Acme leads' }));
    assert.ok(screen.getByRole('button', { name: 'Edit Globex accounts' }));
    assert.ok(screen.getByRole('button', { name: 'Import files to Acme leads' }));
    const names = screen.getAllByRole('button').map((b) => b.textContent);
    assert.equal(new Set(names).size, names.length, names.join(' | '));
  });

  it('takes focus on its name right after the site was saved', () => {
    const bridge = createFakeBridge({ delayMs: 0 });
    render(
      <BridgeProvider bridge={bridge}>
        <SiteCard
          site={site}
          autoTest
          onEdit={() => undefined}
          onImport={() => undefined}
          onSiteChanged={() => undefined}
        />
      </BridgeProvider>,
    );
    assert.equal(document.activeElement, screen.getByRole('heading', { name: 'Acme leads' }));
  });
});

describe('SiteCard connection test', () => {
  afterEach(cleanup);

  it('shows each doctor step live as it is pushed, then the verdict', async () => {
    const bridge = createFakeBridge({ delayMs: 0, sites: [site] });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    // A bridge whose test pushes two steps, then waits for the test to look, then finishes.
    const invoke = bridge.invoke.bind(bridge);
    bridge.invoke = (async (channel: string, request: { testId?: string }) => {
      if (channel !== 'sites:test') return invoke(channel as never, request as never);
      const tag = { siteId: 's1', testId: request.testId ?? '' };
      bridge.emit('doctor:step', {
        ...tag,
        step: { id: 'reach', label: 'Reach the server', status: 'ok', message: 'Connected.' },
      });
      bridge.emit('doctor:step', {
        ...tag,
        step: { id: 'login', label: 'Log in', status: 'running', message: 'Logging in…' },
      });
      await gate;
      bridge.emit('doctor:step', {
        siteId: 's1',
        testId: 'someone-else',
        step: { id: 'x', label: 'Other test', status: 'ok', message: '' },
      });
      return {
        ok: true,
        value: {
          report: {
            ok: false,
            steps: [
              { id: 'reach', label: 'Reach the server', status: 'ok', message: 'Connected.' },
              {
                id: 'login',
                label: 'Log in',
                status: 'failed',
                message: 'Authentication failed: the server refused the user name or password.',
              },
            ],
          },
        },
      };
    }) as typeof bridge.invoke;
    render(
      <BridgeProvider bridge={bridge}>
        <SiteCard
          site={site}
          autoTest={false}
          onEdit={() => undefined}
          onImport={() => undefined}
          onSiteChanged={() => undefined}
        />
      </BridgeProvider>,
    );

    act(() => {
      fireEvent.click(screen.getByRole('button', { name: /^Test connection/ }));
    });
    await waitFor(() => assert.ok(screen.getByText('Logging in…')));
    assert.equal(document.querySelector('[data-step="reach"]')?.getAttribute('data-status'), 'ok');
    assert.equal(
      document.querySelector('[data-step="login"]')?.getAttribute('data-status'),
      'running',
    );
    await act(async () => {
      release();
      await gate;
    });
    await waitFor(() => assert.ok(screen.getByText(/Authentication failed/)));
    assert.equal(
      document.querySelector('[data-step="login"]')?.getAttribute('data-status'),
      'failed',
    );
    assert.equal(screen.queryByText('Other test'), null);
    assert.ok(screen.getByRole('alert').textContent?.includes('failed'));
  });

  it('never shows the saved password, only that it is in the keychain', () => {
    const bridge = createFakeBridge({ delayMs: 0, sites: [site] });
    render(
      <BridgeProvider bridge={bridge}>
        <SiteCard
          site={site}
          autoTest={false}
          onEdit={() => undefined}
          onImport={() => undefined}
          onSiteChanged={() => undefined}
        />
      </BridgeProvider>,
    );
    assert.ok(screen.getByText(/Password: saved in keychain/));
    assert.equal(document.querySelector('input[type=password]'), null);
  });
});

describe('SiteCard: how the site is reached (issue 11) and SHA-1 (issue 14)', () => {
  afterEach(cleanup);

  const card = (over: Partial<SiteView>) =>
    render(
      <BridgeProvider bridge={createFakeBridge({ delayMs: 0 })}>
        <SiteCard
          site={{ ...site, ...over }}
          autoTest={false}
          onEdit={() => undefined}
          onImport={() => undefined}
          onSiteChanged={() => undefined}
        />
      </BridgeProvider>,
    );

  for (const [protocol, words] of [
    [undefined, /· SFTP ·/],
    ['sftp', /· SFTP ·/],
    ['ftps', /· FTPS \(implicit TLS\) ·/],
    ['ftpes', /· FTPS \(explicit TLS, AUTH TLS\) ·/],
  ] as const) {
    it(`says the protocol with host and port (${protocol ?? 'none saved'})`, () => {
      card(protocol ? { protocol, port: 990 } : {});
      const line = screen.getByTestId('site-address').textContent ?? '';
      assert.match(line, words);
      assert.match(line, protocol ? /acme@sftp\.example\.com:990$/ : /:22$/);
    });
  }

  it('a site to be probed says so; a pinned certificate is called a certificate', () => {
    card({ protocol: 'ftps', probe: true, hostKey: { type: 'x509', fingerprint: 'SHA256:c' } });
    assert.match(
      screen.getByTestId('site-address').textContent ?? '',
      /found by “Test connection”/,
    );
    assert.ok(screen.getByText(/Certificate/));
    assert.equal(screen.queryByText(/Server key/), null);
  });

  it('warns while SHA-1 is allowed, and only then', () => {
    card({ allowSha1: true });
    assert.match(screen.getByTestId('sha1-warning').textContent ?? '', /SHA-1 is allowed/);
    cleanup();
    card({});
    assert.equal(screen.queryByTestId('sha1-warning'), null);
  });

  it('the Sites screen shows the protocol a test found without reloading the list', async () => {
    const probed: SiteView = { ...site, protocol: 'ftps', probe: true, port: 2121 };
    const bridge = createFakeBridge({ delayMs: 0, sites: [probed] });
    const invoke = bridge.invoke.bind(bridge);
    let lists = 0;
    bridge.invoke = (async (channel: string, request: never) => {
      if (channel === 'sites:list') lists++;
      if (channel !== 'sites:test') return invoke(channel as never, request);
      const found = { ...probed, protocol: 'ftpes' as const, port: 2121 };
      delete found.probe;
      return {
        ok: true,
        value: { report: { ok: true, steps: [] }, site: found },
      };
    }) as typeof bridge.invoke;
    render(
      <BridgeProvider bridge={bridge}>
        <SitesScreen onImport={() => undefined} />
      </BridgeProvider>,
    );
    await waitFor(() => assert.ok(screen.getByTestId('site-address')));
    assert.match(screen.getByTestId('site-address').textContent ?? '', /found by/);
    const listed = lists;
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: /^Test connection/ }));
    });
    await waitFor(() =>
      assert.match(screen.getByTestId('site-address').textContent ?? '', /FTPS \(explicit TLS/),
    );
    assert.equal(lists, listed, 'the list was not loaded again');
  });
});
