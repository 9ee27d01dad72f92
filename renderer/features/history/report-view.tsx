/**
 * One upload's report: result.json in words and the errors.csv rows in the problems table. It
 * takes focus (its heading) when it opens under its row. DOM.
 */
import { useEffect, useRef, useState } from 'react';
import { plural } from '../../../core/util/text.ts';
import { useAppServices } from '../../app-services.tsx';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { ProblemsTable } from '../../components/problems-table.tsx';
import { fromServerErrors } from '../../lib/problems.ts';
import { territoryOutcome } from '../import-wizard/import-controller.ts';
import { loadReport, resultHeadline, type Report } from './history-controller.ts';
import { ErrorLine } from '../../components/error-line.tsx';
import type { HistoryEntry } from '../../../core/ipc/contract.ts';
import { wholeFileWarning } from '../import-wizard/failed-rows-draft.ts';
import { CheckWarnings } from '../import-wizard/steps/result-step.tsx';

type Props = {
  entryId: string;
  onClose: () => void;
  /** The site's profile, or undefined when the site was removed. */
  profileOf: (siteId: string) => string | undefined;
  externalIdColumn: (profile: string) => string | undefined;
  /** "Fix the failed rows": the wizard opens this upload's failed rows. */
  onFixRows: (entry: HistoryEntry, profile: string) => void;
};

/** Loads and shows the report of `entryId`. */
export function ReportView({ entryId, onClose, profileOf, externalIdColumn, onFixRows }: Props) {
  const bridge = useBridge();
  const { download } = useAppServices();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    void loadReport(bridge, entryId).then((r) =>
      r.ok ? setReport(r.report) : setError(r.message),
    );
  }, [bridge, entryId]);

  const res = report?.result;
  return (
    <section className="panel stack" aria-label="Error report">
      <div className="spread">
        <h2 ref={heading} tabIndex={-1}>
          Report for <span className="mono">{report?.entry.fileName ?? '…'}</span>
        </h2>
        <button type="button" className="btn" onClick={onClose}>
          Close report
        </button>
      </div>
      <ErrorLine error={error} />
      {res && <ResultLine result={res} />}
      {report && report.errors.length > 0 && (
        <ProblemsTable
          title="The platform’s error report"
          rows={fromServerErrors(report.errors)}
          exportName={`${report.entry.fileName}.errors.csv`}
          onExport={(n, csv) => download(n, csv)}
        />
      )}
      {report?.errorsTruncated && (
        <p className="small muted">The report has more rows than shown here.</p>
      )}
      {report && report.errors.length === 0 && <p>No error rows.</p>}
      {report && (
        <FixRows
          report={report}
          profileOf={profileOf}
          externalIdColumn={externalIdColumn}
          onFixRows={onFixRows}
        />
      )}
      {report?.entry.warnings && <CheckWarnings warnings={report.entry.warnings} />}
    </section>
  );
}

/**
 * "Fix the failed rows" for a failed CSV whose report names rows, with what sending the whole
 * file again would do to the rows already imported (issue 12 §5).
 */
function FixRows(props: { report: Report } & Omit<Props, 'entryId' | 'onClose'>) {
  const { entry, errors } = props.report;
  const profile = props.profileOf(entry.siteId);
  const csv = /\.csv$/i.test(entry.fileName);
  if (!profile || !csv || entry.outcome !== 'failed' || !errors.some((e) => e.row > 1)) {
    return null;
  }
  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="btn primary"
          onClick={() => props.onFixRows(entry, profile)}
        >
          Fix the failed rows
        </button>
        <span className="small muted">
          Opens these rows as they were sent, to correct and send alone.
        </span>
      </div>
      {(entry.rowsImported ?? 0) > 0 && (
        <p className="small" data-testid="whole-file-warning">
          {wholeFileWarning(props.externalIdColumn(profile))}
        </p>
      )}
    </div>
  );
}

/**
 * The result in words: "Imported", "Failed", or for a file the platform partly imported its
 * counts in the amber of "partly imported" — "12 imported, 3 failed" — not a red "failed".
 */
function ResultLine({ result: res }: { result: NonNullable<Report['result']> }) {
  const t = territoryOutcome(res);
  const head = resultHeadline(res);
  return (
    <p data-testid="report-status">
      <strong className={head.tone}>{head.words}</strong>
      {res.rowsTotal !== undefined &&
        (head.partly ? (
          <> of {plural(res.rowsTotal, 'row')}</>
        ) : (
          <>
            {' '}
            · {plural(res.rowsImported ?? 0, 'row')} imported, {plural(res.rowsFailed ?? 0, 'row')}{' '}
            failed of {plural(res.rowsTotal, 'row')}
          </>
        ))}
      {res.packages !== undefined && <> · {plural(res.packages, 'package')}</>}
      {(t.territoriesCreated !== undefined || t.territoriesUpdated !== undefined) && (
        <>
          {' '}
          · {plural(t.territoriesCreated ?? 0, 'territory', 'territories')} created,{' '}
          {plural(t.territoriesUpdated ?? 0, 'territory', 'territories')} updated
        </>
      )}
    </p>
  );
}
