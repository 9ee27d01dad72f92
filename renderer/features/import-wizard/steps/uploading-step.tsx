/**
 * Step 4: the upload's progress, rate and time left; on failure, what happened and Retry — or,
 * when the server refused the password typed for this import, the password asked again in place
 * (`passwordPrompt`; no Retry with the old one); when this exact file was sent before, the warning
 * with "Send it again anyway" or Cancel. DOM.
 */
import type { ReactNode } from 'react';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { formatBytes, formatDuration, formatRate, percent } from '../../../lib/format.ts';
import type { WizardState } from '../import-wizard-machine.ts';
import { stepHeading } from '../use-step-focus.ts';

type Props = {
  state: Extract<WizardState, { step: 'uploading' }>;
  onRetry: () => void;
  /** Sends the file although the same content was uploaded before (`allowDuplicate`). */
  onSendAgain: () => void;
  onCancel: () => void;
  onBack: () => void;
  /** Shown instead of Retry when the server refused the typed password (password-gate.tsx). */
  passwordPrompt?: ReactNode;
};

/** Progress, or the error with Retry. */
export function UploadingStep(props: Props) {
  const { state, onRetry, onSendAgain, onCancel, onBack, passwordPrompt } = props;
  const p = state.progress;
  const name = state.remoteNames[state.current] ?? '';
  const many =
    state.files.length > 1 ? ` (file ${state.current + 1} of ${state.files.length})` : '';
  if (state.duplicate && state.error) {
    return (
      <section className="panel stack" aria-labelledby="uploading-title">
        <h2 id="uploading-title" {...stepHeading}>
          {name} was uploaded before{many}
        </h2>
        <div className="banner warn" role="alert">
          <p>
            <strong>Nothing was sent.</strong> {state.error}
          </p>
          <p className="small">{againMeans(state.target.kind)}</p>
          {/* The safe choice is the main button (and first): Cancel. */}
          <div className="row">
            <button type="button" className="btn primary" onClick={onBack}>
              Cancel
            </button>
            <button type="button" className="btn" onClick={onSendAgain}>
              Send it again anyway
            </button>
          </div>
        </div>
      </section>
    );
  }
  return (
    <section className="panel stack" aria-labelledby="uploading-title">
      <h2 id="uploading-title" {...stepHeading}>
        {state.cancelled ? `Upload of ${name} cancelled` : `Uploading ${name}`}
        {many}
      </h2>
      <ProgressBar
        label="Upload"
        value={percent(p.bytes, p.total)}
        caption={
          state.error
            ? `${formatBytes(p.bytes)} of ${formatBytes(p.total)} sent`
            : `${formatBytes(p.bytes)} of ${formatBytes(p.total)} · ${speed(p)}`
        }
      />
      {!state.error && (
        <div className="row">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel upload
          </button>
        </div>
      )}
      {state.error && state.passwordRefused && passwordPrompt && (
        <>
          <p className="small">Nothing was sent.</p>
          {passwordPrompt}
          <div className="row">
            <button type="button" className="btn" onClick={onBack}>
              Back
            </button>
          </div>
        </>
      )}
      {state.error && !(state.passwordRefused && passwordPrompt) && (
        <div className="banner bad" role="alert">
          <p>
            <strong>{state.cancelled ? 'Upload cancelled.' : 'The upload did not finish.'}</strong>{' '}
            {state.error}
          </p>
          <div className="row">
            <button type="button" className="btn primary" onClick={onRetry}>
              Retry
            </button>
            <button type="button" className="btn" onClick={onBack}>
              Back
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** What sending the same content again does on the platform (contract §5.5, §6). */
function againMeans(kind: Props['state']['target']['kind']): string {
  switch (kind) {
    case 'records':
      return 'Sending it again imports the same rows again: rows with an external id update their record, the others are added a second time.';
    case 'territories':
      return 'Sending it again updates the territories of the same names.';
    case 'space-file':
    case 'contact-list':
      return 'Sending it again gives the platform a second copy of the file.';
  }
}

/**
 * Rate and time left — "2.1 MB/s · about 3 min left" — "starting…" until the first rate is
 * measured (rate 0 or ETA -1), "finishing…" once every byte is out.
 */
export function speed(p: Props['state']['progress']): string {
  if (p.bytes >= p.total && p.total > 0) return 'finishing…';
  if (p.rateBps <= 0 || p.etaMs < 0) return 'starting…';
  return `${formatRate(p.rateBps)} · ${formatDuration(p.etaMs)} left`;
}
