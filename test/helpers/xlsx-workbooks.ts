/**
 * Test workbooks made by a real spreadsheet library (exceljs, a devDependency), so the reader is
 * tested against what a maintained writer produces rather than against our own idea of the
 * format (issue 12): shared or inline strings, rich text, numbers, booleans, errors, formulas
 * with their cached result, dates with a number format, 1904-based dates, several sheets and
 * empty cells. `namespacePrefixed` rewrites a workbook the way .NET writers (OpenXML SDK) do,
 * with every element under a prefix (`<x:row>`, `<x:c>`), which is just as valid XML.
 */
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export type BookCell =
  | string
  | number
  | boolean
  | null
  /** A date (its UTC day and time) shown with `yyyy-mm-dd`. */
  | Date
  /** A date shown with this number format (e.g. `dd/mm/yyyy hh:mm`, `h:mm:ss`). */
  | { date: Date; format: string }
  /** Rich text: the runs, each in its own font (bold on every other run). */
  | { rich: string[] }
  /** A formula and the result Excel cached for it. */
  | { formula: string; result: string | number }
  | { error: '#N/A' | '#DIV/0!' | '#VALUE!' };

export type BookOptions = {
  /**
   * Strings in the shared strings table (Excel's way, the default); false writes plain strings
   * as `t="str"` cells and rich text as inline strings (`t="inlineStr"`), as some exporters do.
   * That takes exceljs's streaming writer, which gives every date the built-in `m/d/yy` format
   * (custom formats are lost): test custom date formats with shared strings.
   */
  sharedStrings?: boolean;
  /** Dates counted from 1904 (Excel for Mac's old default). */
  date1904?: boolean;
};

function cellValue(c: BookCell): ExcelJS.CellValue {
  if (c === null || typeof c !== 'object' || c instanceof Date) return c;
  if ('date' in c) return c.date;
  if ('rich' in c) {
    return { richText: c.rich.map((text, k) => ({ text, font: { bold: k % 2 === 1 } })) };
  }
  if ('formula' in c) return { formula: c.formula, result: c.result };
  return { error: c.error };
}

/** Writes the rows into a sheet, leaving `null` cells out as Excel does. */
function fillSheet(sheet: ExcelJS.Worksheet, rows: BookCell[][]): void {
  rows.forEach((cells, r) => {
    const row = sheet.getRow(r + 1);
    cells.forEach((c, col) => {
      if (c === null) return;
      const cell = row.getCell(col + 1);
      cell.value = cellValue(c);
      if (c instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      else if (typeof c === 'object' && 'date' in c) cell.numFmt = c.format;
    });
    row.commit();
  });
}

/** An .xlsx with the given sheets (name → rows of cells), written by exceljs. */
export async function writeWorkbook(
  sheets: Record<string, BookCell[][]>,
  opts: BookOptions = {},
): Promise<Uint8Array> {
  if (opts.sharedStrings === false) {
    // Only exceljs's streaming writer leaves the shared strings table out (its whole-book
    // writer always fills one); it has no 1904 dates.
    if (opts.date1904) throw new Error('exceljs writes 1904 dates with shared strings only');
    const chunks: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (b: Buffer) => chunks.push(b));
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
    for (const [name, rows] of Object.entries(sheets)) {
      const sheet = book.addWorksheet(name);
      fillSheet(sheet, rows);
      sheet.commit();
    }
    await book.commit();
    return new Uint8Array(Buffer.concat(chunks));
  }
  const book = new ExcelJS.Workbook();
  if (opts.date1904) book.properties.date1904 = true;
  for (const [name, rows] of Object.entries(sheets)) fillSheet(book.addWorksheet(name), rows);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/**
 * The same workbook with each XML part's default namespace turned into `prefix` and every
 * element named with it (`<x:worksheet xmlns:x="…"><x:sheetData><x:row>…`); attributes keep
 * their names, as XML namespaces want. The text in exceljs's parts is escaped (no `<` outside
 * tags, no CDATA), so a tag-level rewrite is exact.
 */
export function namespacePrefixed(bytes: Uint8Array, prefix = 'x'): Uint8Array {
  const parts = unzipSync(bytes);
  const out: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(parts)) {
    if (!/\.(xml|rels)$/.test(name) || name === '[Content_Types].xml') {
      out[name] = data;
      continue;
    }
    const xml = strFromU8(data);
    if (!/<[A-Za-z][^>]*\sxmlns="/.test(xml)) {
      out[name] = data;
      continue;
    }
    out[name] = strToU8(
      xml
        .replace(/(<[A-Za-z][^>]*?\s)xmlns="/, `$1xmlns:${prefix}="`)
        .replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s/>])/g, `<$1${prefix}:$2`),
    );
  }
  return zipSync(out);
}

/** One part of a workbook as text (to show in a test what a writer put there). */
export function workbookPart(bytes: Uint8Array, name: string): string | undefined {
  const part = unzipSync(bytes, { filter: (f) => f.name === name })[name];
  return part === undefined ? undefined : strFromU8(part);
}
