/**
 * Step 3 done: what the check found (counts, warnings, the problems table or the territory map
 * with what each territory does on the server where known), the name the file gets on the
 * server, and Upload — enabled only for a clean file. DOM.
 */
import { useMemo, type Dispatch, type ReactNode } from 'react';
import { useAppServices } from '../../../app-services.tsx';
import { ProblemsTable } from '../../../components/problems-table.tsx';
import { TerritoryPreview } from '../../territories/territory-preview.tsx';
import type { TerritoryCollection } from '../../territories/territory-features.ts';
import {
  fatesBeforeUpload,
  fatesSummary,
  type KnownTerritoryNames,
} from '../../territories/territory-fates.ts';
import { canUpload, type WizardAction, type WizardState } from '../import-wizard-machine.ts';
import { CheckVerdict } from './check-verdict.tsx';
import { RemoteNames } from './remote-names.tsx';
import { stepHeading } from '../use-step-focus.ts';

type Props = {
  state: Extract<WizardState, { step: 'checked' }>;
  dispatch: Dispatch<WizardAction>;
  collection: TerritoryCollection | null;
  /** What the ledger knows of the site's territories (null while loading or unknown). */
  known: KnownTerritoryNames | null;
  onUpload: () => void;
  /** The assistant's grid is on this page to fix the rows in (grid-panel.tsx). */
  fixHere?: boolean;
  /**
   * The import assistant's part (use-import-assistant.tsx): what is sent, the one-click fixes,
   * then the grid — under the step's heading and verdict, so they are read (and seen) first.
   */
  assistant?: ReactNode;
};

/** Verdict, details, names, actions. */
export function CheckedStep(props: Props) {
  const { state, dispatch, collection, known, onUpload, fixHere, assistant } = props;
  const { download } = useAppServices();
  const s = state.summary;
  const territories = state.target.kind === 'territories';
  const fates = useMemo(
    () => (collection ? fatesBeforeUpload(collection, known) : undefined),
    [collection, known],
  );
  return (
    <section className="stack" aria-labelledby="checked-title">
      <h2 id="checked-title" {...stepHeading}>
        Checked {state.files.map((f) => f.name).join(', ')}
      </h2>
      <CheckVerdict state={state} fixHere={fixHere ?? false} />
      {assistant}
      {territories && collection && (
        <TerritoryPreview
          collection={collection}
          files={state.files.map((f) => f.name)}
          {...(fates && fates.size > 0 ? { fates, fatesNote: fatesSummary(fates, known) } : {})}
        />
      )}
      {s.problems.length > 0 && (
        <div className="panel">
          <ProblemsTable
            title={territories ? 'Territories that cannot be imported' : 'Problems found'}
            rows={s.problems}
            total={s.problemCount}
            exportName={`${state.files[0]?.name ?? 'file'}.problems.csv`}
            onExport={(name, csv) => download(name, csv)}
            {...(territories
              ? { labels: { row: 'Placemark', column: 'File', value: 'Name' } }
              : {})}
          />
        </div>
      )}
      <div className="panel stack">
        <RemoteNames
          names={state.remoteNames}
          onRename={(index, remoteName) => dispatch({ type: 'wizard/renamed', index, remoteName })}
        />
        <div className="row">
          <button
            type="button"
            className="btn primary"
            disabled={!canUpload(state)}
            onClick={onUpload}
          >
            Upload {state.files.length > 1 ? `${state.files.length} files` : ''}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => dispatch({ type: 'wizard/pick-again' })}
          >
            Pick another file
          </button>
          <button type="button" className="btn" onClick={() => dispatch({ type: 'wizard/back' })}>
            Start over
          </button>
          {!canUpload(state) && (
            <span className="small muted">Fix the problems and pick the file again.</span>
          )}
        </div>
      </div>
    </section>
  );
}
