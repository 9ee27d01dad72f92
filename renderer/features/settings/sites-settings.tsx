/** Sites in Settings: each with how its secret is kept (never the secret), Edit and Remove. DOM. */
import { useState } from 'react';
import { useLoader } from '../../lib/use-loader.ts';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { AskInRow } from '../../components/ask-in-row.tsx';
import { DataTable, RowAction, type Column } from '../../components/data-table.tsx';
import { SiteForm } from '../sites/site-form.tsx';
import { draftFromSite } from '../sites/site-draft.ts';
import { loadSites, removeSite } from '../sites/sites-controller.ts';
import { ErrorLine } from '../../components/error-line.tsx';

const secretWords = (s: SiteView) =>
  s.authMethod === 'publickey'
    ? 'SSH key on this computer'
    : s.secretMode === 'ask'
      ? 'Asked every time'
      : s.hasSecret
        ? 'Saved in keychain'
        : 'Not saved';

/** The confirming button: names what the keychain holds for the site only when it holds one. */
const removeWords = (s: SiteView) => {
  if (!s.hasSecret || s.secretMode === 'ask') return `Remove ${s.name}`;
  return `Remove ${s.name} and its saved ${s.authMethod === 'publickey' ? 'key passphrase' : 'password'}`;
};

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

  const columns: Column<SiteView>[] = [
    { header: 'Name', cell: (s) => s.name },
    { header: 'Platform', cell: (s) => profiles[s.profile].title },
    { header: 'Login', className: 'mono', cell: (s) => `${s.username}@${s.host}:${s.port}` },
    { header: 'Secret', cell: secretWords },
    {
      header: 'Actions',
      cell: (s) => (
        <div className="row">
          <button type="button" className="btn" onClick={() => setEditing(s)}>
            <RowAction action="Edit" of={s.name} />
          </button>
          {confirm === s.id ? (
            <AskInRow
              label={`Remove ${s.name}?`}
              keep={<RowAction action="Keep" of={s.name} />}
              go={removeWords(s)}
              onKeep={() => setConfirm(null)}
              onGo={() => void remove(s.id)}
            />
          ) : (
            <button type="button" className="btn danger" onClick={() => setConfirm(s.id)}>
              <RowAction action="Remove" of={s.name} />
            </button>
          )}
        </div>
      ),
    },
  ];

  return (
    <section className="panel stack" aria-labelledby="settings-sites">
      <h2 id="settings-sites">Sites</h2>
      {sites.length === 0 && <p className="muted">No sites yet.</p>}
      {sites.length > 0 && (
        <DataTable caption="Sites" columns={columns} rows={sites} rowKey={(s) => s.id} />
      )}
      <ErrorLine error={error} />
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
