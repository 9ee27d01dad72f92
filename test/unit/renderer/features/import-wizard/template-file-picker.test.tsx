import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { SiteView } from '../../../../../core/ipc/contract.ts';
import type { ObjectSchema } from '../../../../../core/schema/object-schema.ts';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import type { ImportTarget } from '../../../../../renderer/features/import-wizard/import-wizard-machine.ts';
import { ChooseTarget } from '../../../../../renderer/features/import-wizard/steps/choose-target.tsx';
import { guessObjectName, objectNameProblem } from '../../../../../renderer/lib/object-name.ts';
import { csvFile, pickFile } from '../../helpers/pick-file.ts';
import { recordedServices, withApp } from '../../helpers/services.tsx';

const flexible: SiteView = {
  id: 'f1',
  name: 'Acme objects',
  profile: 'flexible',
  host: 'sftp.example.com',
  port: 22,
  username: 'flexible',
  authMethod: 'password',
  secretMode: 'keychain',
  hasSecret: true,
};
const header = 'Name,Industry,Employees,Website,ExternalDataObjectId\n';

function renderPicker() {
  const chosen: { target: ImportTarget; schema: ObjectSchema | null }[] = [];
  const bridge = createFakeBridge({ delayMs: 0, sites: [flexible] });
  render(
    withApp(
      bridge,
      recordedServices().services,
      <ChooseTarget
        site={flexible}
        onChoose={(target, schema) => chosen.push({ target, schema })}
      />,
    ),
  );
  return chosen;
}

describe('a template file picked from disk (flexible mode)', () => {
  afterEach(cleanup);
  after(closeDom);

  it('asks for the object name, prefilled from the file name, and checks it against the naming rule', async () => {
    const chosen = renderPicker();
    await screen.findByRole('button', { name: 'Account' }); // the server's list has loaded
    pickFile(screen.getByLabelText(/Or use a template file/), [
      csvFile('import-template (1).csv', header),
    ]);
    const field = await screen.findByLabelText<HTMLInputElement>('Data object');
    assert.equal(field.value, 'import');
    assert.match(
      screen.getByLabelText('Template file').textContent ?? '',
      /5 columns \(Name, Industry/,
    );
    // "import" follows the rule, but the server has no such object: a warning, not a block.
    assert.match(screen.getByText(/has no import/).textContent ?? '', /Account, Contact/);

    fireEvent.change(field, { target: { value: 'my account' } });
    assert.match(screen.getByRole('alert').textContent ?? '', /letters and digits only/);
    assert.ok(
      screen.getByRole<HTMLButtonElement>('button', { name: /Use this template/ }).disabled,
    );

    fireEvent.change(field, { target: { value: 'Account' } });
    assert.equal(screen.queryByText(/has no Account/), null);
    fireEvent.click(screen.getByRole('button', { name: 'Use this template for Account' }));
    assert.equal(chosen.length, 1);
    assert.deepEqual(chosen[0]?.target, {
      kind: 'records',
      object: 'Account',
      rules: 'template-file',
    });
    assert.deepEqual(
      chosen[0]?.schema?.fields.map((f) => f.name),
      ['Name', 'Industry', 'Employees', 'Website', 'ExternalDataObjectId'],
    );
  });

  it('guesses a server object the file name starts with, in the server’s spelling', async () => {
    renderPicker();
    await screen.findByRole('button', { name: 'Contact' });
    pickFile(screen.getByLabelText(/Or use a template file/), [
      csvFile('contact-template.csv', header),
    ]);
    assert.equal((await screen.findByLabelText<HTMLInputElement>('Data object')).value, 'Contact');
  });
});

describe('object names', () => {
  it('guesses from the file name', () => {
    assert.equal(guessObjectName('import-template (1).csv', []), 'import');
    assert.equal(guessObjectName('Account_template.csv', ['Account']), 'Account');
    assert.equal(guessObjectName('accounts.csv', ['Account', 'AccountNote']), 'Account');
    assert.equal(guessObjectName('2024 export.csv', []), '');
  });

  it('follows the platform’s rule: letters and digits, starting with a letter', () => {
    assert.equal(objectNameProblem('Account'), null);
    assert.equal(objectNameProblem('Deal2'), null);
    assert.match(objectNameProblem('') ?? '', /Type the name/);
    for (const bad of ['2Deal', 'My_Object', 'my account', 'Ünicode', 'a-b']) {
      assert.match(objectNameProblem(bad) ?? '', /letters and digits only/, bad);
    }
    assert.match(objectNameProblem('A'.repeat(101)) ?? '', /at most 100/);
  });
});
