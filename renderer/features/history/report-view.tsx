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
import { loadReport, type Report } from './history-controller.ts';
import { ErrorLine } from '../../components/error-line.tsx';

/** Loads and shows the report of `entryId`. */
export function ReportView({ entryId, onClose }: { entryId: string; onClose: () => void }) {
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
    </section>
  );
}

function ResultLine({ result: res }: { result: NonNullable<Report['result']> }) {
  const t = territoryOutcome(res);
  return (
    <p>
      Status <strong>{res.status}</strong>
      {res.rowsTotal !== undefined && (
        <>
          {' '}
          · {plural(res.rowsImported ?? 0, 'row')} imported, {plural(res.rowsFailed ?? 0, 'row')}{' '}
          failed of {plural(res.rowsTotal, 'row')}
        </>
      )}
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
