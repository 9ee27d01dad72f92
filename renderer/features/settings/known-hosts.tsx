/**
 * Known servers: remembered host keys and certificates by SHA-256 fingerprint, one row per
 * server, including keys saved with a site (named in the row). Each server can be forgotten —
 * after a question in its row (Keep it is the safe, focused answer) that names the sites whose
 * saved key goes too — since the next connection then trusts nothing until the fingerprint is
 * checked again. This is the one place a changed key is unblocked (issue 11 "Trust"). DOM.
 */
import { useState } from 'react';
import { useLoader } from '../../lib/use-loader.ts';
import type { KnownHostView } from '../../../core/ipc/contract.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { formatWhen } from '../../lib/format.ts';
import { describeError } from '../../lib/ipc-errors.ts';
import { AskInRow } from '../../components/ask-in-row.tsx';
import { DataTable, RowAction, type Column } from '../../components/data-table.tsx';
import { ErrorLine } from '../../components/error-line.tsx';
import {
  forgetQuestion,
  forgottenNote,
  identityWord,
  knownServerRows,
  savedWithSites,
  type KnownServerRow,
} from './known-server-rows.ts';

/** The table with Forget buttons. */
export function KnownHosts() {
  const bridge = useBridge();
  const [hosts, setHosts] = useState<KnownHostView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState<string | null>(null);
  const refresh = useLoader(
    () => bridge.invoke('hostkeys:list', {}),
    (r) => (r.ok ? setHosts(r.value.hosts) : setError(describeError(r.error))),
    bridge,
  );
  const rows = knownServerRows(hosts);
  const keyOf = (h: KnownServerRow): string => `${h.host}:${h.port}`;
  const forget = async (h: KnownServerRow) => {
    setAsking(null);
    setError(null);
    const r = await bridge.invoke('hostkeys:forget', { host: h.host, port: h.port });
    if (r.ok) setNote(forgottenNote(h, r.value.sites ?? []));
    else setError(describeError(r.error));
    refresh();
  };
  const columns: Column<KnownServerRow>[] = [
    { header: 'Server', className: 'mono', cell: (h) => keyOf(h) },
    {
      header: 'Key or certificate',
      cell: (h) => (
        <>
          {h.keys.map((k) => (
            <div key={k.fingerprint}>
              <span className="mono">{k.type === 'x509' ? 'certificate' : k.type}</span>
              <div className="mono small">{k.fingerprint}</div>
            </div>
          ))}
          {h.sites.length > 0 && (
            <div className="small" data-testid="known-server-sites">
              Also {savedWithSites(identityWord(h.keys), h.sites)}.
            </div>
          )}
        </>
      ),
    },
    {
      header: 'Since',
      cell: (h) => (h.addedAt !== undefined ? formatWhen(h.addedAt) : 'saved with a site'),
    },
    {
      header: 'Actions',
      cell: (h) =>
        asking === keyOf(h) ? (
          <AskInRow
            label={`Forget ${keyOf(h)}?`}
            keep="Keep it"
            go={`Forget the ${identityWord(h.keys)}`}
            onKeep={() => setAsking(null)}
            onGo={() => void forget(h)}
          >
            {forgetQuestion(h)}
          </AskInRow>
        ) : (
          <button
            type="button"
            className="btn danger"
            onClick={() => {
              setNote('');
              setAsking(keyOf(h));
            }}
          >
            <RowAction action="Forget" of={keyOf(h)} />
          </button>
        ),
    },
  ];
  return (
    <section className="panel stack" aria-labelledby="settings-hosts">
      <h2 id="settings-hosts">Known servers</h2>
      <p className="small muted">
        Server keys and certificates you accepted, including those saved with a site. If a server’s
        key or certificate changes, connections stop until you forget the old one here — do that
        only when the platform confirms the new fingerprint.
      </p>
      {rows.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <DataTable caption="Known servers" columns={columns} rows={rows} rowKey={keyOf} />
      )}
      <p role="status" className="small" data-testid="known-servers-note">
        {note}
      </p>
      <ErrorLine error={error} />
    </section>
  );
}
