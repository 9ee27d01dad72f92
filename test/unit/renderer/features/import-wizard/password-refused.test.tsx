/**
 * A wrong "not saved" password is asked again in place (issue 13): when the server refuses the
 * password typed for this import (`auth-failed`), the prompt comes back where the user is, says
 * so, has focus, and the step goes on with the new password — the templates read again, the
 * upload resumed, the failed rows read — with no retry using the refused one.
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

const ask = { authMethod: 'password', secretMode: 'ask', hasSecret: false } as const;
const objectsSite: SiteView = {
  id: 'f1',
  name: 'Acme objects',
  profile: 'flexible',
  host: 'sftp.example.com',
  port: 22,
  username: 'flexible',
  ...ask,
};
const spaceSite: SiteView = {
  id: 's1',
  name: 'Acme space',
  profile: 'space',
  host: 'sftp.example.com',
  port: 22,
  username: 'space',
  ...ask,
};

/** A fake whose server, like the real one, refuses any password but `demo` (`auth-failed`). */
function refusingBridge(site: SiteView): FakeBridge {
  const bridge = createFakeBridge({ delayMs: 0, sites: [site] });
  const invoke = bridge.invoke.bind(bridge);
  bridge.invoke = ((channel: string, request: { secret?: string }) => {
    if ((channel === 'templates:list' || channel === 'upload:start') && request.secret !== 'demo') {
      bridge.calls.push({ channel, request });
      return Promise.resolve({
        ok: false,
        error: {
          code: 'auth-failed',
          message: `Authentication failed: the server did not accept the user name and password for "${site.username}".`,
        },
      });
    }
    return invoke(channel as never, request as never);
  }) as typeof bridge.invoke;
  return bridge;
}

/**
 * A fake with the failed rows of upload `e1`, read from the server with the password typed for
 * this import; the server's password is changed after its templates were read (`changeTo`), so
 * the one typed at the start is refused when the rows are read.
 */
function failedRowsBridge(site: SiteView, changeTo: string): FakeBridge {
  const bridge = createFakeBridge({ delayMs: 0, sites: [site] });
  const invoke = bridge.invoke.bind(bridge);
  let password = 'demo';
  const refused = () =>
    Promise.resolve({
      ok: false,
      error: { code: 'auth-failed', message: `Authentication failed for "${site.username}".` },
    });
  bridge.invoke = ((channel: string, request: { secret?: string }) => {
    if (channel === 'templates:list' || channel === 'history:failed-rows') {
      bridge.calls.push({ channel, request });
      if (request.secret !== password) return refused();
    }
    if (channel === 'templates:list') {
      password = changeTo;
      return invoke(channel as never, request as never);
    }
    if (channel === 'history:failed-rows') {
      return Promise.resolve({
        ok: true,
        value: {
          fileName: 'Contact_may.csv',
          source: 'server',
          header: ['FirstName', 'LastName', 'Email'],
          rows: [
            {
              row: 3,
              values: ['Ann', 'Lee', 'ann(at)x.test'],
              problems: [{ column: 'Email', value: 'ann(at)x.test', message: 'Not an email.' }],
            },
          ],
          missing: [],
          fileProblems: [],
          truncated: false,
        },
      });
    }
    return invoke(channel as never, request as never);
  }) as typeof bridge.invoke;
  return bridge;
}

let ImportScreen: Awaited<ReturnType<typeof loadScreens>>['ImportScreen'];
before(async () => ({ ImportScreen } = await loadScreens()));

function renderImport(bridge: FakeBridge, siteId: string, resubmit: Resubmit | null = null) {
  const workers = inProcessWorkers();
  const { services } = recordedServices({ createCheckWorker: workers.create });
  render(
    withApp(
      bridge,
      services,
      <ImportScreen resubmit={resubmit} siteId={siteId} onPullCheck={() => undefined} />,
    ),
  );
}

/** Types `password` in the prompt and presses Continue. */
async function typePassword(password: string): Promise<void> {
  const gate = await screen.findByRole('form', { name: 'Password for this import' });
  fireEvent.change(screen.getByLabelText('Password (not saved)'), { target: { value: password } });
  fireEvent.submit(gate);
}

/** The secrets each call on `channel` was made with, in order. */
const secretsOf = (bridge: FakeBridge, channel: string) =>
  bridge.calls
    .filter((c) => c.channel === channel)
    .map((c) => (c.request as { secret?: string }).secret);

/** The prompt is back saying the password was refused, with focus in its box. */
async function assertAskedAgain(): Promise<void> {
  const said = await screen.findByTestId('password-refused');
  assert.equal(said.textContent, 'The server refused this password. Type it again.');
  const box = screen.getByLabelText<HTMLInputElement>('Password (not saved)');
  assert.equal(box.value, '', 'the refused password is not kept');
  await waitFor(() => assert.equal(document.activeElement, box, 'focus in the password box'));
  assert.equal(box.getAttribute('aria-describedby'), said.id, 'read out with the box');
}

describe('a refused password', () => {
  afterEach(cleanup);
  after(closeDom);

  it('on the first step: asked again in place, then the templates are read with the new one', async () => {
    const bridge = refusingBridge(objectsSite);
    renderImport(bridge, 'f1');
    await typePassword('wrong');
    await assertAskedAgain();
    assert.equal(screen.queryByText(/Could not read the server’s templates/), null);
    await typePassword('demo');
    await screen.findByRole('button', { name: 'Contact' });
    const heading = screen.getByRole('heading', { name: 'What do you want to import?' });
    await waitFor(() => assert.equal(document.activeElement, heading, 'focus on the step'));
    assert.deepEqual(secretsOf(bridge, 'templates:list'), ['wrong', 'demo']);
  });

  it('at the upload: asked again in place (no Retry), then the upload goes on with the new one', async () => {
    const bridge = refusingBridge(spaceSite);
    renderImport(bridge, 's1');
    await typePassword('wrong'); // a Space has no templates: nothing is asked of the server yet
    fireEvent.click(await screen.findByRole('button', { name: /A file for this Space/ }));
    pickFile(await screen.findByTestId('file-input'), [csvFile('people.csv', 'Name\nAnn\n')]);
    await screen.findByTestId('check-verdict');
    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));
    await assertAskedAgain();
    assert.equal(screen.queryByRole('button', { name: 'Retry' }), null, 'no retry with it');
    assert.match(document.body.textContent ?? '', /Nothing was sent\./);
    await typePassword('demo');
    await screen.findByRole('heading', { name: /Waiting for the platform/ }, { timeout: 3000 });
    assert.deepEqual(secretsOf(bridge, 'upload:start'), ['wrong', 'demo']);
    assert.equal(screen.queryByTestId('password-refused'), null);
  });

  it('when fixing and resubmitting: asked again in place, then the rules are read', async () => {
    const bridge = refusingBridge(objectsSite);
    renderImport(bridge, 'f1', {
      entryId: 'e1',
      siteId: 'f1',
      fileName: 'Contact_may.csv',
      target: { kind: 'records', object: 'Contact', rules: 'server-schema' },
    });
    await typePassword('wrong');
    await assertAskedAgain();
    await typePassword('demo');
    await screen.findByText(/Fix and resubmit: pick the corrected version/);
    assert.deepEqual(secretsOf(bridge, 'templates:list'), ['wrong', 'demo']);
  });

  it('when reading the failed rows: asked again in place, then the rows are read with the new one', async () => {
    const bridge = failedRowsBridge(objectsSite, 'changed');
    renderImport(bridge, 'f1', {
      entryId: 'e1',
      siteId: 'f1',
      fileName: 'Contact_may.csv',
      target: { kind: 'records', object: 'Contact', rules: 'server-schema' },
      fixRows: true,
    });
    await typePassword('demo'); // the templates are read with it; then it is changed
    await assertAskedAgain();
    assert.equal(screen.queryByText(/Authentication failed/), null, 'not its own error');
    assert.equal(screen.queryByRole('button', { name: 'Pick the corrected file' }), null);
    await typePassword('changed');
    await screen.findByRole('grid', { name: /Failed rows to correct/ }, { timeout: 5000 });
    const heading = screen.getByRole('heading', { name: 'Fix the failed rows' });
    await waitFor(() => assert.equal(document.activeElement, heading, 'focus on the step'));
    assert.deepEqual(secretsOf(bridge, 'history:failed-rows'), ['demo', 'changed']);
    assert.equal(screen.queryByTestId('password-refused'), null);
  });
});
