/**
 * Issue 14: SSH without SHA-1 by default; a site may allow it for an old server, with a visible
 * warning. An "Advanced" section of the site form (closed unless it is on), and the warning the
 * form and the site card both show while it is on. DOM.
 */
import { useState } from 'react';

/** The warning shown wherever a site allows SHA-1. */
export function Sha1Warning(props: { id?: string }) {
  return (
    <p className="banner warn" id={props.id} data-testid="sha1-warning">
      <strong>Weak security: SHA-1 is allowed for this site.</strong> An old SSH server may then use
      SHA-1 signatures and checksums, which an attacker on the network could forge. Use this only
      while the platform updates its server, and turn it off again afterwards.
    </p>
  );
}

/** The checkbox, off by default, in an "Advanced" section that starts open only if it is on. */
export function Sha1Field(props: { checked: boolean; onChange: (on: boolean) => void }) {
  // Opened once from the saved value; afterwards the user opens and closes it.
  const [openAtFirst] = useState(props.checked);
  return (
    <details className="advanced" open={openAtFirst}>
      <summary>
        <strong>Advanced</strong>
      </summary>
      <label>
        <input
          type="checkbox"
          checked={props.checked}
          aria-describedby={props.checked ? 'sha1-warning' : 'sha1-hint'}
          onChange={(e) => props.onChange(e.target.checked)}
        />{' '}
        Allow SHA-1 for this site (old SSH servers only)
      </label>
      {props.checked ? (
        <Sha1Warning id="sha1-warning" />
      ) : (
        <p className="muted small" id="sha1-hint">
          Leave this off. Turn it on only when “Test connection” says the server offers nothing but
          SHA-1.
        </p>
      )}
    </details>
  );
}
