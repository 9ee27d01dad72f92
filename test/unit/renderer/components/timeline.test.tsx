import { closeDom } from '../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render, screen } from '@testing-library/react';
import { Timeline } from '../../../../renderer/components/timeline.tsx';

describe('Timeline', () => {
  afterEach(cleanup);
  after(closeDom);

  it('says a partly imported outcome in words, not as a failure', () => {
    render(
      <Timeline
        steps={[
          { id: 'checked', label: 'Checked on this computer', status: 'done' },
          { id: 'outcome', label: '12 imported, 3 failed', status: 'partial' },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    assert.equal(items[1]?.textContent, '12 imported, 3 failed (partly imported)');
    assert.equal(items[1]?.className, 'partial');
    assert.equal(items[0]?.textContent, 'Checked on this computer (done)');
  });
});
