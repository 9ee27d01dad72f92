/**
 * Known servers: remembered host keys by SHA-256 fingerprint, each can be forgotten — after a
 * question in its row (Keep it is the safe, focused answer), since the next connection then
 * trusts nothing until the fingerprint is checked again. DOM.
 */
import { useEffect, useRef, useState } from 'react';
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
  const [asking, setAsking] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) keep.current?.focus();
  }, [asking]);
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
                  {asking === `${h.host}:${h.port}` ? (
                    <div className="stack" role="group" aria-label={`Forget ${h.host}:${h.port}?`}>
                      <span className="small">
                        Forget this key? The next connection to {h.host}:{h.port} will ask you to
                        check its fingerprint again.
                      </span>
                      <div className="row">
                        <button
                          ref={keep}
                          type="button"
                          className="btn primary"
                          onClick={() => setAsking(null)}
                        >
                          Keep it
                        </button>
                        <button type="button" className="btn danger" onClick={() => void forget(h)}>
                          Forget the key
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button
                      type="button"
                      className="btn danger"
                      onClick={() => setAsking(`${h.host}:${h.port}`)}
                    >
                      Forget
                      <span className="visually-hidden">
                        {' '}
                        {h.host}:{h.port}
                      </span>
                    </button>
                  )}
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
