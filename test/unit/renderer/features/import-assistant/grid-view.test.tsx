/**
 * The grid view (issue 12 §4) over a GridSource answered by the real model, in process: only the
 * rows in view are in the DOM however many the file has; rows with problems first; keyboard
 * editing checked as typed, committed with Enter, dropped with Escape; a scroll to the end reads
 * the last rows; a source without `edit` is read-only.
 */
import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useState } from 'react';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createGridBuilder, type GridModel } from '../../../../../core/import/grid-model.ts';
import { leadSchema } from '../../../../../core/schema/demo-schemas.ts';
import { GridView } from '../../../../../renderer/features/import-assistant/grid-view.tsx';
import type {
  GridSource,
  GridState,
} from '../../../../../renderer/features/import-assistant/grid-source.ts';

function model(rows: number): GridModel {
  let text = 'Company,Email,Address\r\n';
  for (let i = 1; i <= rows; i++) {
    text += `Co ${i},${i % 1000 === 7 ? 'bad@' : `c${i}@ok.example`},${i} Main St\r\n`;
  }
  const b = createGridBuilder({ schema: leadSchema });
  b.push(new TextEncoder().encode(text));
  const built = b.end();
  assert.ok(built.ok);
  return built.model;
}

function sourceOf(m: GridModel, editable = true): GridSource {
  const state = () => ({ rowCount: m.rowCount, counts: m.counts() });
  const read: GridSource = {
    columns: m.columns,
    window: (start, count) => Promise.resolve({ rows: m.windowOf(start, count), ...state() }),
  };
  if (!editable) return read;
  return {
    ...read,
    check: (row, column, value) => Promise.resolve(m.check(row, column, value)),
    edit: (row, column, value) => Promise.resolve({ row: m.edit(row, column, value), ...state() }),
    removeRow: (row) => Promise.resolve((m.removeRow(row), state())),
  };
}

function Harness({ source, initial }: { source: GridSource; initial: GridState }) {
  const [state, setState] = useState(initial);
  return (
    <>
      <p data-testid="counts">{state.counts.rowsWithProblems}</p>
      <GridView source={source} state={state} onState={setState} label="Rows of the file" />
    </>
  );
}

async function show(m: GridModel, editable = true) {
  render(
    <Harness
      source={sourceOf(m, editable)}
      initial={{ rowCount: m.rowCount, counts: m.counts() }}
    />,
  );
  const grid = screen.getByRole('grid', { name: 'Rows of the file' });
  await screen.findByText('Co 7');
  return grid;
}

const lines = (grid: HTMLElement) =>
  within(grid)
    .getAllByRole('rowheader')
    .map((h) => Number.parseInt(h.textContent ?? '', 10));

describe('the grid view', () => {
  afterEach(cleanup);
  after(closeDom);

  it('keeps only the rows in view in the DOM, problems first', async () => {
    const m = model(100_000);
    const grid = await show(m);
    assert.equal(grid.getAttribute('aria-rowcount'), '100001');
    assert.equal(grid.getAttribute('aria-colcount'), '4');
    const rows = within(grid).getAllByRole('row');
    assert.ok(rows.length <= 1 + 12 + 2 * 8, `${rows.length} rows in the DOM`);
    assert.deepEqual(lines(grid).slice(0, 3), [8, 1008, 2008]);
    const bad = within(grid).getAllByRole('gridcell', { name: /^bad@ Problem: / })[0]!;
    assert.equal(bad.getAttribute('aria-invalid'), 'true');
    assert.match(bad.getAttribute('title') ?? '', /not an email address/);
  });

  it('edits from the keyboard: checked as typed, Enter keeps it, Escape drops it', async () => {
    const m = model(50);
    const grid = await show(m);
    assert.equal(screen.getByTestId('counts').textContent, '1');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    assert.match(screen.getByTestId('grid-status').textContent ?? '', /^Row 8, Email: .*email/);
    fireEvent.keyDown(grid, { key: 'Enter' });
    const input = within(grid).getByRole('textbox', { name: 'Row 8, Email' });
    assert.equal((input as HTMLInputElement).value, 'bad@');
    fireEvent.change(input, { target: { value: 'good@ok.example' } });
    await screen.findByText('Row 8, Email: no problem.');
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' });
      await Promise.resolve();
    });
    await screen.findByText('Row 8, Email: no problem.');
    assert.equal(screen.getByTestId('counts').textContent, '0');
    assert.equal(within(grid).queryByRole('textbox'), null);
    assert.match(m.csvParts().join(''), /\r\nCo 7,good@ok\.example,7 Main St\r\n/);

    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'x' });
    const typed = within(grid).getByRole('textbox', { name: 'Row 2, Email' });
    assert.equal((typed as HTMLInputElement).value, 'x', 'typing starts an edit with the key');
    fireEvent.keyDown(typed, { key: 'Escape' });
    assert.equal(within(grid).queryByRole('textbox'), null);
    assert.equal(m.counts().edited, 1, 'Escape kept nothing');
  });

  it('starts the next edit from the committed value before the rows are read again', async () => {
    const m = model(50);
    const source = sourceOf(m);
    let reads = 0;
    // after the first window, the worker is slow: the rows are not read again in time
    const slow: GridSource = {
      ...source,
      window: (start, count) =>
        reads++ === 0 ? source.window(start, count) : new Promise(() => undefined),
    };
    render(<Harness source={slow} initial={{ rowCount: m.rowCount, counts: m.counts() }} />);
    const grid = screen.getByRole('grid', { name: 'Rows of the file' });
    await screen.findByText('Co 7');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    const input = within(grid).getByRole('textbox', { name: 'Row 8, Email' });
    fireEvent.change(input, { target: { value: 'new@ok.example' } });
    await act(async () => {
      fireEvent.keyDown(input, { key: 'Enter' });
      await Promise.resolve();
    });
    await screen.findByText('Row 8, Email: no problem.');
    fireEvent.keyDown(grid, { key: 'Enter' });
    const again = within(grid).getByRole('textbox', { name: 'Row 8, Email' });
    assert.equal((again as HTMLInputElement).value, 'new@ok.example');
  });

  it('reads the last rows after Ctrl+End', async () => {
    const m = model(5_000);
    const grid = await show(m);
    fireEvent.keyDown(grid, { key: 'End', ctrlKey: true });
    fireEvent.scroll(grid, { target: { scrollTop: grid.scrollTop } });
    await screen.findByText('Co 5000');
    assert.ok(lines(grid).includes(5001));
  });

  it('is read-only without edit', async () => {
    const grid = await show(model(20), false);
    assert.equal(grid.getAttribute('aria-readonly'), 'true');
    fireEvent.keyDown(grid, { key: 'Enter' });
    assert.equal(within(grid).queryByRole('textbox'), null);
    assert.equal(screen.queryByRole('button', { name: /Remove row/ }), null);
  });
});
