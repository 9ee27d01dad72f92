/**
 * "Fix the failed rows" (issue 12 §5): the rows the platform's report names, as they were sent,
 * each with the platform's messages and every value editable; rows can be left out. "Check and
 * send" hands a file of the header and these rows only to the wizard, which checks and uploads it
 * like any picked file. When the sent file cannot be found (or has changed) it says so and offers
 * picking the corrected file. A small table of its own: failed rows are few; a later version can
 * render the same draft (failed-rows-draft.ts) in the assistant's shared grid. DOM.
 */
import { useEffect, useRef, useState } from 'react';
import { plural } from '../../../core/util/text.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { ErrorLine } from '../../components/error-line.tsx';
import { describeError } from '../../lib/ipc-errors.ts';
import {
  draftFile,
  draftOf,
  editCell,
  extraColumns,
  extraLabel,
  extraValuesNote,
  failedRowsIdNote,
  isEdited,
  keptRows,
  setLeftOut,
  type FailedRowsAnswer,
  type FailedRowsDraft,
} from './failed-rows-draft.ts';

type Props = {
  entryId: string;
  secret: string | undefined;
  externalIdColumn: string | undefined;
  /** The resubmission, to be checked and uploaded by the wizard. */
  onSend: (file: File) => void;
  onPickFile: () => void;
  onBack: () => void;
};

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; answer: FailedRowsAnswer };

/** Loads the failed rows of `entryId`, then the editor. */
export function FailedRowsEditor(props: Props) {
  const bridge = useBridge();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [draft, setDraft] = useState<FailedRowsDraft | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { entryId, secret } = props;
  useEffect(() => {
    let live = true;
    void bridge
      .invoke('history:failed-rows', secret ? { entryId, secret } : { entryId })
      .then((r) => {
        if (!live) return;
        if (!r.ok) return setLoaded({ state: 'failed', message: describeError(r.error) });
        setLoaded({ state: 'ready', answer: r.value });
        setDraft(draftOf(r.value));
      });
    return () => {
      live = false;
    };
  }, [bridge, entryId, secret]);
  useEffect(() => heading.current?.focus(), []);

  return (
    <section className="panel stack" aria-labelledby="failed-rows-title">
      <h2 id="failed-rows-title" ref={heading} tabIndex={-1}>
        Fix the failed rows
      </h2>
      {loaded.state === 'loading' && <p className="muted">Reading the rows that were sent…</p>}
      {loaded.state === 'failed' && (
        <>
          <ErrorLine error={loaded.message} />
          <div className="row">
            <button type="button" className="btn primary" onClick={props.onPickFile}>
              Pick the corrected file
            </button>
            <button type="button" className="btn" onClick={props.onBack}>
              Back
            </button>
          </div>
        </>
      )}
      {loaded.state === 'ready' && draft && (
        <Editor
          answer={loaded.answer}
          draft={draft}
          onDraft={setDraft}
          externalIdColumn={props.externalIdColumn}
          onSend={() => {
            const f = draftFile(draft);
            props.onSend(new File([f.text], f.name, { type: 'text/csv' }));
          }}
          onPickFile={props.onPickFile}
        />
      )}
    </section>
  );
}

function Editor(props: {
  answer: FailedRowsAnswer;
  draft: FailedRowsDraft;
  onDraft: (d: FailedRowsDraft) => void;
  externalIdColumn: string | undefined;
  onSend: () => void;
  onPickFile: () => void;
}) {
  const { answer, draft, onDraft } = props;
  const kept = keptRows(draft).length;
  const idNote = failedRowsIdNote(draft, props.externalIdColumn);
  // Values past the header's columns (a "too many values" row): shown so they can be emptied.
  const extras = Array.from({ length: extraColumns(draft) }, (_, k) => draft.header.length + k);
  const extraNote = extraValuesNote(draft);
  return (
    <>
      <p>
        {plural(draft.rows.length, 'row')} of <span className="mono">{answer.fileName}</span> failed
        on the platform. They are shown as they were sent (read{' '}
        {answer.source === 'server'
          ? 'back from the platform’s Failed/ folder'
          : 'from this computer'}
        , unchanged), with the platform’s messages. Correct them here: only these rows are sent
        again, so the rows already imported are not imported twice.
      </p>
      {answer.truncated && (
        <p className="banner warn">
          The report names more rows than the app opens at once; the first{' '}
          {plural(draft.rows.length, 'row')} are here. Send them, then fix the rest the same way.
        </p>
      )}
      {answer.missing.length > 0 && (
        <p className="banner warn">
          The report names {plural(answer.missing.length, 'row')} the sent file does not have (
          {answer.missing.slice(0, 5).join(', ')}
          {answer.missing.length > 5 ? ', …' : ''}); they cannot be fixed here.
        </p>
      )}
      <div className="table-scroll failed-rows" role="group" aria-label="Failed rows to correct">
        <table className="data">
          <caption className="visually-hidden">Failed rows with the platform’s messages</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">The platform says</th>
              {draft.header.map((h, c) => (
                <th key={c} scope="col">
                  {h}
                </th>
              ))}
              {extras.map((c, k) => (
                <th key={c} scope="col" className="extra-value">
                  {extraLabel(k)}
                </th>
              ))}
              <th scope="col">Send</th>
            </tr>
          </thead>
          <tbody>
            {draft.rows.map((r, i) => (
              <tr key={r.row} data-row={r.row} className={r.leftOut ? 'left-out' : undefined}>
                <th scope="row">{r.row}</th>
                <td className="problems">
                  <ul className="problem-list">
                    {r.problems.map((p, k) => (
                      <li key={k}>
                        {p.column && <strong>{p.column}: </strong>}
                        {p.message}
                      </li>
                    ))}
                  </ul>
                </td>
                {draft.header.map((h, c) => {
                  const flagged = r.problems.some((p) => p.column === h);
                  const value = r.edited[c] ?? '';
                  return (
                    <td key={c}>
                      <textarea
                        aria-label={`${h}, row ${r.row}`}
                        aria-invalid={flagged && !isEdited(r, c) ? true : undefined}
                        className={`cell${flagged ? ' flagged' : ''}${isEdited(r, c) ? ' edited' : ''}`}
                        rows={Math.min(4, value.split('\n').length)}
                        value={value}
                        disabled={r.leftOut}
                        onChange={(e) => onDraft(editCell(draft, i, c, e.target.value))}
                      />
                    </td>
                  );
                })}
                {extras.map((c, k) => {
                  // Only the values this row has: an empty cell where it has none.
                  if (c >= r.values.length) return <td key={c} />;
                  const value = r.edited[c] ?? '';
                  const label = extraLabel(k);
                  return (
                    <td key={c}>
                      <textarea
                        aria-label={`${label}, row ${r.row}`}
                        aria-invalid={value.trim() !== '' ? true : undefined}
                        className={`cell flagged${isEdited(r, c) ? ' edited' : ''}`}
                        rows={Math.min(4, value.split('\n').length)}
                        value={value}
                        disabled={r.leftOut}
                        onChange={(e) => onDraft(editCell(draft, i, c, e.target.value))}
                      />
                    </td>
                  );
                })}
                <td>
                  <label>
                    <input
                      type="checkbox"
                      checked={!r.leftOut}
                      onChange={(e) => onDraft(setLeftOut(draft, i, !e.target.checked))}
                    />{' '}
                    <span className="visually-hidden">Send row {r.row}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {idNote && <p className="small">{idNote}</p>}
      {extraNote && (
        <p className="banner warn" id="failed-rows-extra-note" data-testid="extra-values-note">
          {extraNote}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="btn primary"
          disabled={kept === 0 || extraNote !== null}
          aria-describedby={extraNote ? 'failed-rows-extra-note' : undefined}
          onClick={props.onSend}
        >
          Check and send {plural(kept, 'row')}
        </button>
        <button type="button" className="btn" onClick={props.onPickFile}>
          Pick a corrected file instead
        </button>
      </div>
      <p className="small muted">
        The rows are checked on this computer with the same rules as before they are sent, under a
        new name.
      </p>
    </>
  );
}
