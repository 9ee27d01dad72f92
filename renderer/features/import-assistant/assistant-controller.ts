/**
 * The assistant's effects, each taking the worker factory (and dispatch) as arguments: the first
 * look at a file, and the check of the converted file, which dispatches the wizard's usual
 * progress and summary and gives back the converted bytes as a new `File` — the one uploaded
 * (issue 12 §2: never the original). DOM File.
 */
import { runCheck, type WorkerLike } from '../import-wizard/check-client.ts';
import { fileFailed, fromCsvSummary } from '../import-wizard/check-summary.ts';
import type { CheckRules } from '../import-wizard/import-controller.ts';
import type { WizardAction } from '../import-wizard/import-wizard-machine.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { inUsersSeparator } from '../../../core/import/explain.ts';
import type {
  ColumnSuggestions,
  Converted,
  Prepare,
  Reading,
  Split,
} from '../../workers/check-protocol.ts';
import { convertedName } from './assistant-rules.ts';

/** The first look at `file` in a worker. */
export async function inspectInWorker(
  createWorker: () => WorkerLike,
  file: File,
  options: { delimiter?: string; sheet?: string } = {},
): Promise<{ ok: true; value: Reading } | { ok: false; message: string }> {
  const m = await runCheck(createWorker, { type: 'inspect', file, ...options }, () => undefined)
    .done;
  if (m.type === 'inspected') return { ok: true, value: m.reading };
  return { ok: false, message: m.type === 'failed' ? m.message : 'Unexpected answer.' };
}

/**
 * Converts and checks `file` (the summary goes to the wizard as for any file); resolves with the
 * converted file, or null when it could not be made (the wizard then shows why).
 */
export async function checkConverted(
  createWorker: () => WorkerLike,
  dispatch: (a: WizardAction) => void,
  file: File,
  rules: CheckRules,
  prepare: Prepare,
  remoteName: string,
): Promise<{ file: File; converted: Converted } | null> {
  const handle = runCheck(createWorker, { type: 'check-csv', file, ...rules, prepare }, (p) =>
    dispatch({ type: 'wizard/check-progress', progress: p }),
  );
  const m = await handle.done;
  if (m.type !== 'csv-done' || !m.converted) {
    const message = m.type === 'failed' ? m.message : 'The file could not be converted.';
    dispatch({
      type: 'wizard/check-finished',
      summary: fileFailed(message),
      remoteNames: [remoteName],
    });
    return null;
  }
  // A row with too many values is told about the user's separator (or sheet), not commas.
  const errors = m.summary.errors.map((e) => inUsersSeparator(e, prepare.source));
  dispatch({
    type: 'wizard/check-finished',
    summary: fromCsvSummary({ ...m.summary, errors }, rules.mode === 'columns-only'),
    remoteNames: [remoteName],
  });
  const out = new File([m.converted.blob], convertedName(file.name), { type: 'text/csv' });
  return { file: out, converted: m.converted };
}

/** The one-click fixes worth offering for the file read as `prepare` says (from its first rows). */
export async function suggestInWorker(
  createWorker: () => WorkerLike,
  file: File,
  schema: ObjectSchema,
  prepare: Prepare,
): Promise<ColumnSuggestions[]> {
  const m = await runCheck(
    createWorker,
    { type: 'suggest', file, schema, prepare },
    () => undefined,
  ).done;
  return m.type === 'suggested' ? m.columns : [];
}

/** The file's valid rows and its rows with problems, each as CSV UTF-8 (see prepare-runner.ts). */
export async function splitInWorker(
  createWorker: () => WorkerLike,
  file: File,
  rules: CheckRules,
  prepare: Prepare,
): Promise<{ ok: true; value: Split } | { ok: false; message: string }> {
  const m = await runCheck(
    createWorker,
    {
      type: 'split',
      file,
      schema: rules.schema,
      mode: rules.mode,
      ...(rules.externalIdColumn ? { externalIdColumn: rules.externalIdColumn } : {}),
      prepare,
    },
    () => undefined,
  ).done;
  if (m.type === 'split-done') return { ok: true, value: m.split };
  return { ok: false, message: m.type === 'failed' ? m.message : 'Unexpected answer.' };
}
