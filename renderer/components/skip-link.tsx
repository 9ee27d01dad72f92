/**
 * "Skip to main content": the first thing Tab reaches, visible only when focused; it moves focus
 * to the main area (made focusable for that) so keyboard users need not pass the navigation. DOM.
 */
export function SkipLink({ target = 'main' }: { target?: string }) {
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(e) => {
        const el = e.currentTarget.ownerDocument.getElementById(target);
        if (!el) return;
        e.preventDefault();
        if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
        el.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
