/**
 * From a file's header to a conversion plan, the steps `sftp-import prepare` and the app's
 * assistant share (contract §8 `prepare`): pair the columns (the user's choices first), refuse
 * when a required template column has no pair or nothing pairs at all, and plan the output
 * columns. Plain data in and out. std.
 */
import type { ObjectSchema } from '../schema/object-schema.ts';
import { listInWords, quoteForMessage } from '../util/text.ts';
import { planConversion, type ConversionPlan } from './convert.ts';
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
