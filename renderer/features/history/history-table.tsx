/**
 * The list of past uploads: when, file, site, outcome, counts, and actions. An opened report is
 * shown in a row right under its upload, at full height (the list grows, nothing is clipped);
 * server paths wrap at `/`. DOM.
 */
import { Fragment, type ReactNode } from 'react';
import type { HistoryEntry, SiteView } from '../../../core/ipc/contract.ts';
import { formatBytes, formatWhen } from '../../lib/format.ts';
import type { Resubmit } from '../import-wizard/import-controller.ts';
import { entryMessage, outcomeWords, resubmitFor } from './history-controller.ts';
import { PathBreaks } from './path-breaks.tsx';

type Props = {
  entries: HistoryEntry[];
  sites: SiteView[];
  openId: string | null;
  onOpen: (id: string) => void;
  onResubmit: (r: Resubmit) => void;
  /** The opened entry's report, shown under its row. */
  report: (id: string) => ReactNode;
};

/** One row per upload. */
export function HistoryTable({ entries, sites, openId, onOpen, onResubmit, report }: Props) {
  const siteOf = (id: string) => sites.find((s) => s.id === id);
  return (
    <div className="table-scroll history-list">
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
            const what = `${e.fileName}, ${formatWhen(e.startedAt)}`;
            return (
              <Fragment key={e.id}>
                <tr data-outcome={e.outcome}>
                  <td>{formatWhen(e.startedAt)}</td>
                  <td>
                    <span className="mono">{e.fileName}</span>
                    <div className="small muted">
                      {formatBytes(e.bytes)} ·{' '}
                      <span className="mono">
                        <PathBreaks path={e.remotePath} />
                      </span>
                    </div>
                  </td>
                  <td>{site?.name ?? '(removed site)'}</td>
                  <td
                    className={bad ? 'status-failed' : e.outcome === 'imported' ? 'status-ok' : ''}
                  >
                    {outcomeWords(e.outcome)}
                    {entryMessage(e) && <div className="small">{entryMessage(e)}</div>}
                  </td>
                  <td>
                    <div className="row">
                      {(e.hasErrorReport || e.finishedAt) && (
                        <button
                          type="button"
                          className="btn"
                          aria-expanded={openId === e.id}
                          data-report-for={e.id}
                          onClick={() => onOpen(e.id)}
                        >
                          {e.hasErrorReport ? 'Error report' : 'Details'}
                          <span className="visually-hidden"> of {what}</span>
                        </button>
                      )}
                      {bad && site && (
                        <button
                          type="button"
                          className="btn primary"
                          onClick={() => onResubmit(resubmitFor(e, site.profile))}
                        >
                          Fix and resubmit
                          <span className="visually-hidden"> {what}</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
                {openId === e.id && (
                  <tr className="report-row">
                    <td colSpan={5}>{report(e.id)}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
