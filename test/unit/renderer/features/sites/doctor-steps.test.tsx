import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render, screen } from '@testing-library/react';
import type { DoctorStep } from '../../../../../core/ipc/contract.ts';
import { DoctorSteps } from '../../../../../renderer/features/sites/doctor-steps.tsx';

const reached: DoctorStep = { id: 'reach', label: 'Reach', status: 'ok', message: 'Connected.' };

function hostKeyFailed(code: string, message: string): DoctorStep {
  return { id: 'host-key', label: 'Host key', status: 'failed', code, message };
}

describe('DoctorSteps', () => {
  afterEach(cleanup);
  after(closeDom);

  it('warns that the server identity changed when the host-key step failed with that code', () => {
    const steps = [
      reached,
      hostKeyFailed('host-key-changed', 'The key is not the one you trusted.'),
    ];
    render(<DoctorSteps state={{ phase: 'failed', steps }} />);
    assert.ok(screen.getByText(/identity has changed/));
  });

  it('does not raise that warning for another failure whose words mention a change', () => {
    const steps = [reached, hostKeyFailed('host-key-rejected', 'Nothing changed: you cancelled.')];
    render(<DoctorSteps state={{ phase: 'failed', steps }} />);
    assert.equal(screen.queryByText(/identity has changed/), null);
  });
});
