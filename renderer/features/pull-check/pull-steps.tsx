/** The live steps of a Leadbay pull check, each in plain words with what to do when it fails. DOM. */
import type { DoctorState } from '../sites/doctor-steps-reducer.ts';
import { StepList } from '../../components/step-list.tsx';
import { whatToDo } from './pull-check-controller.ts';

/** Steps as they arrive; on failure, what to do; nothing before the first check. */
export function PullSteps(props: { state: DoctorState }) {
  const { phase, steps, error } = props.state;
  if (phase === 'idle') return null;
  return (
    <section aria-label="Server check" aria-live="polite" className="panel">
      <h2>What Leadbay will see</h2>
      <StepList
        steps={steps}
        advice={(s) =>
          s.status === 'failed'
            ? `What to do: ${s.hint ?? whatToDo[s.id] ?? 'Fix this and check again.'}`
            : undefined
        }
      />
      {phase === 'running' && <p className="muted">Checking…</p>}
      {phase === 'failed' && (
        <p className="error-text" role="alert">
          {error ?? 'Leadbay could not read your file yet. Fix the step marked ✗ and check again.'}
        </p>
      )}
    </section>
  );
}
