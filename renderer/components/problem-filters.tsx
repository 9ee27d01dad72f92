/** The problems table's filters: by column and by kind of error, with counts. DOM. */
import { useId } from 'react';
import type { ProblemFilter } from '../lib/problems.ts';
import { kindInWords } from '../lib/problems.ts';

type Count = { value: string; count: number };
type Props = {
  columns: Count[];
  kinds: Count[];
  filter: ProblemFilter;
  columnLabel: string;
  onChange: (filter: ProblemFilter) => void;
};

/** Two selects; "All" clears a filter. */
export function ProblemFilters({ columns, kinds, filter, columnLabel, onChange }: Props) {
  const id = useId();
  return (
    <div className="row">
      <div className="field">
        <label htmlFor={`${id}-col`}>{columnLabel}</label>
        <select
          id={`${id}-col`}
          value={filter.column ?? ''}
          onChange={(e) => onChange({ ...filter, column: e.target.value || null })}
        >
          <option value="">All ({columns.reduce((n, c) => n + c.count, 0)})</option>
          {columns.map((c) => (
            <option key={c.value} value={c.value}>
              {c.value || '(whole row)'} ({c.count})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Kind of problem</label>
        <select
          id={`${id}-kind`}
          value={filter.kind ?? ''}
          onChange={(e) => onChange({ ...filter, kind: e.target.value || null })}
        >
          <option value="">All ({kinds.reduce((n, c) => n + c.count, 0)})</option>
          {kinds.map((k) => (
            <option key={k.value} value={k.value}>
              {kindInWords(k.value)} ({k.count})
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
