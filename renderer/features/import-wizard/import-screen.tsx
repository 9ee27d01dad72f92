/**
 * The Import screen: which site, then the wizard (choose → file → check → upload → verdict).
 * Holds the wizard reducer and the bytes (File objects) the pure state does not. DOM.
 */
import { useEffect, useReducer, useState } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { Timeline } from '../../components/timeline.tsx';
import { loadSites } from '../sites/sites-controller.ts';
import { followOutcomes, type Resubmit } from './import-controller.ts';
import { getEmptyState, timelineOf, wizardReducer } from './import-wizard-machine.ts';
import { SitePicker } from './site-picker.tsx';
import { WizardBody } from './wizard-body.tsx';

/** The screen; `resubmit` presets site, target and a fresh name (from History). */
export function ImportScreen(props: { resubmit: Resubmit | null; siteId?: string | null }) {
  const bridge = useBridge();
  const [sites, setSites] = useState<SiteView[] | null>(null);
  const [secret, setSecret] = useState('');
  const initialSite = props.resubmit?.siteId ?? props.siteId ?? null;
  const [state, dispatch] = useReducer(wizardReducer, initialSite, getEmptyState);
  const [schema, setSchema] = useState<ObjectSchema | null>(null);

  useEffect(() => {
    void loadSites(bridge).then((r) => {
      if (!r.ok) return;
      setSites(r.value);
      const first = r.value[0];
      if (first && state.siteId === null) dispatch({ type: 'wizard/site-chosen', siteId: first.id });
    });
    // Only on mount: later site changes come from the picker.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge]);

  const waitingFor = state.step === 'waiting' ? state.entryIds.join(',') : '';
  useEffect(() => {
    if (waitingFor === '') return;
    return followOutcomes(bridge, dispatch, waitingFor.split(','));
  }, [bridge, waitingFor]);

  const site = sites?.find((s) => s.id === state.siteId) ?? null;
  const needsSecret = site !== null && site.authMethod === 'password' && (site.secretMode === 'ask' || !site.hasSecret);
  if (sites !== null && sites.length === 0) {
    return (
      <div>
        <h1>Import</h1>
        <p>Add a site first (Sites → Add a site).</p>
      </div>
    );
  }
  return (
    <div>
      <h1>Import</h1>
      {state.step === 'choose-target' && sites && (
        <SitePicker sites={sites} value={state.siteId} onChange={(siteId) => dispatch({ type: 'wizard/site-chosen', siteId })}
          needsSecret={needsSecret} secret={secret} onSecret={setSecret} />
      )}
      {state.step !== 'choose-target' && site && (
        <p className="muted">
          To <strong>{site.name}</strong> <span className="mono">({site.username}@{site.host})</span>
        </p>
      )}
      {state.step !== 'choose-target' && state.step !== 'choose-file' && <Timeline steps={timelineOf(state)} />}
      {site && (!needsSecret || secret !== '') && (
        <WizardBody
          state={state}
          dispatch={dispatch}
          site={site}
          schema={schema}
          onSchema={setSchema}
          secret={needsSecret ? secret : undefined}
          resubmit={props.resubmit}
        />
      )}
    </div>
  );
}
