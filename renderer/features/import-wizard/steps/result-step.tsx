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
import { outcomeLabel, type WizardState } from '../import-wizard-machine.ts';

type Props = {
  state: Extract<WizardState, { step: 'waiting' | 'done' }>;
  collection: TerritoryCollection | null;
  onAnother: () => void;
};

/** Waiting line or verdict banner, then the server's rows. */
export function ResultStep({ state, collection, onAnother }: Props) {
  const { download } = useAppServices();
  if (state.step === 'waiting') {
    const left = state.outcomes.filter((o) => o === null).length;
    return (
      <section className="panel stack" aria-labelledby="waiting-title" aria-live="polite">
        <h2 id="waiting-title">Uploaded. Waiting for the platform…</h2>
        <p>
          {state.remoteNames.join(', ')} {state.remoteNames.length > 1 ? 'are' : 'is'} in the drop
          folder. The platform picks files up on its schedule: expect an answer within{' '}
          <strong>{formatDuration(state.expectedWaitMs)}</strong>. You can close this screen;
          History shows the result when it comes.
        </p>
        {state.files.length > 1 && (
          <p className="small muted">{plural(left, 'file')} still waiting.</p>
        )}
      </section>
    );
  }
  const o = state.outcome;
  return (
    <section className="stack" aria-labelledby="done-title">
      <OutcomeBanner outcome={o} />
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
        <button type="button" className="btn primary" onClick={onAnother}>
          Import another file
        </button>
      </div>
    </section>
  );
}

/** The verdict in words: status, the platform's message, row and territory counts. */
function OutcomeBanner({ outcome: o }: { outcome: WizardStateDone['outcome'] }) {
  const failed = o.status === 'failed' || o.status === 'timeout';
  const territories = o.territoriesCreated !== undefined || o.territoriesUpdated !== undefined;
  return (
    <div className={`banner ${failed ? 'bad' : 'ok'}`} role="status" data-testid="outcome">
      <h2 id="done-title">{outcomeLabel(o.status)}</h2>
      {o.message && <p>{o.message}</p>}
      {o.rowsTotal !== undefined && (
        <p>
          {plural(o.rowsImported ?? 0, 'row')} imported, {plural(o.rowsFailed ?? 0, 'row')} failed,
          of {plural(o.rowsTotal, 'row')}.
        </p>
      )}
      {territories && (
        <p data-testid="territory-counts">
          {plural(o.territoriesCreated ?? 0, 'territory', 'territories')} created,{' '}
          {plural(o.territoriesUpdated ?? 0, 'territory', 'territories')} updated (a territory of
          the same name is updated).
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
