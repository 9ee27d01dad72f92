/**
 * A question asked in a list's row before a step that cannot be undone (forget a server key,
 * remove a site): the safe answer comes first, looks primary and takes focus when the question
 * appears, so one Enter never does the harm unseen. DOM.
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
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => safe.current?.focus(), []);
  return (
    <div className="stack" role="group" aria-label={label}>
      {children && <span className="small">{children}</span>}
      <div className="row">
        <button ref={safe} type="button" className="btn primary" onClick={onKeep}>
          {keep}
        </button>
        <button type="button" className="btn danger" onClick={onGo}>
          {go}
        </button>
      </div>
    </div>
  );
}
