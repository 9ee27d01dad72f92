/**
 * The wizard's results in words: the verdict's headline — "12 imported, 3 failed" when a file was
 * only partly imported, not just "Failed" — with the next step, and the one sentence the live
 * region announces for each step (announcer in import-screen.tsx). Pure. std.
 */
import { plural } from '../../../core/util/text.ts';
import { assertNever } from '../../lib/assert-never.ts';
import { formatCount } from '../../lib/format.ts';
import type { VerdictView, WizardState } from './import-wizard-machine.ts';

/** A verdict whose rows can be fixed one by one: one CSV, failed, with rows in the report. */
export function canFixFailedRows(state: Readonly<WizardState>): boolean {
  return (
    state.step === 'done' &&
    state.target.kind === 'records' &&
    state.entryIds.length === 1 &&
    state.outcome.status === 'failed' &&
    state.outcome.problems.some((p) => p.row > 1)
  );
}

/** Rows imported and failed both known and both above zero. */
export function isPartial(o: VerdictView): boolean {
  return (o.rowsImported ?? 0) > 0 && (o.rowsFailed ?? 0) > 0;
}

/** The banner's headline. */
export function outcomeHeadline(o: VerdictView): string {
  if (isPartial(o)) {
    return `${(o.rowsImported ?? 0).toLocaleString('en-US')} imported, ${(o.rowsFailed ?? 0).toLocaleString('en-US')} failed`;
  }
  return outcomeLabel(o.status);
}

/** The outcome in plain words. */
export function outcomeLabel(status: VerdictView['status']): string {
  switch (status) {
    case 'imported':
      return 'Imported';
    case 'failed':
      return 'Failed';
    case 'removed':
      // Only Flatfile signals this way (profile signal 'removed'; seed 001).
      return 'Imported into your Space (the file was removed from the server)';
    case 'moved-away':
      // Only Ocelot contact lists (profile signal 'moved-away'; seed 002).
      return 'Moved into Ocelot (the file left the upload folder)';
    case 'timeout':
      return 'No answer from the platform yet';
    default:
      return assertNever(status);
  }
}

/**
 * What to do now, or null when nothing is left to do. `fixable`: the result offers "Fix the
 * failed rows" (one CSV whose report names rows).
 */
export function nextStep(o: VerdictView, fixable = false): string | null {
  if (isPartial(o)) {
    return fixable
      ? `What was imported stays in the platform. Fix the failed rows opens the ${plural(o.rowsFailed ?? 0, 'row')} listed below to correct ${o.rowsFailed === 1 ? 'it and send only that one' : 'them and send only those'}, so nothing is imported twice.`
      : `What was imported stays in the platform. Fix the ${plural(o.rowsFailed ?? 0, 'failed row')} listed below (Export problems saves them as CSV), then import just those rows again.`;
  }
  if (o.status === 'failed') {
    return o.problems.length > 0
      ? fixable
        ? 'Nothing was imported. Fix the failed rows opens the rows listed below to correct and send them; or fix your file and import it again.'
        : 'Nothing was imported. Fix the rows listed below in your file, then import it again.'
      : 'Nothing was imported. Read the platform’s message above, fix the file, then import it again.';
  }
  if (o.status === 'timeout') {
    return 'The file is still in the drop folder. History shows the result when the platform answers.';
  }
  return null;
}

/** The sentence the wizard's live region says for a state (empty: nothing to announce). */
export function announcement(state: WizardState): string {
  switch (state.step) {
    case 'checked': {
      const s = state.summary;
      const unit = state.target.kind === 'territories' ? 'territory' : 'row';
      const units = state.target.kind === 'territories' ? 'territories' : 'rows';
      if (s.fileError) return `Check finished: this file cannot be imported. ${s.fileError}`;
      if (s.itemsInvalid === 0) {
        return `Check finished: ready to upload, ${plural(s.itemsValid, unit, units)} checked, no problems found.`;
      }
      return `Check finished: ${formatCount(s.itemsInvalid)} of ${plural(s.itemsTotal, unit, units)} would not be imported.`;
    }
    case 'uploading':
      if (state.duplicate) return 'Nothing was sent: this file was uploaded before.';
      if (state.error) return state.cancelled ? 'Upload cancelled.' : 'The upload did not finish.';
      return '';
    case 'waiting':
      return 'Uploaded. Waiting for the platform.';
    case 'done': {
      const next = nextStep(state.outcome, canFixFailedRows(state));
      return `${outcomeHeadline(state.outcome)}.${next ? ` ${next}` : ''}`;
    }
    default:
      return '';
  }
}
