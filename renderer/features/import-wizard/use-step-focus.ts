/**
 * Moves focus to the new step's heading whenever the wizard changes step (after choosing what to
 * import, a file finishing its check, Upload, Cancel, closing a dialog, Continue at the password
 * prompt, the verdict…), so keyboard and screen-reader users land where the page changed. Not on
 * the first render: opening the screen keeps focus where the user put it.
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
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const root = container.current;
    const target =
      root?.querySelector<HTMLElement>('[data-step-focus]') ??
      root?.querySelector<HTMLElement>('[data-step-heading]') ??
      root?.querySelector<HTMLElement>('h2, h3');
    if (!target) return;
    const field = target.matches('input, select, textarea, button');
    if (!field && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [stepKey, container]);
}
