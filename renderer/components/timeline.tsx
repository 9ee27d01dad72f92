/**
 * The import's timeline: checked → uploaded → waiting for the platform → imported, partly
 * imported ("12 imported, 3 failed") or failed. DOM.
 */
import type { TimelineStep } from '../features/import-wizard/import-wizard-machine.ts';

const words: Readonly<Record<TimelineStep['status'], string>> = {
  done: 'done',
  current: 'in progress',
  todo: 'not yet',
  failed: 'failed',
  partial: 'partly imported',
};

/** An ordered list; the current step is marked for screen readers. */
export function Timeline(props: { steps: readonly TimelineStep[] }) {
  return (
    <ol className="timeline" aria-label="Progress of this import">
      {props.steps.map((s) => (
        <li
          key={s.id}
          className={s.status}
          data-step={s.id}
          data-status={s.status}
          aria-current={s.status === 'current' ? 'step' : undefined}
        >
          {s.label}
          <span className="visually-hidden"> ({words[s.status]})</span>
        </li>
      ))}
    </ol>
  );
}
