/**
 * Moves focus to the new step's heading whenever the wizard changes step (after choosing what to
 * import, a file finishing its check, Upload, Cancel, closing a dialog, Continue at the password
 * prompt, the verdict…), so keyboard and screen-reader users land where the page changed. Not on
 * the first render: opening the screen keeps focus where the user put it — unless it was lost
 * with the button that opened the screen (a new site's "Import files"): then the first step
 * takes it.
 *
 * The step's own heading is marked `data-step-heading` (`stepHeading`): a step can show other
 * headings above or inside it (the assistant's grid, its fixes), and the first heading on the
 * screen is not necessarily the step's. A field that must be answered first (the password the
 * server refused) is marked `data-step-focus` and wins. DOM.
 */
import { useEffect, useRef, type RefObject } from 'react';

/** Spread on a step's heading: `<h2 {...stepHeading}>`. */
export const stepHeading = { 'data-step-heading': '' } as const;

export function useStepFocus(stepKey: string, container: RefObject<HTMLElement | null>): void {
  const first = useRef(true);
  /** Opened with focus lost: the first step takes it once it is on the screen. */
  const lost = useRef(false);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      // Opened by a button that went with the screen it was on (a new site's "Import files"):
      // focus would stay on the page's body, so it goes to the first step instead.
      lost.current = focusLost(container.current);
      return;
    }
    lost.current = false;
    focusStep(container.current);
  }, [stepKey, container]);
  // The first step may show only once the sites are read: try again after each render.
  useEffect(() => {
    if (!lost.current) return;
    if (!focusLost(container.current) || focusStep(container.current)) lost.current = false;
  });
}

/** Whether nothing on the page of `root` has focus (it is on the body). */
function focusLost(root: HTMLElement | null): boolean {
  const doc = root?.ownerDocument;
  if (!doc) return false;
  return doc.activeElement === null || doc.activeElement === doc.body;
}

/** Focuses the step's field to answer first, else its heading; false when none is shown. */
function focusStep(root: HTMLElement | null): boolean {
  const target =
    root?.querySelector<HTMLElement>('[data-step-focus]') ??
    root?.querySelector<HTMLElement>('[data-step-heading]') ??
    root?.querySelector<HTMLElement>('h2, h3');
  if (!target) return false;
  const field = target.matches('input, select, textarea, button');
  if (!field && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  return true;
}
