/**
 * The page's theme (`<html data-theme="dark">`, set by main.tsx), read through an element's own
 * document, and a watch on its changes. DOM.
 */

export function isDark(el: Element): boolean {
  return el.ownerDocument.documentElement.dataset.theme === 'dark';
}

/** Calls `onChange(dark)` whenever the theme changes; returns the stop function. */
export function watchTheme(el: Element, onChange: (dark: boolean) => void): () => void {
  const observer = new MutationObserver(() => onChange(isDark(el)));
  observer.observe(el.ownerDocument.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  return () => observer.disconnect();
}
