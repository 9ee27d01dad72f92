/**
 * A question asked in a list's row before a step that cannot be undone (forget a server key,
 * remove a site): the safe answer comes first, looks primary and takes focus when the question
 * appears, so one Enter never does the harm unseen. After the safe answer the question gives
 * its place back to the button that asked it, and focus goes back to that button. DOM.
 */
import { useEffect, useRef, type ReactNode } from 'react';

type Props = {
  /** The group's name, the question itself ("Forget 127.0.0.1:2222?"). */
  label: string;
  /** What happens if the user goes ahead, in a sentence (optional). */
  children?: ReactNode;
  keep: ReactNode;
  go: ReactNode;
  onKeep: () => void;
  onGo: () => void;
};

/** The question with its two answers. */
export function AskInRow({ label, children, keep, go, onKeep, onGo }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const kept = useRef(false);
  useEffect(() => {
    safe.current?.focus();
    // The row swaps this question for the button that asked it, in the same place. That button
    // is a new element once the question is gone, so it cannot be remembered now: remember the
    // place (parent and previous sibling) and focus what stands there after "Keep". Without
    // this, focus falls to the page's body and a keyboard user starts again from the top.
    const parent = root.current?.parentElement ?? null;
    const before = root.current?.previousElementSibling ?? null;
    return () => {
      if (!kept.current || !parent) return;
      const there = before?.parentElement === parent ? before.nextElementSibling : null;
      const spot = there ?? (before ? null : parent.firstElementChild);
      focusable(spot)?.focus();
    };
  }, []);
  return (
    <div ref={root} className="stack" role="group" aria-label={label}>
      {children && <span className="small">{children}</span>}
      <div className="row">
        <button
          ref={safe}
          type="button"
          className="btn primary"
          onClick={() => {
            kept.current = true;
            onKeep();
          }}
        >
          {keep}
        </button>
        <button type="button" className="btn danger" onClick={onGo}>
          {go}
        </button>
      </div>
    </div>
  );
}

/** The element itself when it takes focus, else the first thing inside it that does. */
function focusable(el: Element | null): HTMLElement | null {
  if (!el) return null;
  const selector = 'button:not([disabled]), a[href], input, select, textarea, [tabindex]';
  if (el.matches(selector)) return el as HTMLElement;
  return el.querySelector<HTMLElement>(selector);
}
