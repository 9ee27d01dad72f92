/**
 * Step 5: waiting for the platform (with the expected wait from its cadence), then the verdict
 * and the server's error rows in the same problems table. DOM.
 */
import { useAppServices } from '../../../app-services.tsx';
import { ProblemsTable } from '../../../components/problems-table.tsx';
import { formatDuration } from '../../../lib/format.ts';
import { plural } from '../../../../core/util/text.ts';
import { TerritoryPreview } from '../../territories/territory-preview.tsx';
import type { TerritoryCollection } from '../../territories/territory-features.ts';
import { fatesAfterImport } from '../../territories/territory-fates.ts';
import type { WizardState } from '../import-wizard-machine.ts';
import { canFixFailedRows, isPartial, nextStep, outcomeHeadline } from '../outcome-words.ts';
import { stepHeading } from '../use-step-focus.ts';

type Props = {
  state: Extract<WizardState, { step: 'waiting' | 'done' }>;
  collection: TerritoryCollection | null;
  onAnother: () => void;
  /** "Fix the failed rows" of this upload (ledger entry id). */
  onFixRows: (entryId: string) => void;
};

/** Waiting line or verdict banner, then the server's rows. */
export function ResultStep({ state, collection, onAnother, onFixRows }: Props) {
  const { download } = useAppServices();
  if (state.step === 'waiting') {
    const left = state.outcomes.filter((o) => o === null).length;
    return (
      <section className="panel stack" aria-labelledby="waiting-title">
        <h2 id="waiting-title" {...stepHeading}>
          Uploaded. Waiting for the platform…
        </h2>
        <p>
          {state.remoteNames.join(', ')} {state.remoteNames.length > 1 ? 'are' : 'is'} in the drop
          folder. The platform picks files up on its schedule: expect an answer within{' '}
          <strong>{formatDuration(state.expectedWaitMs)}</strong>. You can close this screen;
          History shows the result when it comes.
        </p>
        {state.files.length > 1 && (
          <p className="small muted">{plural(left, 'file')} still waiting.</p>
        )}
        <div>
          <button type="button" className="btn" onClick={onAnother}>
            Import another file meanwhile
          </button>
        </div>
      </section>
    );
  }
  const o = state.outcome;
  const fixable = canFixFailedRows(state);
  const warnings = state.summary.warnings;
  return (
    <section className="stack" aria-labelledby="done-title">
      <OutcomeBanner
        outcome={o}
        territoryFile={state.target.kind === 'territories'}
        fixable={fixable}
      />
      {fixable && (
        <div className="row">
          <button
            type="button"
            className="btn primary"
            onClick={() => onFixRows(state.entryIds[0] ?? '')}
          >
            Fix the failed rows
          </button>
          <span className="small muted">
            Opens the rows the platform refused, as they were sent, to correct and send alone.
          </span>
        </div>
      )}
      {warnings.length > 0 && <CheckWarnings warnings={warnings} />}
      {o.problems.length > 0 && (
        <div className="panel">
          <ProblemsTable
            title="The platform’s error report"
            rows={o.problems}
            exportName={`${state.remoteNames[0] ?? 'file'}.errors.csv`}
            onExport={(n, csv) => download(n, csv)}
          />
        </div>
      )}
      {state.target.kind === 'territories' && collection && (
        <AfterImportMap
          collection={collection}
          files={state.files.map((f) => f.name)}
          changes={o.territories}
        />
      )}
      <div>
        <button type="button" className={`btn${fixable ? '' : ' primary'}`} onClick={onAnother}>
          Import another file
        </button>
      </div>
    </section>
  );
}

/** The check's warnings, kept after the upload (issue 12 §6): History shows the same list. */
export function CheckWarnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <div
      className="panel"
      role="group"
      aria-label="Warnings from the check"
      data-testid="check-warnings"
    >
      <p>
        <strong>Warnings from the check on this computer</strong> (the file was sent with them):
      </p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The verdict in words: status ("12 imported, 3 failed" when partly imported), the platform's
 * message, row or territory counts and the next step. Announced by the wizard's live region.
 */
function OutcomeBanner({
  outcome: o,
  territoryFile,
  fixable,
}: {
  outcome: WizardStateDone['outcome'];
  territoryFile: boolean;
  fixable: boolean;
}) {
  const partial = isPartial(o);
  const failed = o.status === 'failed' || o.status === 'timeout';
  const territories = o.territoriesCreated !== undefined || o.territoriesUpdated !== undefined;
  const [one, many] = territoryFile ? ['territory', 'territories'] : ['row', 'rows'];
  const next = nextStep(o, fixable);
  return (
    <div className={`banner ${partial ? 'warn' : failed ? 'bad' : 'ok'}`} data-testid="outcome">
      <h2 id="done-title" {...stepHeading}>
        {outcomeHeadline(o)}
      </h2>
      {o.message && <p>{o.message}</p>}
      {o.rowsTotal !== undefined && (
        <p>
          {plural(o.rowsImported ?? 0, one, many)} imported, {plural(o.rowsFailed ?? 0, one, many)}{' '}
          failed, of {plural(o.rowsTotal, one, many)}.
        </p>
      )}
      {territories && (
        <p data-testid="territory-counts">
          {plural(o.territoriesCreated ?? 0, 'territory', 'territories')} created,{' '}
          {plural(o.territoriesUpdated ?? 0, 'territory', 'territories')} updated (a territory of
          the same name is updated).
        </p>
      )}
      {next && (
        <p data-testid="next-step">
          <strong>Next:</strong> {next}
        </p>
      )}
    </div>
  );
}

/** The map again, each listed territory marked created or updated as the platform reported. */
function AfterImportMap(props: {
  collection: TerritoryCollection;
  files: string[];
  changes: NonNullable<WizardStateDone['outcome']['territories']> | undefined;
}) {
  const fates = props.changes ? fatesAfterImport(props.collection, props.changes) : undefined;
  return (
    <TerritoryPreview
      collection={props.collection}
      files={props.files}
      imported
      {...(fates && fates.size > 0 ? { fates } : {})}
    />
  );
}

type WizardStateDone = Extract<WizardState, { step: 'done' }>;
