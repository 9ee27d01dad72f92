import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStepRecorder, type CheckStep } from '../../../engine/check-steps.ts';

describe('the step model the doctor and the pull check share', () => {
  const order = ['reach', 'login', 'write'] as const;
  const labels = { reach: 'Reach', login: 'Log in', write: 'Upload' };

  it('labels each step, hands it on at once, and reports every step in order', () => {
    const seen: CheckStep<(typeof order)[number]>[] = [];
    const r = createStepRecorder(order, labels, (s) => seen.push(s));
    r.push({ id: 'login', status: 'failed', message: 'Wrong password.', code: 'auth-failed' });
    assert.deepEqual(
      seen.map((s) => s.label),
      ['Log in'],
    );
    const report = r.finish({ code: 'auth-failed', message: 'Wrong password.' });
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.steps.map((s) => [s.id, s.status]),
      [
        ['reach', 'skipped'],
        ['login', 'failed'],
        ['write', 'skipped'],
      ],
    );
    assert.equal(report.error?.code, 'auth-failed');
    assert.equal(seen.length, 3, 'the skipped steps reach the page too');
  });

  it('passes when every step passed', () => {
    const r = createStepRecorder(order, labels);
    for (const id of order) r.push({ id, status: 'ok', message: 'fine' });
    const report = r.finish();
    assert.equal(report.ok, true);
    assert.equal('error' in report, false);
    assert.ok(report.steps.every((s) => s.status === 'ok'));
  });
});
