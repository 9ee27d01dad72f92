/**
 * The same content sent to a site again: the engine refuses it with 'duplicate' unless allowed;
 * the page says so and offers "Send it again anyway" (upload:start with allowDuplicate) or Cancel.
 */
import { closeDom } from '../../dom-env.ts';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { SiteView } from '../../../../../core/ipc/contract.ts';
import { createFakeBridge, type FakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { uploadAll } from '../../../../../renderer/features/import-wizard/import-controller.ts';
import type { WizardAction } from '../../../../../renderer/features/import-wizard/import-wizard-machine.ts';
import { inProcessWorkers } from '../../helpers/in-process-worker.ts';
import { loadScreens } from '../../helpers/load-screens.ts';
import { csvFile, pickFile } from '../../helpers/pick-file.ts';
import { recordedServices, withApp } from '../../helpers/services.tsx';

const site: SiteView = {
  id: 'c1',
  name: 'Acme leads',
  profile: 'classic',
  host: 'sftp.example.com',
  port: 22,
  username: 'classic',
  authMethod: 'password',
  secretMode: 'keychain',
  hasSecret: true,
};

/** A fake that, like the engine, refuses content it has seen unless `allowDuplicate`. */
function rememberingBridge(seen: Set<string>): FakeBridge {
  const bridge = createFakeBridge({ delayMs: 0, sites: [site] });
  const invoke = bridge.invoke.bind(bridge);
  bridge.invoke = ((
    channel: string,
    request: { remoteName?: string; allowDuplicate?: boolean },
  ) => {
    if (
      channel === 'upload:start' &&
      seen.has(request.remoteName ?? '') &&
      !request.allowDuplicate
    ) {
      bridge.calls.push({ channel, request });
      return Promise.resolve({
        ok: false,
        error: {
          code: 'duplicate',
          message: `This exact file was already sent to Acme leads on 2026-05-01 as ${request.remoteName ?? ''} (imported). Send it again only if you mean to.`,
        },
      });
    }
    return invoke(channel as never, request as never);
  }) as typeof bridge.invoke;
  return bridge;
}

let ImportScreen: Awaited<ReturnType<typeof loadScreens>>['ImportScreen'];
before(async () => ({ ImportScreen } = await loadScreens()));

describe('sending a file that was uploaded before', () => {
  afterEach(cleanup);
  after(closeDom);

  it('warns, and sends it again only when asked to (Cancel goes back)', async () => {
    const bridge = rememberingBridge(new Set(['leads.csv']));
    const { services } = recordedServices({ createCheckWorker: inProcessWorkers().create });
    render(
      withApp(
        bridge,
        services,
        <ImportScreen resubmit={null} siteId="c1" onPullCheck={() => undefined} />,
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    pickFile(await screen.findByTestId('file-input'), [
      csvFile('leads.csv', 'Company,Address\nAcme,1 Main St\n'),
    ]);
    await screen.findByText(/Ready to upload/);
    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));

    const warning = await screen.findByRole('alert');
    assert.match(warning.textContent ?? '', /Nothing was sent\. This exact file was already sent/);
    assert.match(warning.textContent ?? '', /rows with an external id update their record/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByText(/Ready to upload/); // back at the checked file, nothing sent

    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Send it again anyway' }));
    await screen.findByRole('heading', { name: /Waiting for the platform/ }, { timeout: 3000 });
    const starts = bridge.calls
      .filter((c) => c.channel === 'upload:start')
      .map((c) => (c.request as { allowDuplicate?: boolean }).allowDuplicate ?? false);
    assert.deepEqual(starts, [false, false, true]);
  });

  it('goes on from the file that stopped instead of sending the first one again', async () => {
    const bridge = rememberingBridge(new Set(['2_areas.kml']));
    const actions: WizardAction[] = [];
    const files = [new File(['a'], '1_regions.kml'), new File(['b'], '2_areas.kml')];
    const job = {
      siteId: 'c1',
      kind: 'territories' as const,
      files,
      remoteNames: ['1_regions.kml', '2_areas.kml'],
      now: () => 0,
    };
    await uploadAll(bridge, (a) => actions.push(a), job);
    const failed = actions.find((a) => a.type === 'wizard/upload-failed');
    assert.deepEqual(failed && 'duplicate' in failed ? failed.duplicate : null, true);
    assert.equal(actions.filter((a) => a.type === 'wizard/file-uploaded').length, 1);

    bridge.calls.length = 0;
    actions.length = 0;
    await uploadAll(bridge, (a) => actions.push(a), { ...job, from: 1, allowDuplicate: true });
    const sent = bridge.calls
      .filter((c) => c.channel === 'upload:start')
      .map((c) => (c.request as { remoteName: string }).remoteName);
    assert.deepEqual(sent, ['2_areas.kml'], 'the first file is not sent twice');
    assert.ok(actions.some((a) => a.type === 'wizard/uploaded'));
  });
});
