import { closeDom } from '../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ProblemsTable } from '../../../../renderer/components/problems-table.tsx';
import type { ProblemRow } from '../../../../renderer/lib/problems.ts';

const rows: ProblemRow[] = [
  {
    row: 2,
    column: 'Email',
    value: 'bob@',
    kind: 'not-an-email',
    message: 'Email: "bob@" is not an email address.',
  },
  {
    row: 3,
    column: 'Email',
    value: '=cmd()',
    kind: 'not-an-email',
    message: 'Email: not an email.',
  },
  {
    row: 5,
    column: 'FollowUp',
    value: '2024-02-31',
    kind: 'not-a-date',
    message: 'FollowUp: not a date.',
  },
];

describe('ProblemsTable', () => {
  afterEach(cleanup);
  after(closeDom);

  it('shows every problem with its count, and filters by column and by kind', () => {
    render(
      <ProblemsTable
        title="Problems found"
        rows={rows}
        exportName="x.csv"
        onExport={() => undefined}
      />,
    );
    assert.equal(screen.getByTestId('problem-count').textContent, '3');
    const table = screen.getByRole('table');
    assert.equal(within(table).getAllByRole('row').length, 4);

    fireEvent.change(screen.getByLabelText('Column'), { target: { value: 'FollowUp' } });
    assert.equal(within(table).getAllByRole('row').length, 2);
    assert.ok(within(table).getByText('2024-02-31'));

    fireEvent.change(screen.getByLabelText('Column'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Kind of problem'), {
      target: { value: 'not-an-email' },
    });
    assert.equal(within(table).getAllByRole('row').length, 3);
    assert.ok(screen.getByText(/Showing 2 of 2 matching the filters/));
  });

  it('paints the first 50 rows at once and the rest of the 500 shown a frame later', async () => {
    const many: ProblemRow[] = Array.from({ length: 600 }, (_, k) => ({
      row: k + 2,
      column: 'Email',
      value: `x${k}`,
      kind: 'not-an-email',
      message: 'Email: not an email.',
    }));
    render(
      <ProblemsTable
        title="Problems found"
        rows={many}
        exportName="x.csv"
        onExport={() => undefined}
      />,
    );
    const table = screen.getByRole('table');
    assert.equal(within(table).getAllByRole('row').length, 1 + 50, 'header + the first 50');
    assert.ok(screen.getByText(/Showing 500 of 600\./), 'the count says what the table will hold');
    await waitFor(() => assert.equal(within(table).getAllByRole('row').length, 1 + 500));
    assert.ok(within(table).getByText('x499'));
    assert.equal(within(table).queryByText('x500'), null);
  });

  it('lists the counts per column in the filter', () => {
    render(
      <ProblemsTable
        title="Problems found"
        rows={rows}
        exportName="x.csv"
        onExport={() => undefined}
      />,
    );
    const options = within(screen.getByLabelText('Column'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    assert.deepEqual(options, ['All (3)', 'Email (2)', 'FollowUp (1)']);
  });

  it('exports the filtered problems as a CSV with formula cells neutralised', () => {
    const exported: { name: string; csv: string }[] = [];
    render(
      <ProblemsTable
        title="Problems found"
        rows={rows}
        exportName="leads.csv.problems.csv"
        onExport={(name, csv) => exported.push({ name, csv })}
      />,
    );
    fireEvent.change(screen.getByLabelText('Column'), { target: { value: 'Email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export problems' }));
    assert.equal(exported.length, 1);
    assert.equal(exported[0]?.name, 'leads.csv.problems.csv');
    assert.equal(
      exported[0]?.csv,
      `Row,Column,Value,Error\r\n2,Email,bob@,"Email: ""bob@"" is not an email address."\r\n3,Email,'=cmd(),Email: not an email.\r\n`,
    );
  });

  it('renders a value as text, never as HTML', () => {
    render(
      <ProblemsTable
        title="P"
        rows={[
          { row: 2, column: 'A', value: '<img src=x onerror=alert(1)>', kind: 'k', message: 'm' },
        ]}
        exportName="x"
        onExport={() => undefined}
      />,
    );
    assert.equal(document.querySelector('img'), null);
    assert.ok(screen.getByText('<img src=x onerror=alert(1)>'));
  });

  it('says when only the first 1,000 of all problems are listed, in the table and its export', () => {
    const first: ProblemRow[] = Array.from({ length: 1000 }, (_, i) => ({
      row: i + 2,
      column: 'Email',
      value: `x${i}@`,
      kind: 'not-an-email',
      message: 'not an email',
    }));
    const exported: string[] = [];
    render(
      <ProblemsTable
        title="Problems found"
        rows={first}
        total={5234}
        exportName="big.csv.problems.csv"
        onExport={(_, csv) => exported.push(csv)}
      />,
    );
    assert.equal(
      screen.getByTestId('problems-capped').textContent,
      'Showing the first 1,000 of 5,234 problems. Fix these and check the file again to see the rest.',
    );
    assert.equal(screen.getByTestId('problem-count').textContent, '5,234');
    fireEvent.click(screen.getByRole('button', { name: 'Export problems' }));
    const lines = exported[0]?.split('\r\n') ?? [];
    assert.equal(lines[0], 'Row,Column,Value,Error');
    assert.equal(
      lines[1],
      ',,,"Showing the first 1,000 of 5,234 problems. Fix these and check the file again to see the rest."',
    );
    assert.equal(lines.length, 1 + 1 + 1000 + 1); // header, note, rows, final CRLF
  });

  it('says nothing of a cap when every problem is listed', () => {
    const exported: string[] = [];
    render(
      <ProblemsTable
        title="P"
        rows={rows}
        total={3}
        exportName="x"
        onExport={(_, csv) => exported.push(csv)}
      />,
    );
    assert.equal(screen.queryByTestId('problems-capped'), null);
    fireEvent.click(screen.getByRole('button', { name: 'Export problems' }));
    assert.doesNotMatch(exported[0] ?? '', /Showing the first/);
  });
});
