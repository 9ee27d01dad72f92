/**
 * Moves focus to the new step's heading whenever the wizard changes step (after choosing what to
 * import, a file finishing its check, Upload, Cancel, the verdict…), so keyboard and screen-reader
 * users land where the page changed. Not on the first render: opening the screen keeps focus
 * where the user put it. DOM.
 */
import { useEffect, useRef, type RefObject } from 'react';

export function useStepFocus(stepKey: string, container: RefObject<HTMLElement | null>): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = container.current?.querySelector<HTMLElement>('h2, h3');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  }, [stepKey, container]);
}
