/**
 * After picking a file (issue 12 §2–3): what the app read ("Windows-1252, separated by
 * semicolons", changeable; the sheet of a workbook) and what it will send; then, when the header
 * differs from the template, each file column with a few of its values, the template column it
 * goes to (a select, with the reason) or "Not imported"; a required column left without one
 * blocks going on. DOM.
 */
import { useId } from 'react';
import { delimiterInWords, delimiters, templateColumns } from '../../../core/import/index.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import type { Reading } from '../../workers/check-protocol.ts';
import { pairingProblems, readingInWords, sentInWords, type Pairing } from './assistant-rules.ts';

type Props = {
  fileName: string;
  reading: Reading;
  schema: ObjectSchema;
  pairing: Pairing;
  /** Whether the pairing table is shown (the header differs from the template). */
  showPairing: boolean;
  busy: boolean;
  onPairing: (pairing: Pairing) => void;
  onDelimiter: (delimiter: string) => void;
  onSheet: (sheet: string) => void;
  onContinue: () => void;
  onCancel: () => void;
};

/** The panel. */
export function AssistantPanel(props: Props) {
  const { reading, schema, pairing } = props;
  const problems = pairingProblems(pairing, schema);
  return (
    <section className="panel stack" aria-labelledby="assistant-title" data-testid="assistant">
      <h2 id="assistant-title">Check how “{props.fileName}” is read</h2>
      <ReadingLine {...props} />
      {props.showPairing && (
        <PairingTable
          reading={reading}
          schema={schema}
          pairing={pairing}
          onPairing={props.onPairing}
        />
      )}
      {problems.length > 0 && (
        <ul className="error-text" role="alert" aria-label="Before going on">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button
          type="button"
          className="btn primary"
          disabled={problems.length > 0 || props.busy}
          onClick={props.onContinue}
        >
          Check the converted file
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Pick another file
        </button>
      </div>
    </section>
  );
}

/** What was read (with the separator or sheet to change) and what will be sent. */
function ReadingLine(props: Props) {
  const id = useId();
  const { reading } = props;
  return (
    <div className="stack" data-testid="assistant-reading">
      <p>
        Read as <strong>{readingInWords(reading)}</strong>
        {reading.format === 'csv' && !reading.delimiterDetected ? ' (as you chose)' : ''}. Sent as{' '}
        <strong>{sentInWords}</strong>, with the template’s column names; your file is not changed.
      </p>
      <div className="row">
        {reading.format === 'csv' && (
          <span>
            <label htmlFor={`${id}-sep`}>Separator</label>{' '}
            <select
              id={`${id}-sep`}
              className="inline"
              value={reading.delimiter}
              disabled={props.busy}
              onChange={(e) => props.onDelimiter(e.target.value)}
            >
              {delimiters.map((d) => (
                <option key={d} value={d}>
                  {delimiterInWords(d)}
                </option>
              ))}
            </select>
          </span>
        )}
        {reading.format === 'xlsx' && reading.sheets.length > 1 && (
          <span>
            <label htmlFor={`${id}-sheet`}>Sheet</label>{' '}
            <select
              id={`${id}-sheet`}
              className="inline"
              value={reading.sheet}
              disabled={props.busy}
              onChange={(e) => props.onSheet(e.target.value)}
            >
              {reading.sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </span>
        )}
      </div>
    </div>
  );
}

/** One row per file column: its values, where it goes, why. */
function PairingTable(props: {
  reading: Reading;
  schema: ObjectSchema;
  pairing: Pairing;
  onPairing: (p: Pairing) => void;
}) {
  const { reading, pairing } = props;
  const columns = templateColumns(props.schema);
  const required = new Set(props.schema.fields.filter((f) => f.required).map((f) => f.name));
  const set = (k: number, to: string) =>
    props.onPairing(
      pairing.map((p, i) =>
        i === k ? { ...p, to, reason: to === '' ? 'left out' : 'as you chose' } : p,
      ),
    );
  return (
    <div className="stack">
      <h3>Match your columns to the template</h3>
      <p className="small muted">
        Check each pairing. A column set to “Not imported” is left out of what is sent.
      </p>
      <div className="table-scroll" tabIndex={0} aria-label="Column matching table">
        <table className="data" data-testid="pairing-table">
          <thead>
            <tr>
              <th scope="col">Your column</th>
              <th scope="col">First values</th>
              <th scope="col">Goes to</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {pairing.map((p, k) => (
              <tr key={`${k}-${p.from}`}>
                <th scope="row" className="mono">
                  {p.from || `(column ${k + 1}, no name)`}
                </th>
                <td className="value">{samples(reading, k)}</td>
                <td>
                  <select
                    className="inline"
                    aria-label={`Template column for ${p.from || `column ${k + 1}`}`}
                    value={p.to}
                    onChange={(e) => set(k, e.target.value)}
                  >
                    <option value="">Not imported</option>
                    {columns.map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.name}
                        {required.has(c.name) ? ' (required)' : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="small">{p.to === '' ? `Not imported: ${p.reason}` : p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Up to three non-empty values of column k from the preview. */
function samples(r: Reading, k: number): string {
  const values = r.preview.map((row) => row[k] ?? '').filter((v) => v.trim() !== '');
  return values.length === 0 ? '(empty)' : values.slice(0, 3).join(' · ');
}
