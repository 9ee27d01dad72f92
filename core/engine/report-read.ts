/**
 * Reading the platform's `<file>.errors.csv` (`Row,Column,Value,Error`, contract §5.7) into rows
 * for a table. A small RFC 4180 reader (quoted fields, doubled quotes, CRLF). Used until the
 * shared core/report parsers land; same output shape. node-free (std).
 */
import { fail, ok, type Result } from './result.ts';

/** One failed cell; `row` as a spreadsheet shows it (header = 1), null for a file-level problem. */
export type ReportRow = { row: number | null; column: string; value: string; message: string };

/** Parses errors.csv text. Unknown extra columns are ignored; a wrong header is an error. */
export function parseErrorsCsv(text: string): Result<ReportRow[]> {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records.shift();
  if (!header || header.map((h) => h.trim().toLowerCase()).join(',') !== 'row,column,value,error') {
    return fail(
      'bad-input',
      'The error report does not start with the header Row,Column,Value,Error.',
    );
  }
  return ok(
    records
      .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
      .map((r) => {
        const n = Number(r[0]);
        return {
          row: r[0] && Number.isInteger(n) ? n : null,
          column: r[1] ?? '',
          value: r[2] ?? '',
          message: r[3] ?? '',
        };
      }),
  );
}

/** RFC 4180 records. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}
