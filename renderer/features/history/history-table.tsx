/** The list of past uploads: when, file, site, outcome, counts, and actions. DOM. */
import type { HistoryEntry, SiteView } from '../../../core/ipc/contract.ts';
import { formatBytes, formatWhen } from '../../lib/format.ts';
import type { Resubmit } from '../import-wizard/import-controller.ts';
import { outcomeWords, resubmitFor } from './history-controller.ts';

type Props = {
  entries: HistoryEntry[];
  sites: SiteView[];
  openId: string | null;
  onOpen: (id: string) => void;
  onResubmit: (r: Resubmit) => void;
};

/** One row per upload. */
export function HistoryTable({ entries, sites, openId, onOpen, onResubmit }: Props) {
  const siteOf = (id: string) => sites.find((s) => s.id === id);
  return (
    <div className="table-scroll" style={{ maxHeight: '26rem' }}>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">File</th>
            <th scope="col">Site</th>
            <th scope="col">Outcome</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const site = siteOf(e.siteId);
            const bad = e.outcome === 'failed' || e.outcome === 'error';
            return (
              <tr key={e.id} data-outcome={e.outcome}>
                <td>{formatWhen(e.startedAt)}</td>
                <td>
                  <span className="mono">{e.fileName}</span>
                  <div className="small muted">
                    {formatBytes(e.bytes)} · <span className="mono">{e.remotePath}</span>
                  </div>
                </td>
                <td>{site?.name ?? '(removed site)'}</td>
                <td className={bad ? 'status-failed' : e.outcome === 'imported' ? 'status-ok' : ''}>
                  {outcomeWords(e.outcome)}
                  {e.message && <div className="small">{e.message}</div>}
                </td>
                <td>
                  <div className="row">
                    {(e.hasErrorReport || e.finishedAt) && (
                      <button
                        type="button"
                        className="btn"
                        aria-expanded={openId === e.id}
                        onClick={() => onOpen(e.id)}
                      >
                        {e.hasErrorReport ? 'Error report' : 'Details'}
                      </button>
                    )}
                    {bad && site && (
                      <button
                        type="button"
                        className="btn primary"
                        onClick={() => onResubmit(resubmitFor(e, site.profile))}
                      >
                        Fix and resubmit
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
