/**
 * A modal `<dialog>` opened with showModal() (focus stays inside; Esc calls onCancel). It opens
 * with focus on the element marked `data-autofocus` (the safe choice: Cancel, Close), and on
 * closing gives focus back to where it was before — waiting for that control while it is
 * disabled (a form's "Saving…" button), unless the user has moved on. DOM.
 */
import { useEffect, useRef, type ReactNode } from 'react';

/** Renders children in a modal dialog labelled by `labelId`. */
export function Modal(props: {
  labelId: string;
  onCancel: () => void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  /** Where focus goes back when nothing had it as the dialog opened (the opener got disabled). */
  returnFocus?: () => HTMLElement | null;
}) {
  const { returnFocus } = props;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const doc = d.ownerDocument;
    const active = doc.activeElement;
    const back =
      active instanceof HTMLElement && active !== doc.body ? active : (returnFocus?.() ?? null);
    if (!d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => restoreFocus(back);
  }, [returnFocus]);
  const { onCancel } = props;
  return (
    <dialog
      ref={ref}
      aria-labelledby={props.labelId}
      role={props.role}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      {props.children}
    </dialog>
  );
}

/** Focuses `el` now, or once it is enabled again (up to 15 s) while focus is nowhere else. */
export function restoreFocus(el: HTMLElement | null, tries = 150): void {
  if (!el) return;
  const attempt = (left: number) => {
    const doc = el.ownerDocument;
    if (!el.isConnected) return;
    const idle = doc.activeElement === null || doc.activeElement === doc.body;
    if (!idle && doc.activeElement !== el) return; // the user went on elsewhere
    el.focus();
    if (doc.activeElement !== el && left > 0) setTimeout(() => attempt(left - 1), 100);
  };
  // After the dialog has closed (its removal can move focus itself).
  setTimeout(() => attempt(tries), 0);
}
