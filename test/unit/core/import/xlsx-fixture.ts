/**
 * Writes small .xlsx workbooks for tests with fflate's zip (no binary fixtures checked in):
 * strings (shared or inline), numbers, booleans and dates with a date number format, the way
 * Excel stores them.
 *
 * Prefer `writeWorkbook` (test/helpers/xlsx-workbooks.ts): workbooks written by exceljs, a real
 * spreadsheet library. This hand-written writer stays for the callers not yet moved to it (its
 * result is synchronous, theirs a promise): the CLI and prepare-runner tests and the app bench.
 */
import { strToU8, zipSync } from 'fflate';

export type FixtureCell =
  | string
  | number
  | boolean
  | null
  | { date: number /* Excel serial */; format?: string }
  | { inline: string };

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function ref(col: number, row: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `${s}${row}`;
}

/** A workbook with the given sheets (name → rows of cells). */
export function makeXlsx(
  sheets: Record<string, FixtureCell[][]>,
  opts: { date1904?: boolean } = {},
): Uint8Array {
  const shared: string[] = [];
  const sharedAt = new Map<string, number>();
  const files: Record<string, Uint8Array> = {};
  const names = Object.keys(sheets);
  names.forEach((name, k) => {
    const rows = sheets[name]!;
    const xmlRows = rows.map((cells, r) => {
      const xmlCells = cells
        .map((c, col) => {
          const at = ref(col, r + 1);
          if (c === null) return '';
          if (typeof c === 'string') {
            let i = sharedAt.get(c);
            if (i === undefined) {
              i = shared.push(c) - 1;
              sharedAt.set(c, i);
            }
            return `<c r="${at}" t="s"><v>${i}</v></c>`;
          }
          if (typeof c === 'number') return `<c r="${at}"><v>${c}</v></c>`;
          if (typeof c === 'boolean') return `<c r="${at}" t="b"><v>${c ? 1 : 0}</v></c>`;
          if ('inline' in c) {
            return `<c r="${at}" t="inlineStr"><is><t xml:space="preserve">${esc(c.inline)}</t></is></c>`;
          }
          return `<c r="${at}" s="${c.format === 'custom' ? 2 : 1}"><v>${c.date}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${xmlCells}</row>`;
    });
    files[`xl/worksheets/sheet${k + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xmlRows.join('')}</sheetData></worksheet>`,
    );
  });
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${opts.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${names.map((n, k) => `<sheet name="${esc(n)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`).join('')}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_n, k) => `<Relationship Id="rId${k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`).join('')}</Relationships>`,
  );
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
  );
  files['xl/styles.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  return zipSync(files);
}
