import { closeDom } from '../dom-env.ts';
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useState } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { AskInRow } from '../../../../renderer/components/ask-in-row.tsx';

/** A row as the settings lists make it: another button first, then the one that asks. */
function Row({ onGo = () => {} }: { onGo?: () => void }) {
  const [asking, setAsking] = useState(false);
  const go = () => {
    onGo();
    setAsking(false);
  };
  return (
    <div className="row">
      <button type="button">Edit Acme</button>
      {asking ? (
        <AskInRow
          label="Remove Acme?"
          keep="Keep Acme"
          go="Remove Acme and its saved password"
          onKeep={() => setAsking(false)}
          onGo={go}
        />
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Remove Acme
        </button>
      )}
    </div>
  );
}

describe('AskInRow', () => {
  afterEach(cleanup);
  after(closeDom);

  it('focuses the safe answer, and after it the button that asked (not the page body)', () => {
    render(<Row />);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove Acme' }));
    });
    assert.equal(document.activeElement?.textContent, 'Keep Acme');
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Keep Acme' }));
    });
    assert.equal(screen.queryByRole('group', { name: 'Remove Acme?' }), null);
    assert.equal(document.activeElement, screen.getByRole('button', { name: 'Remove Acme' }));
  });

  it('does the same when the question is the first thing in its cell', () => {
    function Cell() {
      const [asking, setAsking] = useState(true);
      return (
        <div>
          {asking ? (
            <AskInRow
              label="Forget 127.0.0.1:2222?"
              keep="Keep it"
              go="Forget the key"
              onKeep={() => setAsking(false)}
              onGo={() => {}}
            />
          ) : (
            <button type="button">Forget 127.0.0.1:2222</button>
          )}
          <span>after</span>
        </div>
      );
    }
    render(<Cell />);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    });
    assert.equal(
      document.activeElement,
      screen.getByRole('button', { name: 'Forget 127.0.0.1:2222' }),
    );
  });

  it('does not send focus back to the asking button when the user goes ahead', () => {
    let went = 0;
    render(<Row onGo={() => void went++} />);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove Acme' }));
    });
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove Acme and its saved password' }));
    });
    assert.equal(went, 1);
    assert.notEqual(document.activeElement, screen.getByRole('button', { name: 'Remove Acme' }));
  });
});
