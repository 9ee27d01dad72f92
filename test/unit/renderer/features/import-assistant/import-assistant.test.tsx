/**
 * The import assistant in the wizard (issue 12), with the real check run in-process: the
 * template's columns and the blank template before picking; a file whose header differs paired
 * column by column (changeable, a missing required column blocking); the converted file — not
 * the original — staged for upload; the pairing remembered for the site and object; a semicolon
 * file converted without asking, its separator shown and changeable.
 */
import { closeDom } from '../../dom-env.ts';
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { SiteView } from '../../../../../core/ipc/contract.ts';
import { encodeWindows1252 } from '../../../../../core/import/index.ts';
import { leadSchema } from '../../../../../core/schema/demo-schemas.ts';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import {
  blankTemplate,
  initialPairing,
  needsConfirmation,
  pairingProblems,
  readingInWords,
} from '../../../../../renderer/features/import-assistant/assistant-rules.ts';
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

let ImportScreen: Awaited<ReturnType<typeof loadScreens>>['ImportScreen'];
before(async () => ({ ImportScreen } = await loadScreens()));

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    get: (k: string) => map.get(k) ?? null,
    set: (k: string, v: string) => void map.set(k, v),
  };
}

function open(storage = memoryStorage()) {
  const bridge = createFakeBridge({ delayMs: 0, sites: [site] });
  const recorded = recordedServices({ createCheckWorker: inProcessWorkers().create, storage });
  render(
    withApp(
      bridge,
      recorded.services,
      <ImportScreen resubmit={null} siteId="c1" onPullCheck={() => undefined} />,
    ),
  );
  return { bridge, recorded, storage };
}

const misspelled =
  'Company,E-mail,first name,Adress,Shoe size\n' +
  'Acme,ann@acme.example,Ann,1 Main St,42\n' +
  'Birch,bo@birch.example,Bo,2 Oak Ave,39\n';

describe('the assistant’s rules', () => {
  it('pairs by core’s matching, says why, and flags what blocks', () => {
    const { pairing, match } = initialPairing(
      ['Company', 'E-mail', 'first name', 'Adress', 'Shoe size'],
      leadSchema,
      [],
    );
    assert.ok(needsConfirmation(pairing, match, leadSchema));
    assert.deepEqual(
      pairing.map((p) => [p.from, p.to, p.reason]),
      [
        ['Company', 'Company', 'same name'],
        ['E-mail', 'Email', 'same name but for case, spaces or punctuation'],
        ['first name', 'FirstName', 'same name but for case, spaces or punctuation'],
        ['Adress', 'Address', 'closest spelling'],
        ['Shoe size', '', 'no template column like it'],
      ],
    );
    assert.deepEqual(pairingProblems(pairing, leadSchema), []);
    const noAddress = pairing.map((p) => (p.to === 'Address' ? { ...p, to: '' } : p));
    assert.deepEqual(pairingProblems(noAddress, leadSchema), [
      'Address is required: choose the file column that holds it.',
    ]);
    const twice = pairing.map((p) => (p.from === 'Shoe size' ? { ...p, to: 'Company' } : p));
    assert.match(pairingProblems(twice, leadSchema)[0] ?? '', /2 file columns go to Company/);
  });

  it('a remembered choice wins over the guess; one naming a gone column is dropped', () => {
    const { pairing } = initialPairing(['Firma', 'Adress'], leadSchema, [
      { from: 'Firma', to: 'Company' },
      { from: 'Gone', to: 'Email' },
    ]);
    assert.deepEqual(pairing[0], {
      from: 'Firma',
      to: 'Company',
      reason: 'as you chose last time',
    });
  });

  it('a header like the template’s needs no confirmation, remembered choices or not', () => {
    const { pairing, match } = initialPairing(['Company', 'Address', 'City'], leadSchema, [
      { from: 'Company', to: 'Company' },
      { from: 'E-mail', to: 'Email' },
    ]);
    assert.equal(needsConfirmation(pairing, match, leadSchema), false);
    const other = initialPairing(['Company', 'Street'], leadSchema, []);
    assert.equal(needsConfirmation(other.pairing, other.match, leadSchema), true);
  });

  it('words and the blank template', () => {
    assert.equal(
      readingInWords({
        format: 'csv',
        encoding: 'windows-1252',
        delimiter: ';',
        delimiterDetected: true,
        sheets: [],
        header: [],
        preview: [],
      }),
      'Windows-1252, separated by semicolons',
    );
    const t = blankTemplate(leadSchema);
    assert.equal(t.name, 'Lead-template.csv');
    assert.ok(t.text.startsWith('\uFEFFCompany,FirstName,LastName,Email,Phone,Address,'));
    assert.ok(t.text.endsWith(',ExternalLeadId,ExternalPinId\r\n'));
  });
});

describe('the assistant in the wizard', () => {
  afterEach(cleanup);
  after(closeDom);

  it('shows the template’s columns and saves a blank template before a file is picked', async () => {
    const { recorded } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    const columns = await screen.findByTestId('template-columns');
    assert.match(columns.textContent ?? '', /The Lead template: 15 columns, 2 required/);
    const status = within(columns).getByText('Status').closest('tr');
    assert.match(status?.textContent ?? '', /One of a list.*New, Contacted, Qualified, Lost/);
    const company = within(columns).getByText('Company').closest('tr');
    assert.match(company?.textContent ?? '', /Required.*up to 120 characters/);
    fireEvent.click(screen.getByRole('button', { name: 'Save a blank template' }));
    assert.equal(recorded.downloads[0]?.name, 'Lead-template.csv');
    assert.match(recorded.downloads[0]?.text ?? '', /^\uFEFFCompany,FirstName,/);
  });

  it('pairs misspelled columns for the user to confirm, and uploads the converted file', async () => {
    const { bridge, storage } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    pickFile(await screen.findByTestId('file-input'), [csvFile('leads.csv', misspelled)]);
    const table = await screen.findByTestId('pairing-table');
    const select = (name: string) =>
      within(table).getByLabelText<HTMLSelectElement>(`Template column for ${name}`);
    assert.equal(select('E-mail').value, 'Email');
    assert.equal(select('Adress').value, 'Address');
    assert.equal(select('Shoe size').value, '');
    assert.match(table.textContent ?? '', /ann@acme\.example · bo@birch\.example/);
    assert.match(table.textContent ?? '', /Not imported: no template column like it/);

    // Unpairing a required column blocks going on.
    fireEvent.change(select('Adress'), { target: { value: '' } });
    assert.match(screen.getByRole('alert').textContent ?? '', /Address is required/);
    const go = screen.getByRole<HTMLButtonElement>('button', {
      name: 'Check the converted file',
    });
    assert.equal(go.disabled, true);
    fireEvent.change(select('Adress'), { target: { value: 'Address' } });
    assert.equal(go.disabled, false);
    fireEvent.click(go);

    await screen.findByText(/Ready to upload/);
    const note = screen.getByTestId('assistant-note');
    assert.match(note.textContent ?? '', /Read “leads\.csv” as UTF-8, separated by commas/);
    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));
    await screen.findByRole('heading', { name: /Waiting for the platform/ }, { timeout: 3000 });
    const staged = [...bridge.files.values()];
    assert.equal(staged.length, 1);
    assert.equal(
      await staged[0]!.text(),
      'Company,FirstName,Email,Address\r\nAcme,Ann,ann@acme.example,1 Main St\r\nBirch,Bo,bo@birch.example,2 Oak Ave\r\n',
      'the converted file is sent, never the original',
    );
    assert.deepEqual(JSON.parse(storage.get('import-assistant:columns:c1:lead') ?? '[]'), [
      { from: 'Company', to: 'Company' },
      { from: 'E-mail', to: 'Email' },
      { from: 'first name', to: 'FirstName' },
      { from: 'Adress', to: 'Address' },
      { from: 'Shoe size', to: '' },
    ]);
  });

  it('offers the remembered pairing next time', async () => {
    const storage = memoryStorage();
    storage.set(
      'import-assistant:columns:c1:lead',
      JSON.stringify([
        { from: 'Shoe size', to: 'LastName' },
        { from: 'Adress', to: 'Address' },
      ]),
    );
    open(storage);
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    pickFile(await screen.findByTestId('file-input'), [csvFile('leads.csv', misspelled)]);
    const table = await screen.findByTestId('pairing-table');
    const shoe = within(table).getByLabelText<HTMLSelectElement>('Template column for Shoe size');
    assert.equal(shoe.value, 'LastName');
    assert.match(table.textContent ?? '', /as you chose last time/);
  });

  it('converts a Windows-1252 file with semicolons without asking; the separator can be changed', async () => {
    const { recorded } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    const text = 'Company;Address;City\r\nCafé Noël;1 Rue Ève;Paris\r\n';
    pickFile(await screen.findByTestId('file-input'), [
      new File([encodeWindows1252(text) as BlobPart], 'noel.csv', { type: 'text/csv' }),
    ]);
    await screen.findByText(/Ready to upload/);
    const note = screen.getByTestId('assistant-note');
    assert.match(note.textContent ?? '', /as Windows-1252, separated by semicolons/);
    assert.match(note.textContent ?? '', /CSV UTF-8, separated by commas/);
    fireEvent.click(within(note).getByRole('button', { name: 'Save the converted file' }));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(recorded.downloads.at(-1), {
      name: 'noel.csv',
      text: 'Company,Address,City\r\nCafé Noël,1 Rue Ève,Paris\r\n',
    });

    fireEvent.click(within(note).getByRole('button', { name: 'Change how it is read' }));
    const reading = await screen.findByTestId('assistant-reading');
    fireEvent.change(within(reading).getByLabelText(/Separator/), { target: { value: ',' } });
    await screen.findByText(/\(as you chose\)/);
    assert.match(
      screen.getByTestId('assistant-reading').textContent ?? '',
      /Windows-1252, separated by commas/,
    );
  });

  it('tells a converted row with too many values about semicolons, not commas', async () => {
    open();
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    const text =
      'Company;Address;City\r\n' +
      'Good Co;1 Main St;Paris\r\n' +
      'Smith; John;2 Main St;Lyon\r\n' +
      'Other Co;3 Main St;Nice\r\n';
    pickFile(await screen.findByTestId('file-input'), [
      new File([text], 'semi.csv', { type: 'text/csv' }),
    ]);
    const verdict = await screen.findByTestId('check-verdict');
    assert.match(verdict.textContent ?? '', /1 of 3 rows would not be imported/);
    const said = document.body.textContent ?? '';
    assert.match(
      said,
      /This row has 4 values but the header has 3 columns\. A value probably contains a semicolon without double quotes around it/,
    );
    assert.doesNotMatch(said, /comma without double quotes/);
  });

  it('offers one-click column fixes, applies them to what is sent, and checks again', async () => {
    const { bridge } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    const text =
      'Company,Address,Status,FollowUp\n' +
      'Acme,1 Main St,Contacted.,03/04/2026\n' +
      'Birch,2 Oak Ave,New,05/06/2026\n';
    pickFile(await screen.findByTestId('file-input'), [csvFile('fixes.csv', text)]);
    const verdict = await screen.findByTestId('check-verdict');
    assert.match(verdict.textContent ?? '', /1 of 2 rows would not be imported/);
    const offers = await screen.findByTestId('fix-offers');
    assert.match(
      offers.textContent ?? '',
      /Status: 1 value in the first rows, like Contacted\. → Contacted/,
    );
    fireEvent.click(
      within(offers).getByRole('button', { name: 'Use the list’s spelling in Status' }),
    );
    await screen.findByText(/Ready to upload/, {}, { timeout: 3000 });
    // No value tells day-first from month-first: asked once for the column.
    const question = await screen.findByRole('group', { name: /FollowUp: Is 03\/04\/2026/ });
    fireEvent.click(within(question).getByRole('button', { name: /^Day first/ }));
    await screen.findByText(/Ready to upload/, {}, { timeout: 3000 });
    assert.match(
      screen.getByTestId('fix-offers').textContent ?? '',
      /Applied to what is sent: Status \(choice\), FollowUp \(date\)/,
    );
    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));
    await screen.findByRole('heading', { name: /Waiting for the platform/ }, { timeout: 3000 });
    const staged = [...bridge.files.values()];
    assert.equal(
      await staged[0]!.text(),
      'Company,Address,Status,FollowUp\r\nAcme,1 Main St,Contacted,2026-04-03\r\nBirch,2 Oak Ave,New,2026-06-05\r\n',
    );
  });

  it('sends only the valid rows and saves the rows with problems', async () => {
    const { bridge, recorded } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    const text =
      'Company;Address;Email\n' +
      'Good One;1 Main St;one@good.example\n' +
      'Bad Mail;2 Oak Ave;bad@\n' +
      'Good Two;"3 Elm Rd\nSuite 4";two@good.example\n';
    pickFile(await screen.findByTestId('file-input'), [csvFile('mixed.csv', text)]);
    await screen.findByTestId('check-verdict');
    assert.match(
      screen.getByTestId('check-verdict').textContent ?? '',
      /1 of 3 rows would not be imported/,
    );
    const offer = await screen.findByTestId('valid-rows');
    fireEvent.click(within(offer).getByRole('button', { name: 'Send only the valid rows' }));
    const note = await screen.findByTestId('partial-note', {}, { timeout: 3000 });
    await screen.findByText(/Ready to upload/, {}, { timeout: 3000 });
    assert.match(screen.getByTestId('check-verdict').textContent ?? '', /2 rows checked/);
    assert.match(
      note.textContent ?? '',
      /Only the 2 rows without problems of “mixed\.csv” are sent; 1 row with problems is left out/,
    );
    fireEvent.click(within(note).getByRole('button', { name: 'Save the rows with problems' }));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(recorded.downloads.at(-1), {
      name: 'mixed-rows-with-problems.csv',
      text: 'Company,Email,Address\r\nBad Mail,bad@,2 Oak Ave\r\n',
    });
    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));
    await screen.findByRole('heading', { name: /Waiting for the platform/ }, { timeout: 3000 });
    const staged = [...bridge.files.values()];
    assert.equal(
      await staged[0]!.text(),
      'Company,Email,Address\r\nGood One,one@good.example,1 Main St\r\nGood Two,two@good.example,"3 Elm Rd\nSuite 4"\r\n',
    );
  });

  it('says how a file sent as it is was read, and lets that be changed', async () => {
    const { bridge } = open();
    fireEvent.click(await screen.findByRole('button', { name: 'Lead' }));
    const text = 'Company,Address\nAcme,1 Main St\n';
    pickFile(await screen.findByTestId('file-input'), [csvFile('plain.csv', text)]);
    await screen.findByText(/Ready to upload/);
    const line = screen.getByTestId('assistant-read-as');
    assert.match(line.textContent ?? '', /Read as UTF-8, separated by commas/);
    assert.equal(screen.queryByTestId('assistant-note'), null, 'nothing converted');
    fireEvent.click(within(line).getByRole('button', { name: 'Change how it is read' }));
    await screen.findByTestId('assistant-reading');
    fireEvent.click(screen.getByRole('button', { name: 'Check the converted file' }));
    await screen.findByText(/Ready to upload/);
    fireEvent.click(screen.getByRole('button', { name: /^Upload/ }));
    await screen.findByRole('heading', { name: /Waiting for the platform/ }, { timeout: 3000 });
    assert.equal(await [...bridge.files.values()][0]!.text(), text, 'the picked file itself');
  });
});
