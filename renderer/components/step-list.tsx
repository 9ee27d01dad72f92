/**
 * The live list of a check's steps (the connection test, the pull check): each with its status as
 * an icon and as words for screen readers, its plain-words message, and on failure what to do.
 * DOM.
 */
import type { ReactNode } from 'react';

type Step = {
  id: string;
  label: string;
  status: 'running' | 'ok' | 'failed' | 'skipped';
  message: string;
};

const icons = { running: '…', ok: '✓', failed: '✗', skipped: '–' } as const;
const words = { running: 'checking', ok: 'passed', failed: 'failed', skipped: 'skipped' } as const;

/** The steps in order; `advice` is shown under a step when it returns something. */
export function StepList<S extends Step>(props: {
  steps: readonly S[];
  advice: (step: S) => ReactNode;
}) {
  return (
    <ul className="steps">
      {props.steps.map((s) => {
        const advice = props.advice(s);
        return (
          <li key={s.id} data-step={s.id} data-status={s.status}>
            <span className={`status-${s.status}`} aria-hidden="true">
              {icons[s.status]}
            </span>
            <span>
              <strong>{s.label}</strong> <span className="visually-hidden">{words[s.status]}</span>
              <br />
              <span className={s.status === 'failed' ? 'error-text' : 'muted'}>{s.message}</span>
              {advice !== undefined && advice !== null && <div className="small">{advice}</div>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
