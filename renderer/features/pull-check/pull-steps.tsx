/** The live steps of a Leadbay pull check, each in plain words with what to do when it fails. DOM. */
import type { DoctorState } from '../sites/doctor-steps-reducer.ts';
import { whatToDo } from './pull-check-controller.ts';

const icons = { running: '…', ok: '✓', failed: '✗', skipped: '–' } as const;
const words = { running: 'checking', ok: 'passed', failed: 'failed', skipped: 'skipped' } as const;

/** Steps as they arrive; on failure, what to do; nothing before the first check. */
export function PullSteps(props: { state: DoctorState }) {
  const { phase, steps, error } = props.state;
  if (phase === 'idle') return null;
  return (
    <section aria-label="Server check" aria-live="polite" className="panel">
      <h2>What Leadbay will see</h2>
      <ul className="steps">
        {steps.map((s) => (
          <li key={s.id} data-step={s.id} data-status={s.status}>
            <span className={`status-${s.status}`} aria-hidden="true">
              {icons[s.status]}
            </span>
            <span>
              <strong>{s.label}</strong> <span className="visually-hidden">{words[s.status]}</span>
              <br />
              <span className={s.status === 'failed' ? 'error-text' : 'muted'}>{s.message}</span>
              {s.status === 'failed' && (
                <div className="small">
                  What to do: {s.hint ?? whatToDo[s.id] ?? 'Fix this and check again.'}
                </div>
              )}
            </span>
          </li>
        ))}
      </ul>
      {phase === 'running' && <p className="muted">Checking…</p>}
      {phase === 'failed' && (
        <p className="error-text" role="alert">
          {error ?? 'Leadbay could not read your file yet. Fix the step marked ✗ and check again.'}
        </p>
      )}
    </section>
  );
}
