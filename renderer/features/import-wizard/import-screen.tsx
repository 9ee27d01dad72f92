/**
 * The Import screen: which site, then the wizard (choose → file → check → upload → verdict).
 * Holds the wizard reducer and the bytes (File objects) the pure state does not. DOM.
 */
import { useState } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { Timeline } from '../../components/timeline.tsx';
import type { Resubmit } from './import-controller.ts';
import { timelineOf, type WizardState } from './import-wizard-machine.ts';
import { useImportWizard } from './use-import-wizard.ts';
import { SitePicker } from './site-picker.tsx';
import { WizardBody } from './wizard-body.tsx';

/** The screen; `resubmit` presets site, target and a fresh name (from History). */
export function ImportScreen(props: {
  resubmit: Resubmit | null;
  siteId?: string | null;
  /** Leadbay (pull) sites have nothing to upload: they lead to "Check my server's file". */
  onPullCheck: (site: SiteView) => void;
}) {
  const [secret, setSecret] = useState('');
  const { sites, state, dispatch, schema, setSchema } = useImportWizard(
    props.resubmit,
    props.siteId ?? null,
  );

  const site = sites?.find((s) => s.id === state.siteId) ?? null;
  const needsSecret = site !== null && siteNeedsSecret(site);
  if (sites?.length === 0) {
    return (
      <div>
        <h1>Import</h1>
        <p>Add a site first (Sites → Add a site).</p>
      </div>
    );
  }
  const choosing = state.step === 'choose-target';
  const pull = site?.profile === 'pull' ? site : null;
  const ready = isReady(site, needsSecret, secret);
  return (
    <div>
      <h1>Import</h1>
      {choosing && sites && (
        <SitePicker
          sites={sites}
          value={state.siteId}
          onChange={(siteId) => dispatch({ type: 'wizard/site-chosen', siteId })}
          needsSecret={needsSecret}
          secret={secret}
          onSecret={setSecret}
        />
      )}
      {!choosing && <SiteLine site={site} state={state} />}
      {pull && <PullInstead onCheck={() => props.onPullCheck(pull)} />}
      {ready && (
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

/** The wizard can start: a site that takes uploads (not Leadbay) and its password if asked. */
function isReady(site: SiteView | null, needsSecret: boolean, secret: string): site is SiteView {
  return site !== null && site.profile !== 'pull' && (!needsSecret || secret !== '');
}

function siteNeedsSecret(site: SiteView): boolean {
  if (site.profile === 'pull') return false;
  return site.authMethod === 'password' && (site.secretMode === 'ask' || !site.hasSecret);
}

function SiteLine({ site, state }: { site: SiteView | null; state: WizardState }) {
  if (!site) return null;
  return (
    <>
      <p className="muted">
        To <strong>{site.name}</strong>{' '}
        <span className="mono">
          ({site.username}@{site.host})
        </span>
      </p>
      {state.step !== 'choose-file' && <Timeline steps={timelineOf(state)} />}
    </>
  );
}

/** A Leadbay site has nothing to upload: lead to its server check instead. */
function PullInstead(props: { onCheck: () => void }) {
  return (
    <section className="panel stack" aria-label="Leadbay fetches the file">
      <p>
        Leadbay fetches a file from your own server; nothing is uploaded from here. Check that
        Leadbay can read it.
      </p>
      <div className="row">
        <button type="button" className="btn primary" onClick={props.onCheck}>
          Check my server’s file
        </button>
      </div>
    </section>
  );
}
