/**
 * Find and replace in one column of the grid (issue 12 §4): every row, not only those in view;
 * the rows changed are re-checked and the counts come back. DOM.
 */
import { useId, useState, type FormEvent } from 'react';
import type { GridSource, GridState } from './grid-source.ts';

type Props = { source: GridSource; onState: (state: GridState) => void };

export function GridFindReplace({ source, onState }: Props) {
  const id = useId();
  const [column, setColumn] = useState(0);
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [matchCase, setMatchCase] = useState(false);
  const [wholeValue, setWholeValue] = useState(false);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  if (!source.findReplace) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await source.findReplace!(column, find, replace, { matchCase, wholeValue });
      onState(r);
      const name = source.columns[column] ?? '';
      setSaid(
        r.replaced === 0
          ? `“${find}” is not in ${name}: nothing replaced.`
          : `Replaced in ${r.replaced.toLocaleString('en-US')} value${r.replaced === 1 ? '' : 's'} of ${name}; those rows were checked again.`,
      );
    } catch (err: unknown) {
      setSaid(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack"
      aria-label="Find and replace in a column"
      onSubmit={(e) => void submit(e)}
    >
      <div className="row grid-find">
        <span>
          <label htmlFor={`${id}-col`}>In column</label>{' '}
          <select
            id={`${id}-col`}
            className="inline"
            value={column}
            onChange={(e) => setColumn(Number(e.target.value))}
          >
            {source.columns.map((c, k) => (
              <option key={k} value={k}>
                {c}
              </option>
            ))}
          </select>
        </span>
        <span>
          <label htmlFor={`${id}-find`}>Find</label>{' '}
          <input
            id={`${id}-find`}
            className="inline"
            value={find}
            onChange={(e) => setFind(e.target.value)}
          />
        </span>
        <span>
          <label htmlFor={`${id}-replace`}>Replace with</label>{' '}
          <input
            id={`${id}-replace`}
            className="inline"
            value={replace}
            onChange={(e) => setReplace(e.target.value)}
          />
        </span>
        <label>
          <input
            type="checkbox"
            checked={matchCase}
            onChange={(e) => setMatchCase(e.target.checked)}
          />{' '}
          Match case
        </label>
        <label>
          <input
            type="checkbox"
            checked={wholeValue}
            onChange={(e) => setWholeValue(e.target.checked)}
          />{' '}
          Whole value only
        </label>
        <button type="submit" className="btn" disabled={busy || find === ''}>
          Replace all
        </button>
      </div>
      {said && (
        <p className="small" role="status">
          {said}
        </p>
      )}
    </form>
  );
}
