/** A modal `<dialog>` opened with showModal() (focus stays inside; Esc calls onCancel). DOM. */
import { useEffect, useRef, type ReactNode } from 'react';

/** Renders children in a modal dialog labelled by `labelId`. */
export function Modal(props: {
  labelId: string;
  onCancel: () => void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
  }, []);
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
