import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { HistoryTable } from '../../../../../renderer/features/history/history-table.tsx';
import type { HistoryEntry } from '../../../../../core/ipc/contract.ts';
import { historyEntry, siteView } from '../../helpers/views.ts';
import type { Resubmit } from '../../../../../renderer/features/import-wizard/import-controller.ts';

const site = siteView();
const entry = (e: Partial<HistoryEntry>) =>
  historyEntry({ finishedAt: '2026-01-01T00:01:00.000Z', ...e });
const entries = [
  entry({}),
  entry({ id: 'e2', fileName: 'bad.csv', outcome: 'failed', hasErrorReport: true }),
];

describe('HistoryTable', () => {
  afterEach(cleanup);
  after(closeDom);

  it('names the table and each row’s buttons, and opens a report right under its row', () => {
    const opened: string[] = [];
    const resubmitted: Resubmit[] = [];
    const { rerender } = render(
      <HistoryTable
        entries={entries}
        sites={[site]}
        openId={null}
        onOpen={(id) => opened.push(id)}
        onResubmit={(r) => resubmitted.push(r)}
        report={(id) => <p>Report of {id}</p>}
      />,
    );
    const table = screen.getByRole('table', { name: 'Past uploads' });
    assert.deepEqual(
      Array.from(table.querySelectorAll('tbody tr')).map((r) => r.getAttribute('data-outcome')),
      ['imported', 'failed'],
    );
    const names = within(table)
      .getAllByRole('button')
      .map((b) => b.textContent ?? '');
    assert.equal(new Set(names).size, 3, names.join(' | '));
    assert.match(names[0] ?? '', /^Details of leads\.csv, /);
    const report = screen.getByRole('button', { name: /^Error report of bad\.csv/ });
    assert.equal(report.getAttribute('aria-expanded'), 'false');
    act(() => {
      fireEvent.click(report);
      fireEvent.click(screen.getByRole('button', { name: /^Fix and resubmit bad\.csv/ }));
    });
    assert.deepEqual(opened, ['e2']);
    assert.equal(resubmitted.length, 1);
    rerender(
      <HistoryTable
        entries={entries}
        sites={[site]}
        openId="e2"
        onOpen={() => undefined}
        onResubmit={() => undefined}
        report={(id) => <p>Report of {id}</p>}
      />,
    );
    const rows = Array.from(table.querySelectorAll('tbody tr'));
    assert.equal(rows.length, 3);
    assert.equal(rows[2]?.textContent, 'Report of e2');
    assert.equal(rows[2]?.querySelector('td')?.getAttribute('colspan'), '5');
    assert.equal(
      screen.getByRole('button', { name: /^Error report/ }).getAttribute('aria-expanded'),
      'true',
    );
  });

  it('shows a partly imported upload as “12 imported, 3 failed” in amber, a failure in red', () => {
    render(
      <HistoryTable
        entries={[
          entry({
            id: 'p',
            fileName: 'part.csv',
            outcome: 'failed',
            rowsTotal: 15,
            rowsImported: 12,
            rowsFailed: 3,
            hasErrorReport: true,
          }),
          entry({ id: 'f', fileName: 'bad.csv', outcome: 'failed', hasErrorReport: true }),
        ]}
        sites={[site]}
        openId={null}
        onOpen={() => undefined}
        onResubmit={() => undefined}
        report={() => null}
      />,
    );
    const [partly, failed] = Array.from(document.querySelectorAll('tbody tr'));
    const outcomeCell = (r: Element | undefined) => r?.querySelectorAll('td')[3];
    assert.equal(partly?.getAttribute('data-outcome'), 'failed');
    assert.equal(partly?.getAttribute('data-partly'), 'true');
    assert.match(outcomeCell(partly)?.textContent ?? '', /^12 imported, 3 failed/);
    assert.equal(outcomeCell(partly)?.className, 'status-partial');
    assert.equal(failed?.getAttribute('data-partly'), null);
    assert.match(outcomeCell(failed)?.textContent ?? '', /^Failed/);
    assert.equal(outcomeCell(failed)?.className, 'status-failed');
    // The next step is offered for both.
    assert.ok(screen.getByRole('button', { name: /^Fix and resubmit part\.csv/ }));
  });
});
