/** The details to hand over to Leadbay once the check passed (never the password). DOM. */
import type { Handover } from './pull-check-controller.ts';

/** A definition list the user copies into Leadbay's integration settings. */
export function PullHandover({ handover }: { handover: Handover }) {
  const rows: [string, string][] = [
    ['Host', handover.host],
    ['Port', String(handover.port)],
    ['User name', handover.username],
    ['File path', handover.path],
    ['Pinned host key', handover.hostKey],
  ];
  return (
    <section className="panel" aria-labelledby="handover-title" data-testid="pull-handover">
      <h2 id="handover-title">Give these details to Leadbay</h2>
      <p className="status-ok">
        Leadbay can read your file. Enter these in Leadbay’s SFTP settings:
      </p>
      <dl className="handover">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="small muted">
        Give the password to Leadbay in their settings yourself; this app does not show or keep it.
        Leadbay fetches the file about once an hour and re-imports it only when it changes.
      </p>
    </section>
  );
}
