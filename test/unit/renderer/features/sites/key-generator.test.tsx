import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { KeyGenerator } from '../../../../../renderer/features/sites/key-generator.tsx';
import { draftFor } from '../../../../../renderer/features/sites/site-draft.ts';
import { recordedServices, withApp } from '../../helpers/services.tsx';

describe('KeyGenerator', () => {
  afterEach(cleanup);
  after(closeDom);

  it('copies the public key through the app’s clipboard service, not the browser global', async () => {
    const bridge = createFakeBridge({ delayMs: 0 });
    const r = recordedServices();
    render(
      withApp(
        bridge,
        r.services,
        <KeyGenerator
          draft={{ ...draftFor('contact-lists'), username: 'ana' }}
          onGenerated={() => undefined}
        />,
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Generate a key' }));
    const key = await screen.findByLabelText<HTMLTextAreaElement>('Your public key');
    assert.match(key.value, /^ssh-rsa /);
    fireEvent.click(screen.getByRole('button', { name: 'Copy public key' }));
    await screen.findByText('Copied.');
    assert.deepEqual(r.copied, [key.value]);
  });

  it('says to copy by hand when the clipboard is refused', async () => {
    const bridge = createFakeBridge({ delayMs: 0 });
    const r = recordedServices({ copyText: () => Promise.reject(new Error('denied')) });
    render(
      withApp(
        bridge,
        r.services,
        <KeyGenerator draft={draftFor('contact-lists')} onGenerated={() => undefined} />,
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Generate a key' }));
    await screen.findByLabelText('Your public key');
    fireEvent.click(screen.getByRole('button', { name: 'Copy public key' }));
    assert.match((await screen.findByRole('alert')).textContent ?? '', /copy it yourself/);
  });
});
