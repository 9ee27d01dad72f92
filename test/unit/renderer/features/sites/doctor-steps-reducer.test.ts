import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  doctorReducer,
  getEmptyDoctorState,
} from '../../../../../renderer/features/sites/doctor-steps-reducer.ts';

const step = (id: string, status: 'running' | 'ok' | 'failed') => ({
  id,
  label: id,
  status,
  message: `${id} ${status}`,
});

describe('doctorReducer', () => {
  it('updates a running step in place when its result arrives', () => {
    let s = doctorReducer(getEmptyDoctorState(), { type: 'doctor/started' });
    s = doctorReducer(s, { type: 'doctor/step', step: step('reach', 'running') });
    s = doctorReducer(s, { type: 'doctor/step', step: step('reach', 'ok') });
    s = doctorReducer(s, { type: 'doctor/step', step: step('login', 'running') });
    assert.deepEqual(
      s.steps.map((x) => `${x.id}:${x.status}`),
      ['reach:ok', 'login:running'],
    );
  });
  it('ends failed with the report’s steps when a step failed', () => {
    let s = doctorReducer(getEmptyDoctorState(), { type: 'doctor/started' });
    s = doctorReducer(s, {
      type: 'doctor/finished',
      report: { ok: false, steps: [step('reach', 'failed')] },
    });
    assert.equal(s.phase, 'failed');
    assert.equal(s.steps[0]?.message, 'reach failed');
  });
  it('ignores late steps after the test ended', () => {
    let s = doctorReducer(getEmptyDoctorState(), { type: 'doctor/started' });
    s = doctorReducer(s, {
      type: 'doctor/finished',
      report: { ok: true, steps: [step('reach', 'ok')] },
    });
    assert.equal(doctorReducer(s, { type: 'doctor/step', step: step('x', 'ok') }), s);
  });
});
