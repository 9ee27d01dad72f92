/**
 * The page shown when the app was opened without this session's key (the web host's address
 * without `#token=…`; the key works until the host stops, host/web-host-main.ts): nothing can
 * be sent from here, so say where the right link is. DOM.
 */

/** A full page with one instruction. */
export function NoSession() {
  return (
    <main className="no-session" aria-labelledby="no-session-title">
      <section className="panel stack">
        <h1 id="no-session-title">
          Open the link that <code>npm run web</code> printed (it holds this session’s key)
        </h1>
        <p>
          This page was opened without that key. Copy the whole link from the terminal where{' '}
          <code>npm run web</code> runs (<code>http://127.0.0.1:…/#token=…</code>) into the address
          bar. The key works until that command stops; after that, run <code>npm run web</code>{' '}
          again for a new link.
        </p>
        <p className="small muted">Nothing can be uploaded from this page.</p>
      </section>
    </main>
  );
}

/** The strip over a demo session: the bridge is in memory, so nothing reaches any server. */
export function DemoBanner() {
  return (
    <p className="demo-banner" role="note" data-testid="demo-banner">
      <strong>Demo — nothing is sent.</strong> Sites, uploads and results here are made up in this
      page; to import for real, open the link that <code>npm run web</code> printed.
    </p>
  );
}
