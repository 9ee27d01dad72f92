/** Known servers: remembered host keys by SHA-256 fingerprint, each can be forgotten. DOM. */
import { useState } from 'react';
import { useLoader } from '../../lib/use-loader.ts';
import type { KnownHostView } from '../../../core/ipc/contract.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { formatWhen } from '../../lib/format.ts';
import { describeError } from '../../lib/ipc-errors.ts';

/** The table with Forget buttons. */
export function KnownHosts() {
  const bridge = useBridge();
  const [hosts, setHosts] = useState<KnownHostView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = useLoader(
    () => bridge.invoke('hostkeys:list', {}),
    (r) => (r.ok ? setHosts(r.value.hosts) : setError(describeError(r.error))),
    bridge,
  );
  const forget = async (h: KnownHostView) => {
    const r = await bridge.invoke('hostkeys:forget', { host: h.host, port: h.port });
    if (!r.ok) setError(describeError(r.error));
    refresh();
  };
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
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Key</th>
              <th scope="col">Since</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <tr key={`${h.host}:${h.port}`}>
                <td className="mono">
                  {h.host}:{h.port}
                </td>
                <td>
                  <span className="mono">{h.type}</span>
                  <div className="mono small">{h.fingerprint}</div>
                </td>
                <td>{formatWhen(h.addedAt)}</td>
                <td>
                  <button type="button" className="btn danger" onClick={() => void forget(h)}>
                    Forget
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
