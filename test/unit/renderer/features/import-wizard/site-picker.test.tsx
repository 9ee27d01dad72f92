import { closeDom } from '../../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { SitePicker } from '../../../../../renderer/features/import-wizard/site-picker.tsx';
import { siteView } from '../../helpers/views.ts';

const sites = [
  siteView(),
  siteView({ id: 's2', name: 'Globex', profile: 'flexible' }),
  siteView({ id: 's3', name: 'Initech' }),
];

/** The picker as import-screen.tsx holds it, recording each site the wizard switched to. */
function Held({ chosen }: { chosen: string[] }) {
  const [value, setValue] = useState<string | null>('s1');
  return (
    <SitePicker
      sites={sites}
      value={value}
      onChange={(id) => {
        chosen.push(id);
        setValue(id);
      }}
    />
  );
}

/** What a browser does on an arrow key in a radio group: key down, then the next one checked. */
const arrowTo = (name: RegExp) => {
  const radio = screen.getByRole('radio', { name });
  act(() => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'ArrowDown' });
    radio.focus();
    fireEvent.click(radio);
  });
  return radio;
};

describe('SitePicker', () => {
  afterEach(cleanup);
  after(closeDom);

  it('lists sites as a radio group named Site, with each platform', () => {
    render(<Held chosen={[]} />);
    const group = screen.getByRole('group', { name: 'Site' });
    const radios = screen.getAllByRole('radio');
    assert.equal(radios.length, 3);
    assert.ok(group.contains(radios[0] ?? null));
    assert.equal((radios[0] as HTMLInputElement).checked, true);
  });

  it('does not switch sites while arrowing; Enter or "Use …" does', () => {
    const chosen: string[] = [];
    render(<Held chosen={chosen} />);
    screen.getByRole('radio', { name: /Acme leads/ }).focus();
    arrowTo(/Globex/);
    const initech = arrowTo(/Initech/);
    assert.deepEqual(chosen, [], 'passing over a site never switches to it');
    assert.equal((initech as HTMLInputElement).checked, true);
    const use = screen.getByRole('button', { name: 'Use Initech' });
    act(() => {
      fireEvent.keyDown(initech, { key: 'Enter' });
    });
    assert.deepEqual(chosen, ['s3']);
    assert.equal(screen.queryByRole('button', { name: /^Use / }), null);
    assert.equal(use.isConnected, false);

    arrowTo(/Globex/);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Use Globex' }));
    });
    assert.deepEqual(chosen, ['s3', 's2']);
  });

  it('switches at once on a click, and on Space', () => {
    const chosen: string[] = [];
    render(<Held chosen={chosen} />);
    const globex = screen.getByRole('radio', { name: /Globex/ });
    act(() => {
      fireEvent.pointerDown(globex);
      fireEvent.click(globex);
    });
    assert.deepEqual(chosen, ['s2']);
    act(() => {
      fireEvent.keyDown(screen.getByRole('radio', { name: /Initech/ }), { key: ' ' });
    });
    assert.deepEqual(chosen, ['s2', 's3']);
  });
});
