/** Step 3 while running: the local check's progress (bytes and rows), kept live by a worker. DOM. */
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { formatBytes, formatCount, percent } from '../../../lib/format.ts';
import type { WizardState } from '../import-wizard-machine.ts';
import { stepHeading } from '../use-step-focus.ts';

/** The progress bar with "12 MB of 80 MB · 150,000 rows". */
export function CheckingStep({ state }: { state: Extract<WizardState, { step: 'checking' }> }) {
  const p = state.progress;
  const unit = state.target.kind === 'territories' ? 'territories' : 'rows';
  return (
    <section className="panel stack" aria-labelledby="checking-title">
      <h2 id="checking-title" {...stepHeading}>
        Checking {state.files.map((f) => f.name).join(', ')}…
      </h2>
      <ProgressBar
        label="Checking the file"
        value={percent(p.bytes, p.total)}
        caption={`${formatBytes(p.bytes)} of ${formatBytes(p.total)} · ${formatCount(p.rows)} ${unit} so far`}
      />
    </section>
  );
}
