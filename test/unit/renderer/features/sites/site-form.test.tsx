/**
 * The site form with FTPS (issue 11): a pasted `ftps://…` address fills protocol, host and port;
 * SPOTIO shows how to connect (FTPS as it publishes it), other platforms stay SFTP with no choice;
 * a bare host is saved to be probed by "Test connection".
 */
import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { BridgeProvider } from '../../../../../renderer/bridge/bridge-context.tsx';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { SiteForm } from '../../../../../renderer/features/sites/site-form.tsx';
import { draftFor } from '../../../../../renderer/features/sites/site-draft.ts';
import type { Bridge } from '../../../../../core/ipc/bridge.ts';
import type { SiteInput, SiteView } from '../../../../../core/ipc/contract.ts';

after(closeDom);

function setup(profile: 'classic' | 'space') {
  const bridge = createFakeBridge({ delayMs: 0 });
  const saved: SiteView[] = [];
  render(
    <BridgeProvider bridge={bridge}>
      <SiteForm initial={draftFor(profile)} onSaved={(s) => saved.push(s)} onCancel={() => {}} />
    </BridgeProvider>,
  );
  return { bridge, saved };
}

const input = (label: string): HTMLInputElement => screen.getByLabelText(label);
const protocolChecked = (): string | undefined =>
  screen
    .queryAllByRole('radio')
    .map((r) => r as HTMLInputElement)
    .find((r) => r.name === 'protocol' && r.checked)?.value;

describe('SiteForm with FTPS', () => {
  afterEach(cleanup);

  it('SPOTIO: shows how to connect, FTPS by default, and a pasted ftps:// address fills the fields', async () => {
    const { bridge, saved } = setup('classic');
    assert.ok(screen.getByRole('group', { name: 'How to connect' }));
    assert.equal(protocolChecked(), 'ftps');
    assert.equal(input('Port').value, '990');
    act(() => {
      fireEvent.paste(input('Host'), {
        clipboardData: { getData: () => 'ftps://acme@127.0.0.1:4990' },
      });
    });
    assert.equal(input('Host').value, '127.0.0.1');
    assert.equal(input('Port').value, '4990');
    assert.equal(input('User name').value, 'acme');
    assert.equal(protocolChecked(), 'ftps');
    act(() => {
      fireEvent.change(input('Password'), { target: { value: 'pw' } });
    });
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    });
    await waitFor(() => assert.equal(saved.length, 1));
    const request = bridge.calls.find((c) => c.channel === 'sites:save')?.request as {
      site: SiteInput;
    };
    assert.deepEqual(
      [request.site.protocol, request.site.host, request.site.port, request.site.probe],
      ['ftps', '127.0.0.1', 4990, undefined],
    );
  });

  it('SPOTIO: an address typed then left (blur) is spread too; a picked protocol moves the port', () => {
    setup('classic');
    act(() => {
      fireEvent.change(input('Host'), { target: { value: 'ftpes://files.example.com' } });
    });
    act(() => {
      fireEvent.blur(input('Host'));
    });
    assert.equal(input('Host').value, 'files.example.com');
    assert.equal(input('Port').value, '21');
    assert.equal(protocolChecked(), 'ftpes');
    act(() => {
      fireEvent.click(screen.getByRole('radio', { name: /SFTP \(sftp:\/\/\)/ }));
    });
    assert.equal(input('Port').value, '22');
    assert.equal(protocolChecked(), 'sftp');
  });

  it('SPOTIO: a bare host is saved to be probed, and the form says so', async () => {
    const { bridge } = setup('classic');
    assert.match(
      screen.getByRole('group', { name: 'How to connect' }).textContent ?? '',
      /Test connection/,
    );
    act(() => {
      fireEvent.change(input('Host'), { target: { value: 'ftp.spotio2.com' } });
      fireEvent.change(input('User name'), { target: { value: 'acme' } });
      fireEvent.change(input('Password'), { target: { value: 'pw' } });
    });
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    });
    await waitFor(() => assert.ok(bridge.calls.some((c) => c.channel === 'sites:save')));
    const request = bridge.calls.find((c) => c.channel === 'sites:save')?.request as {
      site: SiteInput;
    };
    assert.deepEqual(
      [request.site.protocol, request.site.port, request.site.probe],
      ['ftps', 990, true],
    );
  });

  it('other platforms: SFTP only, no protocol choice, an ftps:// address explained', () => {
    setup('space');
    assert.equal(screen.queryByRole('group', { name: 'How to connect' }), null);
    assert.equal(input('Port').value, '22');
    act(() => {
      fireEvent.paste(input('Host'), {
        clipboardData: { getData: () => 'ftps://files.example.com' },
      });
    });
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    });
    assert.match(screen.getByText(/reached over SFTP only/).textContent ?? '', /Flatfile/);
  });
});

describe('SiteForm: SHA-1 for an old SSH server (issue 14)', () => {
  afterEach(cleanup);

  const saveRequest = async (bridge: ReturnType<typeof setup>['bridge'], saved: SiteView[]) => {
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    });
    await waitFor(() => assert.equal(saved.length, 1));
    return (bridge.calls.find((c) => c.channel === 'sites:save')?.request as { site: SiteInput })
      .site;
  };
  const fill = () => {
    act(() => {
      fireEvent.change(input('Host'), { target: { value: 'sftp.example.com' } });
      fireEvent.change(input('User name'), { target: { value: 'acme' } });
      fireEvent.change(input('Password'), { target: { value: 'pw' } });
    });
  };

  it('is off by default, in a closed Advanced section, and sent only when turned on', async () => {
    const { bridge, saved } = setup('space');
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: /Allow SHA-1/ });
    assert.equal(box.checked, false);
    assert.equal(box.closest('details')?.open, false);
    assert.equal(screen.queryByTestId('sha1-warning'), null);
    fill();
    const site = await saveRequest(bridge, saved);
    assert.equal(site.allowSha1, undefined);
  });

  it('shows a visible warning when on, and saves it', async () => {
    const { bridge, saved } = setup('space');
    act(() => {
      fireEvent.click(screen.getByRole('checkbox', { name: /Allow SHA-1/ }));
    });
    const warning = screen.getByTestId('sha1-warning');
    assert.match(warning.textContent ?? '', /Weak security: SHA-1 is allowed/);
    assert.equal(
      screen.getByRole('checkbox', { name: /Allow SHA-1/ }).getAttribute('aria-describedby'),
      warning.id,
    );
    fill();
    const site = await saveRequest(bridge, saved);
    assert.equal(site.allowSha1, true);
  });

  it('is not offered for a SPOTIO site set to FTPS (SHA-1 is an SSH matter)', () => {
    setup('classic');
    act(() => {
      fireEvent.click(screen.getByRole('radio', { name: /^FTPS with AUTH TLS/ }));
    });
    assert.equal(screen.queryByRole('checkbox', { name: /Allow SHA-1/ }), null);
    act(() => {
      fireEvent.click(screen.getByRole('radio', { name: /^SFTP/ }));
    });
    assert.ok(screen.getByRole('checkbox', { name: /Allow SHA-1/ }));
  });
});

describe('SiteForm: no keychain, and the platform cards folded (issue 13)', () => {
  afterEach(cleanup);

  /**
   * The fake bridge, except that a password to keep is refused as the host refuses it when no
   * keychain answers (nothing saved; the real refusal is in test/integration/host/
   * no-keychain-save.test.ts and test/e2e/sites-small-window.test.ts).
   */
  function noKeychainSetup() {
    const fake = createFakeBridge({ delayMs: 0 });
    const refusal = {
      ok: false as const,
      error: {
        code: 'keychain-unavailable' as const,
        message:
          'The site is not saved yet: no keychain is available on this computer, so passwords cannot be saved safely. Choose “ask every time” and enter the password when you connect; it will not be written to disk.',
      },
    };
    const invoke: Bridge['invoke'] = (channel, request) =>
      channel === 'sites:save' && (request as { secret?: string }).secret !== undefined
        ? Promise.resolve(refusal)
        : fake.invoke(channel, request);
    const bridge: Bridge = { ...fake, invoke };
    const saved: SiteView[] = [];
    render(
      <BridgeProvider bridge={bridge}>
        <SiteForm initial={null} onSaved={(s) => saved.push(s)} onCancel={() => {}} />
      </BridgeProvider>,
    );
    return { fake, saved };
  }

  const platformRadios = () =>
    screen.queryAllByRole<HTMLInputElement>('radio').filter((r) => r.name === 'platform');

  it('folds the platform cards once one is clicked, and Change brings them back', () => {
    noKeychainSetup();
    assert.equal(platformRadios().length, 5);
    const classic = screen.getByRole('radio', { name: /SPOTIO — classic/ });
    act(() => {
      fireEvent.pointerDown(classic);
      fireEvent.click(classic);
    });
    assert.deepEqual(
      platformRadios().map((r) => [r.value, r.checked]),
      [['classic', true]],
    );
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Change platform' }));
    });
    assert.equal(platformRadios().length, 5);
    assert.equal(screen.queryByRole('button', { name: 'Change platform' }), null);
  });

  it('a choice by keyboard does not fold the cards until focus leaves them', () => {
    noKeychainSetup();
    const flexible = screen.getByRole('radio', { name: /SPOTIO — flexible/ });
    act(() => {
      fireEvent.keyDown(flexible, { key: 'ArrowDown' });
      fireEvent.click(flexible);
    });
    assert.equal(platformRadios().length, 5);
    act(() => {
      fireEvent.blur(flexible, { relatedTarget: input('Name') });
    });
    assert.deepEqual(
      platformRadios().map((r) => r.value),
      ['flexible'],
    );
  });

  it('a password the keychain cannot keep: said once, and "ask every time" saves the same site', async () => {
    const { fake, saved } = noKeychainSetup();
    act(() => {
      fireEvent.click(screen.getByRole('radio', { name: /SPOTIO — classic/ }));
    });
    act(() => {
      fireEvent.change(input('Name'), { target: { value: 'NoKey' } });
      fireEvent.change(input('Host'), { target: { value: 'ftps://127.0.0.1:4990' } });
      fireEvent.change(input('User name'), { target: { value: 'acme' } });
      fireEvent.change(input('Password'), { target: { value: 'pw' } });
    });
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Save site' }));
    });
    const ask = await screen.findByRole('button', {
      name: 'Save without the password — ask every time',
    });
    const said = screen.getByRole('alert').textContent ?? '';
    assert.equal(said.match(/ask every time/gi)?.length, 1, said);
    assert.equal(saved.length, 0);
    act(() => {
      fireEvent.click(ask);
    });
    await waitFor(() => assert.equal(saved.length, 1));
    assert.deepEqual(
      [saved[0]?.name, saved[0]?.secretMode, saved[0]?.hasSecret],
      ['NoKey', 'ask', false],
    );
    const lastSave = fake.calls.filter((c) => c.channel === 'sites:save').at(-1)?.request as
      { secret?: string } | undefined;
    assert.ok(lastSave);
    assert.equal(lastSave.secret, undefined, 'no password sent for an ask site');
    const listed = await fake.invoke('sites:list', {});
    assert.equal(listed.ok && listed.value.sites.length, 1);
  });
});
