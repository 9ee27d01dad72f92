import { closeDom } from '../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render, screen, within } from '@testing-library/react';
import { DataTable, RowAction, type Column } from '../../../../renderer/components/data-table.tsx';

type Fruit = { name: string; count: number };
const fruits: Fruit[] = [
  { name: 'Apple', count: 3 },
  { name: 'Pear', count: 0 },
];
const columns: Column<Fruit>[] = [
  { header: 'Name', cell: (f) => f.name },
  {
    header: 'Count',
    className: (f) => (f.count === 0 ? 'status-failed' : undefined),
    cell: (f) => f.count,
  },
  {
    header: 'Actions',
    cell: (f) => (
      <button type="button" className="btn">
        <RowAction action="Edit" of={f.name} />
      </button>
    ),
  },
];

type Extra = Partial<Parameters<typeof DataTable<Fruit>>[0]>;
/** The fruit table, with what a test adds. */
const fruitTable = (extra: Extra = {}) => (
  <DataTable caption="Fruit" columns={columns} rows={fruits} rowKey={(f) => f.name} {...extra} />
);

describe('DataTable', () => {
  afterEach(cleanup);
  after(closeDom);

  it('is named by its caption, with column headers and one row per item', () => {
    render(fruitTable());
    const table = screen.getByRole('table', { name: 'Fruit' });
    const headers = within(table).getAllByRole('columnheader');
    assert.deepEqual(
      headers.map((h) => [h.textContent, h.getAttribute('scope')]),
      [
        ['Name', 'col'],
        ['Count', 'col'],
        ['Actions', 'col'],
      ],
    );
    assert.equal(within(table).getAllByRole('row').length, 3);
    assert.equal(within(table).getByRole('cell', { name: '0' }).className, 'status-failed');
    assert.equal(within(table).getByRole('cell', { name: '3' }).hasAttribute('class'), false);
  });

  it('gives each row button a unique name while showing one word', () => {
    render(fruitTable());
    const names = screen.getAllByRole('button').map((b) => b.textContent);
    assert.deepEqual(names, ['Edit Apple', 'Edit Pear']);
    assert.ok(screen.getByRole('button', { name: 'Edit Pear' }).querySelector('.visually-hidden'));
  });

  it('puts an item’s detail in a full-width row right under it, and tags rows', () => {
    render(
      fruitTable({
        rowData: (f) => ({ 'data-name': f.name }),
        below: (f) => (f.name === 'Apple' ? <p>Apple details</p> : null),
      }),
    );
    const rows = Array.from(document.querySelectorAll('tbody tr'));
    assert.deepEqual(
      rows.map((r) => r.getAttribute('data-name') ?? r.textContent),
      ['Apple', 'Apple details', 'Pear'],
    );
    assert.equal(rows[1]?.querySelector('td')?.getAttribute('colspan'), '3');
  });

  it('scrolls in a box that takes focus and is named only when given a label', () => {
    const { rerender } = render(fruitTable({ scroll: { label: 'Fruit table' } }));
    const box = screen.getByRole('table').parentElement;
    assert.equal(box?.className, 'table-scroll');
    assert.equal(box?.getAttribute('tabindex'), '0');
    assert.equal(box?.getAttribute('aria-label'), 'Fruit table');
    rerender(fruitTable({ scroll: { className: 'history-list' } }));
    const plain = screen.getByRole('table').parentElement;
    assert.equal(plain?.className, 'table-scroll history-list');
    assert.equal(plain?.hasAttribute('tabindex'), false);
  });
});
