/** Sites in Settings: each with how its secret is kept (never the secret), Edit and Remove. DOM. */
import { useState } from 'react';
import { useLoader } from '../../lib/use-loader.ts';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { SiteForm } from '../sites/site-form.tsx';
import { draftFromSite } from '../sites/site-draft.ts';
import { loadSites, removeSite } from '../sites/sites-controller.ts';

const secretWords = (s: SiteView) =>
  s.authMethod === 'publickey'
    ? 'SSH key on this computer'
    : s.secretMode === 'ask'
      ? 'Asked every time'
      : s.hasSecret
        ? 'Saved in keychain'
        : 'Not saved';

/** Table of sites with edit/remove (remove asks first). */
export function SitesSettings() {
  const bridge = useBridge();
  const [sites, setSites] = useState<SiteView[]>([]);
  const [editing, setEditing] = useState<SiteView | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useLoader(
    () => loadSites(bridge),
    (r) => (r.ok ? setSites(r.value) : setError(r.message)),
    bridge,
  );

  const remove = async (id: string) => {
    const r = await removeSite(bridge, id);
    setConfirm(null);
    if (!r.ok) setError(r.message);
    refresh();
  };

  return (
    <section className="panel stack" aria-labelledby="settings-sites">
      <h2 id="settings-sites">Sites</h2>
      {sites.length === 0 && <p className="muted">No sites yet.</p>}
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Platform</th>
            <th scope="col">Login</th>
            <th scope="col">Secret</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{profiles[s.profile].title}</td>
              <td className="mono">
                {s.username}@{s.host}:{s.port}
              </td>
              <td>{secretWords(s)}</td>
              <td>
                <div className="row">
                  <button type="button" className="btn" onClick={() => setEditing(s)}>
                    Edit
                  </button>
                  {confirm === s.id ? (
                    <>
                      <button
                        type="button"
                        className="btn danger"
                        onClick={() => void remove(s.id)}
                      >
                        Remove {s.name} and its saved password
                      </button>
                      <button type="button" className="btn" onClick={() => setConfirm(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" className="btn danger" onClick={() => setConfirm(s.id)}>
                      Remove
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {editing && (
        <SiteForm
          key={editing.id}
          initial={draftFromSite(editing)}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
    </section>
  );
}
