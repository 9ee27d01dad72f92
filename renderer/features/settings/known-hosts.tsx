/**
 * Known servers: remembered host keys by SHA-256 fingerprint, each can be forgotten — after a
 * question in its row (Keep it is the safe, focused answer), since the next connection then
 * trusts nothing until the fingerprint is checked again. DOM.
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

/** The table with Forget buttons. */
export function KnownHosts() {
  const bridge = useBridge();
  const [hosts, setHosts] = useState<KnownHostView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const refresh = useLoader(
    () => bridge.invoke('hostkeys:list', {}),
    (r) => (r.ok ? setHosts(r.value.hosts) : setError(describeError(r.error))),
    bridge,
  );
  const forget = async (h: KnownHostView) => {
    setAsking(null);
    const r = await bridge.invoke('hostkeys:forget', { host: h.host, port: h.port });
    if (!r.ok) setError(describeError(r.error));
    refresh();
  };
  const columns: Column<KnownHostView>[] = [
    { header: 'Server', className: 'mono', cell: (h) => `${h.host}:${h.port}` },
    {
      header: 'Key',
      cell: (h) => (
        <>
          <span className="mono">{h.type}</span>
          <div className="mono small">{h.fingerprint}</div>
        </>
      ),
    },
    { header: 'Since', cell: (h) => formatWhen(h.addedAt) },
    {
      header: 'Actions',
      cell: (h) =>
        asking === `${h.host}:${h.port}` ? (
          <AskInRow
            label={`Forget ${h.host}:${h.port}?`}
            keep="Keep it"
            go="Forget the key"
            onKeep={() => setAsking(null)}
            onGo={() => void forget(h)}
          >
            Forget this key? The next connection to {h.host}:{h.port} will ask you to check its
            fingerprint again.
          </AskInRow>
        ) : (
          <button
            type="button"
            className="btn danger"
            onClick={() => setAsking(`${h.host}:${h.port}`)}
          >
            <RowAction action="Forget" of={`${h.host}:${h.port}`} />
          </button>
        ),
    },
  ];
  return (
    <section className="panel stack" aria-labelledby="settings-hosts">
      <h2 id="settings-hosts">Known servers</h2>
      <p className="small muted">
        Server keys you accepted. If a server’s key changes, connections stop until you forget the
        old key here — do that only when the platform confirms the new fingerprint.
      </p>
      {hosts.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <DataTable
          caption="Known servers"
          columns={columns}
          rows={hosts}
          rowKey={(h) => `${h.host}:${h.port}`}
        />
      )}
      <ErrorLine error={error} />
    </section>
  );
}
