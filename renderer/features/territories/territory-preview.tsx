/**
 * Territories before upload (and after the import): the map, the processing order of the files
 * (by 1_, 2_ prefix), what each valid one does on the server where that is known (updates an
 * existing territory / creates a new one / not known yet; created / updated after the import),
 * and the list beside it — invalid ones first in red with their reasons; a click on the list or
 * the map selects the same territory. DOM.
 */
import { useMemo, useState } from 'react';
import { inProcessingOrder, territoryLevel } from '../../lib/remote-name.ts';
import { plural } from '../../../core/util/text.ts';
import { TerritoryList } from './territory-list.tsx';
import { TerritoryMap } from './territory-map.tsx';
import type { TerritoryCollection } from './territory-features.ts';
import type { TerritoryFate, TerritoryFates } from './territory-fates.ts';

/** Map + side list + order. */
export function TerritoryPreview(props: {
  collection: TerritoryCollection;
  files: readonly string[];
  /** What each valid territory does on the server, and that in one sentence. */
  fates?: TerritoryFates;
  fatesNote?: string;
  /** After the import: say what was sent rather than what is ready. */
  imported?: boolean;
}) {
  const [selected, setSelected] = useState<number | null>(null);
  const order = useMemo(
    () => inProcessingOrder(props.files.map((name) => ({ name }))),
    [props.files],
  );
  const invalid = props.collection.features.filter((f) => !f.properties.ok).length;
  const chosen = selected === null ? null : props.collection.features[selected]?.properties;
  return (
    <section className="panel stack" aria-label="Territories">
      <div className="spread">
        <h3>
          {plural(props.collection.features.length - invalid, 'territory', 'territories')}{' '}
          {props.imported ? 'sent' : 'ready'}
          {invalid > 0 && (
            <span className="error-text">
              , {plural(invalid, 'cannot be imported', 'cannot be imported')}
            </span>
          )}
        </h3>
        <span className="small">
          <span className="legend valid" /> valid <span className="legend invalid" /> cannot be
          imported
        </span>
      </div>
      <p className="small">
        Processing order:{' '}
        {order.map((f, i) => (
          <span key={f.name}>
            {i > 0 && ' → '}
            <span className="mono">{f.name}</span> (level {territoryLevel(f.name) ?? '1, no prefix'}
            )
          </span>
        ))}
      </p>
      {props.fatesNote && (
        <p className="small" data-testid="territory-fates">
          {props.fatesNote}
        </p>
      )}
      {chosen && (
        <div
          className={`banner ${chosen.ok ? 'ok' : 'bad'}`}
          role="status"
          data-testid="territory-detail"
        >
          <strong>{chosen.name}</strong>{' '}
          <span className="muted small">
            ({chosen.file}, line {chosen.line})
          </span>
          <br />
          {chosen.ok ? validDetail(props.fates?.get(chosen.id)) : chosen.reason}
        </div>
      )}
      <div className="map-layout">
        <TerritoryMap collection={props.collection} selected={selected} onSelect={setSelected} />
        <TerritoryList
          collection={props.collection}
          selected={selected}
          onSelect={setSelected}
          fates={props.fates}
        />
      </div>
    </section>
  );
}

function validDetail(fate: TerritoryFate | undefined): string {
  switch (fate) {
    case 'updates':
      return 'Valid: it updates the territory of this name on the server.';
    case 'creates':
      return 'Valid: it creates a new territory on the server.';
    case 'created':
      return 'Valid: the platform created this territory.';
    case 'updated':
      return 'Valid: the platform updated the territory of this name.';
    case 'unknown':
      return 'Valid: it becomes a territory of this name (whether the server already has one is not known yet).';
    case undefined:
      return 'Valid: it becomes a territory of this name.';
  }
}
