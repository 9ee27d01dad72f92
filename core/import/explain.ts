/**
 * What a file's reading says about the platform's verdict (issue 12): a file separated by
 * semicolons is a separator problem, not "missing columns"; a workbook under a `.csv` name is a
 * workbook, not "Windows-1252". The platform itself stays strict (contract §5.1); these are the
 * words the app and `validate` use to point at the conversion. Also: a converted file's problems
 * in the words of the file the user has (its separator, or its sheet). std.
 */
import { longRowAdvice } from '../csv/validator.ts';
import { delimiterInWords } from './detect-delimiter.ts';
import { encodingInWords, formatInWords } from './detect-format.ts';
import type { Inspection } from './inspect.ts';

/**
 * The problem to report instead of the platform's first complaint, when the reading explains it;
 * undefined when the file is UTF-8 with commas (then the platform's words stand). `convert` says
 * how to convert, e.g. "`sftp-import prepare` converts it".
 */
export function describeSeparatorProblem(
  inspection: Inspection,
  convert: string,
): { code: 'not-csv' | 'wrong-separator' | 'not-utf8'; message: string } | undefined {
  if (!inspection.ok) {
    return { code: 'not-csv', message: inspection.message };
  }
  const v = inspection.value;
  if (v.format === 'xlsx') {
    return {
      code: 'not-csv',
      message: `The file is ${formatInWords({ format: 'xlsx' })}, not a CSV file; the platform wants CSV UTF-8 with commas — ${convert} (or in Excel: File > Save As > CSV UTF-8).`,
    };
  }
  if (v.delimiter !== ',' && v.delimiterDetected) {
    const enc =
      v.encoding === 'utf-8' || v.encoding === 'utf-8-bom'
        ? ''
        : ` and in ${encodingInWords(v.encoding)}`;
    return {
      code: 'wrong-separator',
      message: `The file is separated by ${delimiterInWords(v.delimiter)}${enc}; the platform wants commas${enc ? ' and UTF-8' : ''} — ${convert}. (Its columns are: ${v.header.map((h) => h.trim()).join(', ')}.)`,
    };
  }
  if (v.encoding === 'windows-1252' || v.encoding === 'utf-16le' || v.encoding === 'utf-16be') {
    return {
      code: 'not-utf8',
      message: `The file is in ${encodingInWords(v.encoding)}; the platform wants UTF-8 — ${convert}.`,
    };
  }
  return undefined;
}

/** How a converted file was read: a delimited text with its separator, or a workbook's sheet. */
export type ReadFrom = { format: 'csv'; delimiter: string } | { format: 'xlsx' };

/** The advice for a row with too many values, for a file read as `from`. */
function longRowAdviceFor(from: ReadFrom): string {
  if (from.format === 'xlsx') {
    return 'Cells to the right of the header’s last column hold values: give their column a name in the header row, or clear them.';
  }
  const one: Record<string, string> = { ';': 'a semicolon', '\t': 'a tab', '|': 'a pipe (|)' };
  const sep = one[from.delimiter] ?? `a ${delimiterInWords(from.delimiter)} character`;
  return `A value probably contains ${sep} without double quotes around it; put such values in double quotes in your file.`;
}

/**
 * A problem of a file the app converted, in the words of the file the user has: the validator's
 * "too many values" advice speaks of commas, which a file separated by semicolons, tabs or pipes,
 * or a workbook, never had. Every other problem (and any from a file with commas) is returned
 * as it is. The validator, `validate` and the emulator keep their words for CSV.
 */
export function inUsersSeparator<P extends { code: string; message: string }>(
  problem: P,
  from: ReadFrom,
): P {
  if (problem.code !== 'ragged-row' || !problem.message.endsWith(longRowAdvice)) return problem;
  if (from.format === 'csv' && from.delimiter === ',') return problem;
  const counts = problem.message.slice(0, problem.message.length - longRowAdvice.length);
  return { ...problem, message: counts + longRowAdviceFor(from) };
}
