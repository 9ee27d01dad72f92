import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render, screen } from '@testing-library/react';
import { CheckVerdict } from '../../../../../renderer/features/import-wizard/steps/check-verdict.tsx';
import type {
  ImportTarget,
  WizardState,
} from '../../../../../renderer/features/import-wizard/import-wizard-machine.ts';

const checked = (target: ImportTarget, invalid: number, total: number) =>
  ({
    step: 'checked',
    siteId: 's',
    target,
    files: [{ name: '1_regions.kml', size: 10, lastModified: 0 }],
    remoteNames: ['1_regions.kml'],
    summary: {
      itemsTotal: total,
      itemsValid: total - invalid,
      itemsInvalid: invalid,
      problems: [],
      problemCount: invalid,
      warnings: [],
      columnsOnly: false,
    },
  }) satisfies Extract<WizardState, { step: 'checked' }>;

describe('CheckVerdict', () => {
  afterEach(cleanup);
  after(closeDom);

  it('names the unit once: "2 of 6 territories", "1,200 of 5,000 rows"', () => {
    render(<CheckVerdict state={checked({ kind: 'territories' }, 2, 6)} />);
    const t = screen.getByTestId('check-verdict').textContent ?? '';
    assert.match(t, /^2 of 6 territories would not be imported\./);
    assert.doesNotMatch(t, /territories of/);
    cleanup();
    render(
      <CheckVerdict
        state={checked({ kind: 'records', object: 'Lead', rules: 'server-schema' }, 1200, 5000)}
      />,
    );
    assert.match(
      screen.getByTestId('check-verdict').textContent ?? '',
      /^1,200 of 5,000 rows would not be imported\./,
    );
  });

  it('points to the grid on this page only when it is shown', () => {
    const state = checked({ kind: 'records', object: 'Lead', rules: 'server-schema' }, 3, 6);
    render(<CheckVerdict state={state} fixHere />);
    assert.match(
      screen.getByTestId('check-verdict').textContent ?? '',
      /Fix them under “Fix the rows here” on this page, or in your file and pick it again\./,
    );
    cleanup();
    render(<CheckVerdict state={state} />);
    const t = screen.getByTestId('check-verdict').textContent ?? '';
    assert.match(t, /Fix them in your file and pick it again\./);
    assert.doesNotMatch(t, /Fix the rows here/);
  });
});
