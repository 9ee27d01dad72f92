/**
 * The list beside the map: invalid territories first with their reason, then the valid ones,
 * each with what it does on the server when that is known (created / updated). DOM.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { TerritoryCollection } from './territory-features.ts';
import { fateWords, type TerritoryFates } from './territory-fates.ts';

const maxListed = 2000;

type Props = {
  collection: TerritoryCollection;
  selected: number | null;
  onSelect: (id: number) => void;
  fates?: TerritoryFates | undefined;
};

/** Buttons, so each territory is reachable by keyboard. */
export function TerritoryList({ collection, selected, onSelect, fates }: Props) {
  const items = useMemo(
    () =>
      collection.features
        .map((f, id) => ({ id, p: f.properties }))
        .sort(
          (a, b) =>
            Number(a.p.ok) - Number(b.p.ok) || (a.p.level ?? 0) - (b.p.level ?? 0) || a.id - b.id,
        ),
    [collection],
  );
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A territory picked on the map: bring it into view in the list too.
    list.current?.querySelector('[aria-pressed="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <div className="territory-list" ref={list}>
      <ul className="steps" aria-label="Territories">
        {items.slice(0, maxListed).map(({ id, p }) => (
          <li key={p.id} style={{ display: 'block' }}>
            <button
              type="button"
              aria-pressed={selected === id}
              onClick={() => onSelect(id)}
              className={p.ok ? '' : 'bad'}
            >
              <span aria-hidden="true">{p.ok ? '■' : '✗'}</span> {p.name}
              {p.level !== null && <span className="muted small"> · level {p.level}</span>}
              {fates?.has(p.id) && (
                <span
                  className={`small fate fate-${fates.get(p.id) ?? ''}`}
                  data-fate={fates.get(p.id)}
                >
                  {' '}
                  · {fateWords(fates.get(p.id) ?? 'unknown')}
                </span>
              )}
            </button>
            {!p.ok && <div className="small error-text">{p.reason}</div>}
          </li>
        ))}
      </ul>
      {items.length > maxListed && (
        <p className="small muted">and {items.length - maxListed} more (use the map).</p>
      )}
    </div>
  );
}
