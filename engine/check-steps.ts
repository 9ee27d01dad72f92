/**
 * The step model every "is this going to work?" check shares — the doctor over SFTP and FTPS
 * ("Test connection") and the pull-source check: steps in a fixed order, each ok, failed or
 * skipped with plain words, pushed to the caller as it is decided; the first failure stops the
 * check and every step not reached is reported as skipped, so the page always shows the whole
 * list. node (no I/O).
 */
import type { EngineError, EngineErrorCode } from './result.ts';

/** One step as decided: what the page shows. */
export type CheckStep<Id extends string> = {
  id: Id;
  label: string;
  status: 'ok' | 'failed' | 'skipped';
  message: string;
  hint?: string;
  /** On a failed step, the engine's error code, so callers need not read the words. */
  code?: EngineErrorCode;
};

/** A report: whether every step passed, the steps in order, and the first failure. */
export type CheckReport<Id extends string> = {
  ok: boolean;
  steps: CheckStep<Id>[];
  error?: EngineError;
};

export type StepRecorder<Id extends string> = {
  /** Records a step (labelled) and hands it to the caller's listener. */
  push: (step: Omit<CheckStep<Id>, 'label'>) => void;
  /** Ends the check: the steps not reached become 'skipped', all in the check's order. */
  finish: (error?: EngineError) => CheckReport<Id>;
};

/** A recorder for a check whose steps come in `order` with these `labels`. */
export function createStepRecorder<Id extends string>(
  order: readonly Id[],
  labels: Readonly<Record<Id, string>>,
  onStep?: (step: CheckStep<Id>) => void,
): StepRecorder<Id> {
  const steps: CheckStep<Id>[] = [];
  const push = (s: Omit<CheckStep<Id>, 'label'>): void => {
    const step = { ...s, label: labels[s.id] } as CheckStep<Id>;
    steps.push(step);
    onStep?.(step);
  };
  return {
    push,
    finish: (error) => {
      for (const id of order) {
        if (!steps.some((s) => s.id === id)) {
          push({ id, status: 'skipped', message: 'Not checked because an earlier step failed.' });
        }
      }
      steps.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
      return { ok: !error, steps, ...(error ? { error } : {}) };
    },
  };
}
