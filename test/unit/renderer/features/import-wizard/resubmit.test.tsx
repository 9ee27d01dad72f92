/**
 * "Fix and resubmit" checks the corrected file with the same rules as the first upload — on a
 * site that asks for its password every time, too — and never sends it unchecked.
 */
import { closeDom } from '../../dom-env.ts';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { SiteView } from '../../../../../core/ipc/contract.ts';
import { createFakeBridge, type FakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import type { Resubmit } from '../../../../../renderer/features/import-wizard/import-controller.ts';
import { inProcessWorkers } from '../../helpers/in-process-worker.ts';
import { loadScreens } from '../../helpers/load-screens.ts';
import { csvFile, pickFile } from '../../helpers/pick-file.ts';
import { recordedServices, withApp } from '../../helpers/services.tsx';

const askSite: SiteView = {
  id: 'f1',
  name: 'Acme objects',
  profile: 'flexible',
  host: 'sftp.example.com',
  port: 22,
  username: 'flexible',
  authMethod: 'password',
  secretMode: 'ask',
  hasSecret: false,
};

/** A fake whose server, like the real host, needs the password of an "ask every time" site. */
function askingBridge(): FakeBridge {
  const bridge = createFakeBridge({ delayMs: 0, sites: [askSite] });
  const invoke = bridge.invoke.bind(bridge);
  bridge.invoke = ((channel: string, request: { secret?: string }) => {
    if ((channel === 'templates:list' || channel === 'upload:start') && request.secret !== 'demo') {
      bridge.calls.push({ channel, request });
      return Promise.resolve({
        ok: false,
        error: { code: 'secret-required', message: 'This site asks for its password every time.' },
      });
    }
    return invoke(channel as never, request as never);
  }) as typeof bridge.invoke;
  return bridge;
}

let ImportScreen: Awaited<ReturnType<typeof loadScreens>>['ImportScreen'];
before(async () => ({ ImportScreen } = await loadScreens()));

function renderResubmit(bridge: FakeBridge, resubmit: Resubmit) {
  const workers = inProcessWorkers();
  const { services } = recordedServices({ createCheckWorker: workers.create });
  render(
    withApp(
      bridge,
      services,
      <ImportScreen resubmit={resubmit} siteId={null} onPullCheck={() => undefined} />,
    ),
  );
  return workers;
}

const contactResubmit: Resubmit = {
  entryId: 'e1',
  siteId: 'f1',
  fileName: 'Contact_may.csv',
  target: { kind: 'records', object: 'Contact', rules: 'server-schema' },
};

describe('fix and resubmit', () => {
  afterEach(cleanup);
  after(closeDom);

  it('asks for the password, reads the template with it, and checks the corrected file', async () => {
    const bridge = askingBridge();
    const workers = renderResubmit(bridge, contactResubmit);
    const gate = await screen.findByRole('form', { name: 'Password for this import' });
    assert.equal(screen.queryByTestId('file-input'), null, 'no file is taken before the rules');
    assert.equal(bridge.calls.filter((c) => c.channel === 'templates:list').length, 0);
    fireEvent.change(screen.getByLabelText('Password (not saved)'), { target: { value: 'demo' } });
    fireEvent.submit(gate);

    await screen.findByText(/Fix and resubmit: pick the corrected version/);
    const reads = bridge.calls.filter((c) => c.channel === 'templates:list');
    assert.deepEqual(
      reads.map((c) => (c.request as { secret?: string }).secret),
      ['demo'],
    );

    // Still wrong: a contact without its required LastName. The same rules find it.
    pickFile(screen.getByTestId('file-input'), [
      csvFile('may.csv', 'FirstName,LastName,Email\nDee,,dee@x.example\nEli,Ross,eli@x.example\n'),
    ]);
    const verdict = await screen.findByTestId('check-verdict');
    assert.match(verdict.textContent ?? '', /1 of 2 rows would not be imported/);
    assert.doesNotMatch(document.body.textContent ?? '', /no template/i);
    assert.ok(screen.getByRole<HTMLButtonElement>('button', { name: /^Upload/ }).disabled);
    // The import assistant's first look, the check, the fixes it offers, and the grid that keeps
    // the checked file (issue 12 §4): all in workers.
    assert.equal(workers.created(), 4, 'read and checked in the (in-process) worker');

    // Picking the file again stays in the resubmission (its banner, its fresh name).
    fireEvent.click(screen.getByRole('button', { name: 'Pick another file' }));
    await screen.findByText(/Fix and resubmit: pick the corrected version/);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { name: 'What do you want to import?' });
    assert.equal(screen.queryByText(/Fix and resubmit/), null, 'back at the start: a new import');
  });

  it('uploads the corrected file under a fresh name with the typed password', async () => {
    const bridge = askingBridge();
    renderResubmit(bridge, contactResubmit);
    fireEvent.change(await screen.findByLabelText('Password (not saved)'), {
      target: { value: 'demo' },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Password for this import' }));
    pickFile(await screen.findByTestId('file-input'), [
      csvFile('may.csv', 'FirstName,LastName,Email\nDee,Park,dee@x.example\n'),
    ]);
    assert.match((await screen.findByTestId('check-verdict')).textContent ?? '', /Ready to upload/);
    const name = screen.getByLabelText<HTMLInputElement>('Name on the server').value;
    assert.match(name, /^Contact_may_fix-\d{8}-\d{6}\.csv$/);
    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));
    await screen.findByRole('heading', { name: /Waiting for the platform/ }, { timeout: 3000 });
    const start = bridge.calls.find((c) => c.channel === 'upload:start');
    assert.deepEqual(
      { ...(start?.request as object), localRef: 'x' },
      {
        siteId: 'f1',
        localRef: 'x',
        kind: 'records',
        remoteName: name,
        object: 'Contact',
        secret: 'demo',
      },
    );
  });

  it('asks for the template file when the server has no template of the object', async () => {
    const bridge = askingBridge();
    renderResubmit(bridge, {
      ...contactResubmit,
      fileName: 'Deal_q2.csv',
      target: { kind: 'records', object: 'Deal', rules: 'server-schema' },
    });
    fireEvent.change(await screen.findByLabelText('Password (not saved)'), {
      target: { value: 'demo' },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Password for this import' }));
    await screen.findByText(/has no template for/);
    assert.equal(screen.queryByTestId('file-input'), null);
    pickFile(screen.getByLabelText(/Or use a template file/), [
      csvFile('import-template (1).csv', 'Title,Amount\n'),
    ]);
    assert.equal((await screen.findByLabelText<HTMLInputElement>('Data object')).value, 'Deal');
    fireEvent.click(screen.getByRole('button', { name: 'Use this template for Deal' }));
    pickFile(await screen.findByTestId('file-input'), [
      csvFile('q2.csv', 'Title,Amount,Owner\nBig,100,Ann\n'),
    ]);
    // Checked against the template file's columns: the extra column is found and named.
    const verdict = await screen.findByTestId('check-verdict');
    assert.match(verdict.textContent ?? '', /the columns were checked, the values were not/);
    assert.match(verdict.textContent ?? '', /"Owner" is not in the Deal template/);
    assert.doesNotMatch(document.body.textContent ?? '', /no template:/i);
  });

  it('offers to try again when the templates cannot be read, instead of going on unchecked', async () => {
    const bridge = askingBridge();
    renderResubmit(bridge, contactResubmit);
    fireEvent.change(await screen.findByLabelText('Password (not saved)'), {
      target: { value: 'wrong' },
    });
    fireEvent.submit(screen.getByRole('form', { name: 'Password for this import' }));
    const alert = await screen.findByRole('alert');
    assert.match(alert.textContent ?? '', /Could not read the server’s templates/);
    assert.equal(screen.queryByTestId('file-input'), null);
    fireEvent.click(screen.getByRole('button', { name: 'Enter the password again' }));
    await waitFor(() => screen.getByRole('form', { name: 'Password for this import' }));
  });
});
