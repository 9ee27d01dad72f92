/** The live list of "Test connection" steps, each with its status and plain-words message. DOM. */
import { StepList } from '../../components/step-list.tsx';
import type { DoctorState } from './doctor-steps-reducer.ts';

/** Steps as they arrive; a summary line when done. */
export function DoctorSteps(props: { state: DoctorState; siteName?: string }) {
  const { phase, steps, error } = props.state;
  if (phase === 'idle') return null;
  // The engine marks the step with its error code; the words are for people, not for matching.
  const changed = steps.find((s) => s.status === 'failed' && s.code === 'host-key-changed');
  return (
    <section
      aria-label={props.siteName ? `Connection test of ${props.siteName}` : 'Connection test'}
      aria-live="polite"
      className="panel"
    >
      <h3>Connection test</h3>
      {changed && (
        <div className="banner bad" role="alert">
          <strong>Warning: the server’s identity has changed.</strong> The connection was stopped
          before any password was sent. {changed.message}
        </div>
      )}
      <StepList steps={steps} advice={(s) => s.hint} />
      {phase === 'running' && <p className="muted">Checking…</p>}
      {phase === 'passed' && (
        <p className="status-ok">All checks passed. You can import files to this site.</p>
      )}
      {phase === 'failed' && (
        <p className="error-text" role="alert">
          {error ?? 'The connection test failed. See the step marked ✗ above.'}
        </p>
      )}
    </section>
  );
}
