/**
 * "Test connection" as data: the doctor's steps in arrival order, a step updated in place when
 * its next status arrives (running → ok / failed / skipped). Pure. std.
 */
import type { DoctorReport, DoctorStep } from '../../../core/ipc/contract.ts';
import { assertNever } from '../../lib/assert-never.ts';

export type DoctorState = {
  phase: 'idle' | 'running' | 'passed' | 'failed';
  steps: readonly DoctorStep[];
  /** A failure of the call itself (not a step), in plain words. */
  error?: string;
};

export type DoctorAction =
  | { type: 'doctor/started' }
  | { type: 'doctor/step'; step: DoctorStep }
  | { type: 'doctor/finished'; report: DoctorReport }
  | { type: 'doctor/error'; message: string };

export function getEmptyDoctorState(): DoctorState {
  return { phase: 'idle', steps: [] };
}

export function doctorReducer(state: Readonly<DoctorState>, action: DoctorAction): DoctorState {
  switch (action.type) {
    case 'doctor/started':
      return { phase: 'running', steps: [] };
    case 'doctor/step':
      if (state.phase !== 'running') return state;
      return { ...state, steps: upsert(state.steps, action.step) };
    case 'doctor/finished': {
      // The report is the truth: steps pushed live are replaced by the final list when it has one.
      const steps = action.report.steps.length > 0 ? action.report.steps : state.steps;
      return { phase: action.report.ok ? 'passed' : 'failed', steps };
    }
    case 'doctor/error':
      return { phase: 'failed', steps: state.steps, error: action.message };
    default:
      return assertNever(action);
  }
}

function upsert(steps: readonly DoctorStep[], step: DoctorStep): DoctorStep[] {
  const i = steps.findIndex((s) => s.id === step.id);
  if (i < 0) return [...steps, step];
  return steps.map((s, j) => (j === i ? step : s));
}
