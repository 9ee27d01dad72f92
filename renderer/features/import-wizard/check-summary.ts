/**
 * Local check results (core/csv, core/kml) → the wizard's `CheckSummary` and table rows. Pure. std.
 */
import type { CsvValidationSummary } from '../../../core/csv/types.ts';
import type { KmlFileResult } from '../../workers/check-protocol.ts';
import type { TerritoryCollection } from '../territories/territory-features.ts';
import type { CheckSummary, WizardAction } from './import-wizard-machine.ts';
import { plural } from '../../../core/util/text.ts';

/** A file that could not be checked at all: nothing counted, one file-level message. */
export function fileFailed(fileError: string): CheckSummary {
  return {
    itemsTotal: 0,
    itemsValid: 0,
    itemsInvalid: 0,
    problems: [],
    problemCount: 0,
    warnings: [],
    fileError,
    columnsOnly: false,
  };
}

/** Records without rules to check them by: refused, never sent unchecked. */
export function noRules(): CheckSummary {
  return fileFailed(
    'There is no template to check this file against yet. Go back and choose what to import (a template from the server or a template file).',
  );
}

/** A CSV summary as the wizard shows it. */
export function fromCsvSummary(s: CsvValidationSummary, columnsOnly: boolean): CheckSummary {
  return {
    itemsTotal: s.rowsTotal,
    itemsValid: s.rowsValid,
    itemsInvalid: s.rowsInvalid,
    problems: s.errors.map((e) => ({
      row: e.row,
      column: e.column,
      value: e.value,
      kind: e.code,
      message: e.message,
    })),
    problemCount: s.problemCount,
    warnings: s.warnings,
    ...(s.fileError
      ? { fileError: s.fileError.message }
      : s.rowsTotal === 0
        ? { fileError: 'The file has a header but no data rows.' }
        : {}),
    columnsOnly,
  };
}

/** KML files' results as the wizard shows them (one row per invalid placemark). */
export function fromKmlResults(
  files: readonly KmlFileResult[],
  c: TerritoryCollection,
): CheckSummary {
  const invalid = c.features.filter((f) => !f.properties.ok).map((f) => f.properties);
  const fileErrors = files
    .filter((f) => f.summary.fileError)
    .map(
      (f) =>
        `${f.name}: ${f.summary.fileError?.message ?? ''}${f.summary.fileError?.line ? ` (line ${f.summary.fileError.line})` : ''}`,
    );
  const noLevel = files.filter((f) => f.level === null).map((f) => f.name);
  const warnings = [
    ...files.flatMap((f) => f.summary.warnings.map((w) => `${f.name}: ${w}`)),
    ...(noLevel.length > 0
      ? [
          `${plural(noLevel.length, 'file')} without a level prefix (1_, 2_): they are uploaded as level 1.`,
        ]
      : []),
  ];
  return {
    itemsTotal: c.features.length,
    itemsValid: c.features.length - invalid.length,
    itemsInvalid: invalid.length,
    problems: invalid.map((p) => ({
      row: p.index,
      column: p.file,
      value: p.name,
      kind: p.code || 'territory',
      message: p.reason,
    })),
    problemCount: invalid.length,
    warnings,
    ...(fileErrors.length > 0
      ? { fileError: fileErrors.join(' ') }
      : c.features.length === 0
        ? { fileError: 'No territories (Placemarks) were found.' }
        : {}),
    columnsOnly: false,
  };
}

/**
 * The "check" of a file nothing here can check: a ZIP (the platform checks each file inside), or a
 * file for a platform that has no templates at all (a Flatfile Space file, an Ocelot contact
 * list). Never used for records, which always have rules (the server's template or a file's).
 */
export function sentAsIs(why: 'zip' | 'platform-has-no-template'): CheckSummary {
  const warning =
    why === 'zip'
      ? 'ZIP files are not opened here: the platform checks each file inside and reports on each.'
      : 'This platform has no template: the file is sent as it is.';
  return {
    itemsTotal: 1,
    itemsValid: 1,
    itemsInvalid: 0,
    problems: [],
    problemCount: 0,
    warnings: [warning],
    columnsOnly: false,
  };
}

/**
 * `dispatch` with `warnings` put first in the summary of each finished check: the conversion's
 * warnings for a file made from the converted one (fixed in the grid, its valid rows only), which
 * its own check cannot know (issue 12 §6). Without warnings, `dispatch` itself.
 */
export function withWarningsFirst(
  dispatch: (a: WizardAction) => void,
  warnings: readonly string[] | undefined,
): (a: WizardAction) => void {
  if (!warnings?.length) return dispatch;
  return (a) =>
    dispatch(
      a.type === 'wizard/check-finished'
        ? { ...a, summary: { ...a.summary, warnings: [...warnings, ...a.summary.warnings] } }
        : a,
    );
}
