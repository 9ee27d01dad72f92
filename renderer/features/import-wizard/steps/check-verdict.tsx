/** The local check in one sentence, plus warnings and a whole-file problem. DOM. */
import { plural } from '../../../../core/util/text.ts';
import { formatCount } from '../../../lib/format.ts';
import type { WizardState } from '../import-wizard-machine.ts';

/** A banner: ready to upload, or what to fix first (here, when the assistant's grid is shown). */
export function CheckVerdict({
  state,
  fixHere = false,
}: {
  state: Extract<WizardState, { step: 'checked' }>;
  fixHere?: boolean;
}) {
  const s = state.summary;
  const unit = state.target.kind === 'territories' ? 'territory' : 'row';
  const units = state.target.kind === 'territories' ? 'territories' : 'rows';
  const clean = !s.fileError && s.itemsInvalid === 0;
  return (
    // Not a live region itself: the wizard's announcer (import-screen.tsx) says the verdict.
    <div className={`banner ${clean ? 'ok' : 'bad'}`} data-testid="check-verdict">
      {s.fileError ? (
        <p>
          <strong>This file cannot be imported:</strong> {s.fileError}
        </p>
      ) : clean ? (
        <p>
          <strong>Ready to upload.</strong> {plural(s.itemsValid, unit, units)} checked, no problems
          found.
        </p>
      ) : (
        <p>
          <strong>
            {/* "2 of 6 territories", not "2 territories of 6 territories" (issue 13). */}
            {formatCount(s.itemsInvalid)} of {plural(s.itemsTotal, unit, units)} would not be
            imported.
          </strong>{' '}
          {fixHere
            ? 'Fix them under “Fix the rows here” on this page, or in your file and pick it again.'
            : 'Fix them in your file and pick it again.'}
        </p>
      )}
      {s.columnsOnly && (
        <p className="small">
          Checked against a template file: the columns were checked, the values were not.
        </p>
      )}
      {s.warnings.length > 0 && (
        <ul className="small">
          {s.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
