/**
 * "Fix the failed rows" (issue 12 §5): the rows the platform's report names, as they were sent,
 * open in the import assistant's grid (grid-view.tsx) — numbered as in the sent file, beside the
 * platform's messages, every value editable and checked as typed with the template's rules, find
 * and replace, rows removable. "Check and send" hands the grid's file (the header and these rows
 * only) to the wizard, which checks and uploads it like any picked file. When the sent file
 * cannot be found (or has changed) it says so and offers picking the corrected file. DOM.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GridRules } from '../../../core/import/grid-model.ts';
import { schemaFromHeader } from '../../../core/schema/object-schema.ts';
import { plural } from '../../../core/util/text.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { ErrorLine } from '../../components/error-line.tsx';
import { formatCount } from '../../lib/format.ts';
import { describeError } from '../../lib/ipc-errors.ts';
import { GridFindReplace } from '../import-assistant/grid-find-replace.tsx';
import type { WorkerGrid } from '../import-assistant/grid-client.ts';
import type { GridCounts, GridSource, GridState } from '../import-assistant/grid-source.ts';
import { GridView } from '../import-assistant/grid-view.tsx';
import { useWorkerGrid } from '../import-assistant/use-worker-grid.ts';
import {
  failedRowsFile,
  failedRowsIdNote,
  platformSays,
  resubmissionName,
  sentRowsSource,
  type FailedRowsAnswer,
} from './failed-rows-draft.ts';
import { passwordRefused } from './password-refused.ts';

type Props = {
  entryId: string;
  secret: string | undefined;
  externalIdColumn: string | undefined;
  /** The rules the wizard checks this object with (null: no template; the columns are kept). */
  rules: GridRules | null;
  /** The server refused `secret` (typed for this import): ask for it again in place. */
  onPasswordRefused: () => void;
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
  const heading = useRef<HTMLHeadingElement>(null);
  const { entryId, secret } = props;
  useEffect(() => {
    let live = true;
    void bridge
      .invoke('history:failed-rows', secret ? { entryId, secret } : { entryId })
      .then((r) => {
        if (!live) return;
        if (!r.ok && passwordRefused(r.error.code, secret !== undefined)) {
          return props.onPasswordRefused(); // as the other steps do (issue 13)
        }
        if (!r.ok) return setLoaded({ state: 'failed', message: describeError(r.error) });
        setLoaded({ state: 'ready', answer: r.value });
      });
    return () => {
      live = false;
    };
    // onPasswordRefused is the parent's callback; a new one must not read the rows again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
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
      {loaded.state === 'ready' && (
        <Editor
          answer={loaded.answer}
          rules={props.rules}
          externalIdColumn={props.externalIdColumn}
          onSend={props.onSend}
          onPickFile={props.onPickFile}
        />
      )}
    </section>
  );
}

/** Without the object's template the columns are still checked, as the wizard would. */
function columnsOnly(answer: FailedRowsAnswer): GridRules {
  return { schema: schemaFromHeader('Rows', answer.header), mode: 'columns-only' };
}

function Editor(props: {
  answer: FailedRowsAnswer;
  rules: GridRules | null;
  externalIdColumn: string | undefined;
  onSend: (file: File) => void;
  onPickFile: () => void;
}) {
  const { answer } = props;
  const rules = props.rules ?? columnsOnly(answer);
  const file = useMemo(() => new Blob([failedRowsFile(answer)], { type: 'text/csv' }), [answer]);
  const { grid, state, setState, error, sending, exportFile } = useWorkerGrid(file, rules);

  const source = useMemo(() => grid && sentRowsSource(answer, grid), [answer, grid]);
  const idNote = failedRowsIdNote(answer, props.externalIdColumn);

  const send = async () => {
    const blob = await exportFile();
    if (!blob) return;
    props.onSend(new File([blob], resubmissionName(answer.fileName), { type: 'text/csv' }));
  };

  const c = state?.counts;
  return (
    <>
      <Intro answer={answer} />
      <NotHere answer={answer} />
      {!grid && !error && (
        <p className="muted" role="status">
          Opening the rows in the grid…
        </p>
      )}
      {error && <ErrorLine error={error} />}
      {grid && source && state && (
        <OpenRows answer={answer} grid={grid} source={source} state={state} onState={setState} />
      )}
      {idNote && <p className="small">{idNote}</p>}
      <div className="row">
        <button
          type="button"
          className="btn primary"
          disabled={!c || c.rows === 0 || sending}
          onClick={() => void send()}
        >
          Check and send {plural(c?.rows ?? answer.rows.length, 'row')}
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

/** The rows open in the grid, with their counts and the platform's messages. */
function OpenRows(props: {
  answer: FailedRowsAnswer;
  grid: WorkerGrid;
  source: GridSource;
  state: GridState;
  onState: (state: GridState) => void;
}) {
  const { answer, grid, source, state, onState: setState } = props;
  return (
    <>
      <p data-testid="grid-counts" role="status">
        {countsInWords(state.counts)}
      </p>
      <p className="small muted">
        Double-click a cell, or press Enter, to edit it; Enter keeps the value (Shift+Enter starts a
        new line in it), Escape leaves it as it was. Each value is checked as you type. Remove a row
        to leave it out.
      </p>
      {grid.extraColumns > 0 && (
        <p className="banner warn" data-testid="extra-values-note">
          Some rows have more values than the file has columns (under “Extra value”, often a value
          that held a comma without double quotes): the platform refuses such a row. Move each extra
          value into its column or empty it, or remove the row.
        </p>
      )}
      <GridFindReplace source={source} onState={setState} />
      <GridView
        source={source}
        state={state}
        onState={setState}
        label={`Failed rows to correct, ${plural(state.rowCount, 'row')}`}
        note={{ label: 'The platform says', text: (row) => platformSays(answer, row.row) }}
      />
    </>
  );
}

/** The report's rows that are not here: past the first ones read, or not in the sent file. */
function NotHere({ answer }: { answer: FailedRowsAnswer }) {
  return (
    <>
      {answer.truncated && (
        <p className="banner warn">
          The report names more rows than the app opens at once; the first{' '}
          {plural(answer.rows.length, 'row')} are here. Send them, then fix the rest the same way.
        </p>
      )}
      {answer.missing.length > 0 && (
        <p className="banner warn">
          The report names {plural(answer.missing.length, 'row')} the sent file does not have (
          {answer.missing.slice(0, 5).join(', ')}
          {answer.missing.length > 5 ? ', …' : ''}); they cannot be fixed here.
        </p>
      )}
    </>
  );
}

/** The grid's counts in words ("1 of 2 rows has problems here …"). */
function countsInWords(c: GridCounts): string {
  const found =
    c.rowsWithProblems === 0
      ? `No problem found here now (${plural(c.rows, 'row')}); the platform’s messages are beside each row.`
      : `${formatCount(c.rowsWithProblems)} of ${plural(c.rows, 'row')} ${c.rowsWithProblems === 1 ? 'has' : 'have'} problems here (${plural(c.problems, 'problem')}).`;
  const changed =
    c.edited + c.removed > 0
      ? ` ${plural(c.edited, 'row')} edited, ${plural(c.removed, 'row')} removed.`
      : '';
  return found + changed;
}

/** What these rows are and where they were read. */
function Intro({ answer }: { answer: FailedRowsAnswer }) {
  return (
    <p>
      {plural(answer.rows.length, 'row')} of <span className="mono">{answer.fileName}</span> failed
      on the platform. They are shown as they were sent (read{' '}
      {answer.source === 'server'
        ? 'back from the platform’s Failed/ folder'
        : 'from this computer'}
      , unchanged), numbered as in that file, with the platform’s messages. Correct them here: only
      these rows are sent again, so the rows already imported are not imported twice.
    </p>
  );
}
