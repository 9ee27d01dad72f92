/**
 * One-click fixes for whole columns (issue 12 §4), offered on a checked file with problems:
 * dates into YYYY-MM-DD (day-first or month-first asked once when no value tells), choices
 * differing only in case or spaces, numbers with thousands separators or currency signs, spaces
 * around values. Each offer says how many values of the first rows it fixes, with examples; a
 * chosen fix is applied while converting and the file is checked again. DOM.
 */
import { useEffect, useState } from 'react';
import type { FixSuggestion } from '../../../core/import/index.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useAppServices } from '../../app-services.tsx';
import type { ColumnFix, ColumnSuggestions, Prepare } from '../../workers/check-protocol.ts';
import { suggestInWorker } from './assistant-controller.ts';

type Props = {
  file: File;
  schema: ObjectSchema;
  prepare: Prepare;
  applied: readonly ColumnFix[];
  onApply: (fix: ColumnFix) => void;
};

const kindWords: Record<FixSuggestion['kind'], string> = {
  date: 'Write the dates as YYYY-MM-DD',
  choice: 'Use the list’s spelling',
  number: 'Write the numbers plainly',
  trim: 'Remove the spaces around values',
};

/** The offers, read from the file in the worker once. */
export function FixOffers({ file, schema, prepare, applied, onApply }: Props) {
  const { createCheckWorker } = useAppServices();
  const [columns, setColumns] = useState<ColumnSuggestions[] | null>(null);
  useEffect(() => {
    let live = true;
    void suggestInWorker(createCheckWorker, file, schema, prepare).then(
      (c) => live && setColumns(c),
    );
    return () => {
      live = false;
    };
    // The file and its reading decide the offers; `prepare` is rebuilt on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [createCheckWorker, file, schema]);

  const open = (columns ?? []).filter((c) => !applied.some((a) => a.column === c.column));
  if (open.length === 0 && applied.length === 0) return null;
  return (
    <section className="panel stack" aria-labelledby="fix-offers-title" data-testid="fix-offers">
      <h3 id="fix-offers-title">Fixes the app can make</h3>
      {applied.length > 0 && (
        <p className="small">
          Applied to what is sent: {applied.map((a) => `${a.column} (${a.kind})`).join(', ')}.
        </p>
      )}
      {open.length === 0 && <p className="small muted">No other fix to offer.</p>}
      <ul className="stack">
        {open.flatMap((c) =>
          c.suggestions.map((s) => (
            <li key={`${c.column}-${s.kind}`} className="stack">
              <p>
                <strong>{c.column}</strong>: {s.fixes} value{s.fixes === 1 ? '' : 's'} in the first
                rows, like{' '}
                {s.examples.map((e, i) => (
                  <span key={e.from}>
                    {i > 0 ? ', ' : ''}
                    <span className="mono">{e.from}</span> → <span className="mono">{e.to}</span>
                  </span>
                ))}
              </p>
              {s.ask ? (
                <div className="row" role="group" aria-label={`${c.column}: ${s.ask.question}`}>
                  <span>{s.ask.question}</span>
                  {s.ask.choices.map((choice) => (
                    <button
                      key={choice.order}
                      type="button"
                      className="btn"
                      onClick={() =>
                        onApply({
                          column: c.column,
                          kind: s.kind,
                          options: { ...s.options, order: choice.order },
                        })
                      }
                    >
                      {choice.label}
                    </button>
                  ))}
                </div>
              ) : (
                <div className="row">
                  <button
                    type="button"
                    className="btn"
                    onClick={() => onApply({ column: c.column, kind: s.kind, options: s.options })}
                  >
                    {kindWords[s.kind]} in {c.column}
                  </button>
                </div>
              )}
            </li>
          )),
        )}
      </ul>
    </section>
  );
}
