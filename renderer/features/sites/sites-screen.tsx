/**
 * Sites: the first screen. With no site yet it opens "Add a site"; otherwise it lists the sites,
 * each with Test connection (live doctor steps), Edit and Import. DOM.
 */
import { useState } from 'react';
import { useLoader } from '../../lib/use-loader.ts';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { SiteCard } from './site-card.tsx';
import { SiteForm } from './site-form.tsx';
import { draftFromSite, type SiteDraft } from './site-draft.ts';
import { loadSites } from './sites-controller.ts';
import { ErrorLine } from '../../components/error-line.tsx';

/** The Sites screen. */
export function SitesScreen(props: { onImport: (site: SiteView) => void }) {
  const bridge = useBridge();
  const [sites, setSites] = useState<SiteView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<SiteDraft | null | 'new'>(null);
  const [justSaved, setJustSaved] = useState<string | null>(null);

  const refresh = useLoader(
    () => loadSites(bridge),
    (r) => (r.ok ? setSites(r.value) : setError(r.message)),
    bridge,
  );

  const showForm = editing !== null || (sites !== null && sites.length === 0);
  // Until the list arrives we cannot know whether the form opens by itself (no site yet), so the
  // button waits too: a button that vanishes under the pointer is worse than a short wait.
  const loading = sites === null && error === null;
  return (
    <div>
      <div className="spread">
        <h1>Sites</h1>
        {!showForm && !loading && (
          <button type="button" className="btn primary" onClick={() => setEditing('new')}>
            Add a site
          </button>
        )}
      </div>
      {loading && <p aria-live="polite">Loading your sites…</p>}
      {sites?.length === 0 && (
        <p>
          Welcome. Add the SFTP site your platform gave you; the password is kept in your system
          keychain, and “Test connection” checks everything before you send a file.
        </p>
      )}
      <ErrorLine error={error} />
      {showForm && (
        <SiteForm
          initial={editing === 'new' || editing === null ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(site) => {
            setEditing(null);
            setJustSaved(site.id);
            refresh();
          }}
        />
      )}
      {sites?.map((site) => (
        <SiteCard
          key={site.id}
          site={site}
          autoTest={justSaved === site.id}
          onEdit={() => setEditing(draftFromSite(site))}
          onImport={() => props.onImport(site)}
          onSiteChanged={(changed) =>
            setSites((list) => list?.map((s) => (s.id === changed.id ? changed : s)) ?? null)
          }
        />
      ))}
    </div>
  );
}
