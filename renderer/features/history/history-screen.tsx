/**
 * History: past uploads with their outcome; open one's error report in the problems table;
 * "Fix and resubmit" starts the wizard for the corrected file under a fresh name. DOM.
 */
import { useEffect, useRef, useState } from 'react';
import { useLoader } from '../../lib/use-loader.ts';
import type { HistoryEntry, SiteView } from '../../../core/ipc/contract.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { loadSites } from '../sites/sites-controller.ts';
import type { Resubmit } from '../import-wizard/import-controller.ts';
import { loadHistory, resubmitFor } from './history-controller.ts';
import { HistoryTable } from './history-table.tsx';
import { ReportView } from './report-view.tsx';
import { ErrorLine } from '../../components/error-line.tsx';
import { getProfile } from '../../../core/profiles/profiles.ts';

const externalIdOf = (profile: string) => getProfile(profile)?.externalIdColumn;

/** The screen. */
export function HistoryScreen(props: { onResubmit: (r: Resubmit) => void }) {
  const bridge = useBridge();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [sites, setSites] = useState<SiteView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const close = (id: string) => {
    setOpen(null);
    // Back to the button that opened the report.
    setTimeout(() =>
      list.current?.querySelector<HTMLElement>(`[data-report-for="${id}"]`)?.focus(),
    );
  };

  const refresh = useLoader(
    () => Promise.all([loadHistory(bridge), loadSites(bridge)]),
    ([h, s]) => {
      if (h.ok) setEntries(h.entries);
      else setError(h.message);
      if (s.ok) setSites(s.value);
    },
    bridge,
  );
  useEffect(() => bridge.on('outcome:update', refresh), [bridge, refresh]);

  return (
    <div ref={list}>
      <div className="spread">
        <h1>History</h1>
        <button type="button" className="btn" onClick={refresh}>
          Refresh
        </button>
      </div>
      <ErrorLine error={error} />
      {entries?.length === 0 && (
        <p>No uploads yet. Files you upload appear here with the platform’s verdict.</p>
      )}
      {entries && entries.length > 0 && (
        <HistoryTable
          entries={entries}
          sites={sites}
          openId={open}
          onOpen={setOpen}
          onResubmit={props.onResubmit}
          report={(id) => (
            <ReportView
              key={id}
              entryId={id}
              onClose={() => close(id)}
              externalIdColumn={(profile) => externalIdOf(profile)}
              profileOf={(siteId) => sites.find((s) => s.id === siteId)?.profile}
              onFixRows={(entry, profile) =>
                props.onResubmit({ ...resubmitFor(entry, profile), fixRows: true })
              }
            />
          )}
        />
      )}
    </div>
  );
}
