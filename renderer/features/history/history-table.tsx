/**
 * The list of past uploads: when, file, site, outcome, counts, and actions. An opened report is
 * shown in a row right under its upload, at full height (the list grows, nothing is clipped);
 * server paths wrap at `/`. DOM.
 */
import type { ReactNode } from 'react';
import type { HistoryEntry, SiteView } from '../../../core/ipc/contract.ts';
import { DataTable, RowAction, type Column } from '../../components/data-table.tsx';
import { formatBytes, formatWhen } from '../../lib/format.ts';
import type { Resubmit } from '../import-wizard/import-controller.ts';
import {
  entryMessage,
  entryOutcomeWords,
  isPartlyImported,
  outcomeTone,
  resubmitFor,
} from './history-controller.ts';
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

const isBad = (e: HistoryEntry) => e.outcome === 'failed' || e.outcome === 'error';

/** One row per upload. */
export function HistoryTable({ entries, sites, openId, onOpen, onResubmit, report }: Props) {
  const siteOf = (id: string) => sites.find((s) => s.id === id);
  const columns: Column<HistoryEntry>[] = [
    { header: 'When', cell: (e) => formatWhen(e.startedAt) },
    {
      header: 'File',
      cell: (e) => (
        <>
          <span className="mono">{e.fileName}</span>
          <div className="small muted">
            {formatBytes(e.bytes)} ·{' '}
            <span className="mono">
              <PathBreaks path={e.remotePath} />
            </span>
          </div>
        </>
      ),
    },
    { header: 'Site', cell: (e) => siteOf(e.siteId)?.name ?? '(removed site)' },
    {
      header: 'Outcome',
      // Partly imported is amber, not the red of a whole failure (issue 13).
      className: (e) => {
        const tone = outcomeTone(e);
        return tone ? `status-${tone}` : undefined;
      },
      cell: (e) => (
        <>
          {entryOutcomeWords(e)}
          {entryMessage(e) && <div className="small">{entryMessage(e)}</div>}
        </>
      ),
    },
    {
      header: 'Actions',
      cell: (e) => {
        const site = siteOf(e.siteId);
        const what = `${e.fileName}, ${formatWhen(e.startedAt)}`;
        return (
          <div className="row">
            {(e.hasErrorReport || e.finishedAt) && (
              <button
                type="button"
                className="btn"
                aria-expanded={openId === e.id}
                data-report-for={e.id}
                onClick={() => onOpen(e.id)}
              >
                <RowAction
                  action={e.hasErrorReport ? 'Error report' : 'Details'}
                  of={`of ${what}`}
                />
              </button>
            )}
            {isBad(e) && site && (
              <button
                type="button"
                className="btn primary"
                onClick={() => onResubmit(resubmitFor(e, site.profile))}
              >
                <RowAction action="Fix and resubmit" of={what} />
              </button>
            )}
          </div>
        );
      },
    },
  ];
  return (
    <DataTable
      caption="Past uploads"
      columns={columns}
      rows={entries}
      rowKey={(e) => e.id}
      rowData={(e) => ({
        'data-outcome': e.outcome,
        ...(isPartlyImported(e) ? { 'data-partly': 'true' } : {}),
      })}
      below={(e) => (openId === e.id ? report(e.id) : null)}
      scroll={{ className: 'history-list' }}
    />
  );
}
