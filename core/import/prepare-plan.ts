/**
 * From a file's header to a conversion plan, the steps `sftp-import prepare` and the app's
 * assistant share (contract §8 `prepare`): pair the columns (the user's choices first), refuse
 * when a required template column has no pair or nothing pairs at all, and plan the output
 * columns. Plain data in and out. std.
 */
import type { ObjectSchema } from '../schema/object-schema.ts';
import { listInWords, plural, quoteForMessage } from '../util/text.ts';
import { planConversion, type ConversionCounts, type ConversionPlan } from './convert.ts';
import { encodingInWords, type TextEncodingName } from './detect-format.ts';
import {
  matchColumns,
  templateColumns,
  type ColumnChoice,
  type ColumnMatch,
  type TemplateColumn,
} from './match-columns.ts';

export type PreparePlan = { template: TemplateColumn[]; match: ColumnMatch; plan: ConversionPlan };

export type PreparePlanFailure =
  /** A choice names a column the file or the template does not have (the user's to fix). */
  | { code: 'bad-choice'; message: string }
  /** Required template columns without a pair; `match` has them with their candidates. */
  | { code: 'missing-required'; message: string; match: ColumnMatch }
  /** Not one column pairs with the template. */
  | { code: 'nothing-matches'; message: string; match: ColumnMatch };

/**
 * Pairs `header` with `schema` and plans the output. `file` names the file in messages. The
 * messages say what is missing and the likeliest columns; the caller adds how to choose (a
 * `--map` flag, a list in the app).
 */
export function preparePlan(
  header: readonly string[],
  schema: ObjectSchema,
  choices: readonly ColumnChoice[],
  file: string,
): { ok: true; value: PreparePlan } | { ok: false; error: PreparePlanFailure } {
  const template = templateColumns(schema);
  const m = matchColumns(header, template, choices);
  if (!m.ok) return { ok: false, error: { code: 'bad-choice', message: m.message } };
  const match = m.value;
  if (match.missingRequired.length > 0) {
    const lines = match.missingRequired.map((x) => {
      const cands = x.candidates.map((c) => quoteForMessage(c));
      return cands.length > 0
        ? `  ${x.to}: maybe ${cands.length === 1 ? cands[0]! : `${cands.slice(0, -1).join(', ')} or ${cands[cands.length - 1]!}`}`
        : `  ${x.to}: no column of the file is left to pair with it; add the column to the file`;
    });
    const n = match.missingRequired.length;
    return {
      ok: false,
      error: {
        code: 'missing-required',
        message: `${file} has no column the ${schema.object} template's required ${n === 1 ? 'column' : 'columns'} ${listInWords(match.missingRequired.map((x) => x.to))} can be paired with for sure:\n${lines.join('\n')}`,
        match,
      },
    };
  }
  if (match.pairs.length === 0) {
    return {
      ok: false,
      error: {
        code: 'nothing-matches',
        message: `No column of ${file} matches the ${schema.object} template (its columns are: ${template
          .filter((t) => !t.reserved)
          .map((t) => t.name)
          .join(', ')}).`,
        match,
      },
    };
  }
  return { ok: true, value: { template, match, plan: planConversion(match, template) } };
}

/** A column name inside a warning: in curly quotes, cut to 60 characters. */
const named = (name: string): string => `“${name.length > 60 ? `${name.slice(0, 60)}…` : name}”`;

/**
 * What the conversion did that the user should still see once the file is checked, sent and in
 * History (issue 12 §6), in plain words: the encoding converted (or switched to Windows-1252 past
 * an ASCII start), the file's columns left out, and rows padded. Empty rows are not here: they
 * stay in the converted file as empty lines, and the check counts them as the platform does.
 * Rows with too many values are not here either: their values are kept, and the check reports
 * each one.
 */
export function conversionWarnings(c: {
  /** The encoding the first look found (null for a workbook)… */
  detected: TextEncodingName | null;
  /** …and the one the whole file was read as. */
  read: TextEncodingName | null;
  match: ColumnMatch;
  counts: ConversionCounts;
}): string[] {
  const warnings: string[] = [];
  if (c.read !== null && c.read !== c.detected) {
    warnings.push(
      `The file starts as plain ASCII but is not UTF-8 further on: it was read as ${encodingInWords(c.read)} and sent as UTF-8. Check its accented letters.`,
    );
  } else if (c.read !== null && c.read !== 'utf-8' && c.read !== 'utf-8-bom') {
    warnings.push(`Read as ${encodingInWords(c.read)} and sent as UTF-8.`);
  }
  const out = c.match.notImported.map((x) => x.from.trim()).filter((x) => x !== '');
  if (out.length > 0) {
    warnings.push(
      `${out.length === 1 ? 'Column' : 'Columns'} ${listInWords(out.map(named))} ${out.length === 1 ? 'is' : 'are'} not imported.`,
    );
  }
  const { shortRows, firstRaggedRow, longRows } = c.counts;
  if (shortRows > 0) {
    warnings.push(
      `${plural(shortRows, 'row')} had fewer values than the header${longRows === 0 ? ` (first: row ${firstRaggedRow})` : ''}; the missing values were left empty.`,
    );
  }
  return warnings;
}
