/**
 * The Import screen: which site (and its password when asked every time), then the wizard
 * (choose → file → check → upload → verdict); a "fix and resubmit" from History starts on its
 * site with the first upload's rules (resubmit-start.tsx). Holds the wizard reducer and the
 * bytes (File objects) the pure state does not. DOM.
 */
import { useRef, useState } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { Timeline } from '../../components/timeline.tsx';
import type { Resubmit } from './import-controller.ts';
import { timelineOf, type WizardState } from './import-wizard-machine.ts';
import { PasswordGate } from './password-gate.tsx';
import { ResubmitStart } from './resubmit-start.tsx';
import { useImportWizard } from './use-import-wizard.ts';
import { SitePicker } from './site-picker.tsx';
import { WizardBody } from './wizard-body.tsx';
import { announcement } from './outcome-words.ts';
import { useStepFocus } from './use-step-focus.ts';

/** The screen; `resubmit` presets site, target and a fresh name (from History). */
export function ImportScreen(props: {
  resubmit: Resubmit | null;
  siteId?: string | null;
  /** Leadbay (pull) sites have nothing to upload: they lead to "Check my server's file". */
  onPullCheck: (site: SiteView) => void;
}) {
  const [secret, setSecret] = useState('');
  /** The server refused the password typed last: the prompt says so (password-refused.ts). */
  const [refused, setRefused] = useState(false);
  /** Continue at the password prompt: the prompt goes away, so focus goes to the step. */
  const [typed, setTyped] = useState(0);
  const onSecret = (s: string) => {
    setSecret(s);
    setRefused(false);
    setTyped((n) => n + 1);
  };
  const onPasswordRefused = () => {
    setSecret('');
    setRefused(true);
  };
  const wizard = useImportWizard(props.resubmit, props.siteId ?? null);
  const { sites, state, dispatch, setSchema } = wizard;
  // A resubmission applies until the wizard is back at its start (Start over, another file).
  const [phase, setPhase] = useState<'start' | 'wizard' | 'over'>('start');
  const choosing = state.step === 'choose-target';
  if (phase === 'wizard' && choosing) setPhase('over'); // adjusting state while rendering
  const resubmit = phase === 'over' ? null : props.resubmit;

  const site = sites?.find((s) => s.id === state.siteId) ?? null;
  const needsSecret = site !== null && siteNeedsSecret(site);
  const body = useRef<HTMLDivElement>(null);
  useStepFocus(`${stepKeyOf(state)}#${typed}`, body);
  if (sites?.length === 0) {
    return (
      <div>
        <h1>Import</h1>
        <p>Add a site first (Sites → Add a site).</p>
      </div>
    );
  }
  return (
    <div ref={body}>
      <h1>Import</h1>
      {/* Present before any text arrives, so screen readers announce each result. */}
      <p className="visually-hidden" role="status" data-testid="wizard-announcer">
        {announcement(state)}
      </p>
      {resubmit && phase === 'start' ? (
        <ResubmitArea
          site={site}
          state={state}
          resubmit={resubmit}
          needsSecret={needsSecret}
          secret={secret}
          onSecret={onSecret}
          refused={refused}
          onPasswordRefused={onPasswordRefused}
          onReady={(target, s) => {
            setSchema(s);
            setPhase('wizard');
            dispatch({ type: 'wizard/target-chosen', target });
            if (resubmit.fixRows) {
              dispatch({ type: 'wizard/fix-failed-rows', entryId: resubmit.entryId });
            }
          }}
        />
      ) : (
        <>
          {choosing && sites && (
            <SitePicker
              sites={sites}
              value={state.siteId}
              onChange={(siteId) => {
                setSecret(''); // a password belongs to its site
                setRefused(false);
                dispatch({ type: 'wizard/site-chosen', siteId });
              }}
            />
          )}
          {!choosing && <SiteLine site={site} state={state} />}
          <SiteWizard
            site={site}
            needsSecret={needsSecret}
            secret={secret}
            onSecret={onSecret}
            refused={refused}
            onPasswordRefused={onPasswordRefused}
            wizard={wizard}
            resubmit={resubmit}
            onPullCheck={props.onPullCheck}
          />
        </>
      )}
    </div>
  );
}

/** "Fix and resubmit" before its file: the site, then its password and rules. */
function ResubmitArea(
  props: { site: SiteView | null; state: WizardState } & Omit<
    Parameters<typeof ResubmitStart>[0],
    'site'
  >,
) {
  const { site, state, ...start } = props;
  if (!site) return null;
  return (
    <>
      <SiteLine site={site} state={state} />
      <ResubmitStart site={site} {...start} />
    </>
  );
}

/** For the chosen site: Leadbay's server check, the password if asked, or the wizard. */
function SiteWizard(props: {
  site: SiteView | null;
  needsSecret: boolean;
  secret: string;
  onSecret: (secret: string) => void;
  refused: boolean;
  onPasswordRefused: () => void;
  wizard: ReturnType<typeof useImportWizard>;
  resubmit: Resubmit | null;
  onPullCheck: (site: SiteView) => void;
}) {
  const { site, needsSecret, secret, wizard } = props;
  if (site === null) return null;
  if (site.profile === 'pull') return <PullInstead onCheck={() => props.onPullCheck(site)} />;
  if (needsSecret && secret === '') {
    return (
      <PasswordGate
        siteName={site.name}
        purpose="to read its templates and upload"
        onSecret={props.onSecret}
        refused={props.refused}
      />
    );
  }
  return (
    <WizardBody
      state={wizard.state}
      dispatch={wizard.dispatch}
      site={site}
      schema={wizard.schema}
      onSchema={wizard.setSchema}
      secret={needsSecret ? secret : undefined}
      onSecret={props.onSecret}
      onPasswordRefused={props.onPasswordRefused}
      resubmit={props.resubmit}
    />
  );
}

/** Changes whenever the wizard shows another step (an upload's error or next file included). */
function stepKeyOf(state: WizardState): string {
  if (state.step !== 'uploading') return state.step;
  return `uploading:${state.current}:${state.error ?? ''}`;
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
      {state.step !== 'choose-file' && state.step !== 'choose-target' && (
        <Timeline steps={timelineOf(state)} />
      )}
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
