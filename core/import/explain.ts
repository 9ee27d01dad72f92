/**
 * What a file's reading says about the platform's verdict (issue 12): a file separated by
 * semicolons is a separator problem, not "missing columns"; a workbook under a `.csv` name is a
 * workbook, not "Windows-1252". The platform itself stays strict (contract §5.1); these are the
 * words the app and `validate` use to point at the conversion. std.
 */
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
