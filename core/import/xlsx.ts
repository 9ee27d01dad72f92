/**
 * Reading an Excel `.xlsx` workbook (issue 12): the sheet names, and one sheet's cells as text,
 * row by row. Unzips with fflate (small, maintained, Node and browser alike) and reads the
 * sheet's XML with a few regular expressions over the parts Excel writes: shared strings, inline
 * strings, numbers, booleans, errors, and dates recognised by their number format (written as
 * YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with a time). Formulas give their last computed value.
 * Elements may be named with a namespace prefix (`<x:row>`, `<x:c>`), as .NET writers such as
 * the OpenXML SDK write them: each part's prefix is read from its root element.
 * Why not a spreadsheet library: see docs/import-assistant.md (".xlsx: why our own reader").
 */
import { unzipSync } from 'fflate';

export type Workbook = {
  /** Sheet names in the workbook's order. */
  sheets: string[];
  /**
   * The cells of a sheet as text, padded to the sheet's width; rows as the sheet numbers them,
   * except that empty rows above the header come right after it ({@link headerFirst}).
   */
  readSheet(name: string): { ok: true; value: string[][] } | { ok: false; message: string };
};

const utf8 = new TextDecoder('utf-8');

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its entities and OOXML's `_xHHHH_` escapes resolved. */
export function xmlText(s: string): string {
  let t = s;
  if (t.includes('&')) {
    t = t.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return entities[e] ?? m;
    });
  }
  if (t.includes('_x')) {
    t = t.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return t;
}

/** The attributes of one start tag (`name="v"` pairs, prefixes kept: `r:id`). */
function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out.set(m[1]!, xmlText(m[3] ?? m[4] ?? ''));
  }
  return out;
}

/**
 * The prefix, colon included, that a part's root element is named with: '' for `<worksheet>`,
 * 'x:' for `<x:worksheet xmlns:x="…">`. The elements read here are all in the root's namespace,
 * so they carry the same prefix.
 */
export function rootPrefix(xml: string): string {
  const m = /<([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*[\s/>]/.exec(xml);
  return m?.[1] ?? '';
}

/** A regular expression source for an element name under a prefix (`x:row`). */
const named = (p: string, name: string): string => p.replace(/\./g, '\\.') + name;

/** The text of every `<t>` in a string item (rich text runs joined; phonetic hints left out). */
function stringItem(xml: string, p: Tags): string {
  // the common case, one plain <t>: read in place
  if (xml.startsWith(p.tOpen) && xml.indexOf(p.tOpen, p.tOpen.length) === -1) {
    const open = xml.indexOf('>');
    if (xml.charCodeAt(open - 1) === 47 /* / */) return '';
    const close = xml.lastIndexOf(p.tClose);
    const after = xml.charCodeAt(p.tOpen.length);
    if (open !== -1 && close > open && (after === 62 /* > */ || after === 32) /* space */) {
      return xmlText(xml.slice(open + 1, close));
    }
  }
  const body = xml.replace(p.rPh, '');
  let s = '';
  for (const m of body.matchAll(p.t)) s += xmlText(m[1] ?? '');
  return s;
}

/** The element names of a part, under its prefix (see rootPrefix). */
type Tags = {
  tOpen: string;
  tClose: string;
  rPh: RegExp;
  t: RegExp;
  is: RegExp;
  v: string;
  si: RegExp;
  row: RegExp;
  c: RegExp;
};

function tagsFor(prefix: string): Tags {
  const n = (name: string): string => named(prefix, name);
  return {
    tOpen: `<${prefix}t`,
    tClose: `</${prefix}t>`,
    rPh: new RegExp(`<${n('rPh')}\\b[\\s\\S]*?<\\/${n('rPh')}>`, 'g'),
    t: new RegExp(`<${n('t')}\\b[^>]*?(?:\\/>|>([\\s\\S]*?)<\\/${n('t')}>)`, 'g'),
    is: new RegExp(`<${n('is')}\\b[^>]*>([\\s\\S]*?)<\\/${n('is')}>`),
    v: `${prefix}v`,
    si: new RegExp(`<${n('si')}\\b[^>]*?(?:\\/>|>([\\s\\S]*?)<\\/${n('si')}>)`, 'g'),
    row: new RegExp(`<${n('row')}\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/${n('row')}>)`, 'g'),
    c: new RegExp(`<${n('c')}\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/${n('c')}>)`, 'g'),
  };
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30). */
const builtinDateFormats = new Set([
  14,
  15,
  16,
  17,
  18,
  19,
  20,
  21,
  22,
  45,
  46,
  47,
  ...range(27, 36),
  ...range(50, 58),
]);
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** What a number format shows: a date, a time, both, or a plain number. */
export function dateKind(formatCode: string): DateKind {
  const bare = formatCode
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0]!
    .toLowerCase();
  if (bare === 'general') return undefined;
  const date = /[dy]/.test(bare) || (/m/.test(bare) && !/[hs]/.test(bare));
  const time = /[hs]/.test(bare);
  return date && time ? 'datetime' : date ? 'date' : time ? 'time' : undefined;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** An Excel serial date as text (see the module header). */
export function serialToText(
  serial: number,
  kind: 'date' | 'time' | 'datetime',
  date1904: boolean,
): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const ms = Math.round(serial * 86400) * 1000;
  const d = new Date(epoch + ms);
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (kind === 'date') return day;
  if (kind === 'time') return time;
  return time === '00:00:00' ? day : `${day} ${time}`;
}

/** A number as Excel shows it in General: 15 significant digits, no float noise. */
export function numberText(v: string): string {
  if (/^-?\d{1,15}$/.test(v)) return v;
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  return String(Number(n.toPrecision(15)));
}

/** Column index (0-based) of a cell reference's letters: "B12" → 1. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

type DateKind = 'date' | 'time' | 'datetime' | undefined;

/** What a built-in number format shows (ECMA-376 18.8.30). */
function builtinDateKind(id: number): DateKind {
  if (!builtinDateFormats.has(id)) return undefined;
  if ((id >= 18 && id <= 21) || id === 45 || id === 46 || id === 47) return 'time';
  return id === 22 ? 'datetime' : 'date';
}

type CellContext = { shared: readonly string[]; styleKind: readonly DateKind[]; date1904: boolean };
/** A cell context with the element names of the sheet being read. */
type SheetContext = CellContext & { tags: Tags };

/**
 * An attribute's raw value in a start tag's attribute text, as Excel writes them (` name="v"`);
 * other spellings (spaces around `=`, single quotes) take the regular expression.
 */
function attribute(attrText: string, name: string): string | undefined {
  const k = attrText.indexOf(` ${name}="`);
  if (k !== -1) {
    const from = k + name.length + 3;
    return attrText.slice(from, attrText.indexOf('"', from));
  }
  if (!attrText.includes(name)) return undefined;
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrText);
  return m === null ? undefined : (m[1] ?? m[2]);
}

/** The text of the first `<name>` element in `body` (`<v>` of a cell), undefined without one. */
function element(body: string, name: string): string | undefined {
  const k = body.indexOf(`<${name}`);
  if (k === -1) return undefined;
  const open = body.indexOf('>', k);
  if (open === -1 || body.charCodeAt(open - 1) === 47 /* / */) return open === -1 ? undefined : '';
  const close = body.indexOf(`</${name}>`, open);
  return close === -1 ? undefined : body.slice(open + 1, close);
}

/** One cell's value as text, from its start tag's attributes and its body. */
function cellText(attrText: string, body: string, ctx: SheetContext): string {
  const t = attribute(attrText, 't') ?? 'n';
  if (t === 'inlineStr') return stringItem(ctx.tags.is.exec(body)?.[1] ?? '', ctx.tags);
  const v = element(body, ctx.tags.v);
  if (v === undefined || v === '') return '';
  if (t === 's') return ctx.shared[Number(v)] ?? '';
  if (t === 'b') return v === '1' ? 'true' : 'false';
  if (t === 'str' || t === 'e') return xmlText(v);
  return numberCellText(attrText, v, ctx);
}

/** A number cell: a date or time when its style's number format is one, else the number. */
function numberCellText(attrText: string, v: string, ctx: CellContext): string {
  const kind = ctx.styleKind[Number(attribute(attrText, 's') ?? 0)];
  const n = Number(v);
  return kind !== undefined && Number.isFinite(n)
    ? serialToText(n, kind, ctx.date1904)
    : numberText(v);
}

type Failed = { ok: false; message: string };

const notBook =
  'The file is not a readable Excel workbook (.xlsx). Open it in Excel and save it again as "Excel Workbook (.xlsx)" or "CSV UTF-8".';

/** The workbook-level parts (workbook, its relationships, shared strings, styles) as text. */
function workbookParts(bytes: Uint8Array): Map<string, string> | undefined {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (f) =>
        f.name === 'xl/workbook.xml' ||
        f.name === 'xl/_rels/workbook.xml.rels' ||
        f.name === 'xl/sharedStrings.xml' ||
        f.name === 'xl/styles.xml',
    });
  } catch {
    return undefined;
  }
  return new Map(Object.entries(parts).map(([name, p]) => [name, utf8.decode(p)]));
}

/** Relationship id → part path, from `xl/_rels/workbook.xml.rels`. */
function relationships(relsXml: string): Map<string, string> {
  const rels = new Map<string, string>();
  const tag = new RegExp(`<${named(rootPrefix(relsXml), 'Relationship')}\\b[^>]*>`, 'g');
  for (const m of relsXml.matchAll(tag)) {
    const a = attrs(m[0]);
    const id = a.get('Id');
    const target = a.get('Target');
    if (id !== undefined && target !== undefined) {
      rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
    }
  }
  return rels;
}

/** The sheets in workbook order, each with its part path. */
function sheetList(
  workbookXml: string,
  rels: ReadonlyMap<string, string>,
): { name: string; path: string }[] {
  const sheets: { name: string; path: string }[] = [];
  const tag = new RegExp(`<${named(rootPrefix(workbookXml), 'sheet')}\\b[^>]*>`, 'g');
  for (const m of workbookXml.matchAll(tag)) {
    const a = attrs(m[0]);
    const name = a.get('name');
    const rid = [...a.entries()].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const path = rid === undefined ? undefined : rels.get(rid);
    if (name !== undefined && path !== undefined) sheets.push({ name, path });
  }
  return sheets;
}

/** The shared strings table, by index. */
function sharedStrings(xml: string): string[] {
  const shared: string[] = [];
  const tags = tagsFor(rootPrefix(xml));
  for (const m of xml.matchAll(tags.si)) shared.push(stringItem(m[1] ?? '', tags));
  return shared;
}

/** Style index → date kind (from cellXfs' numFmtId and the custom numFmts). */
function styleKinds(stylesXml: string): DateKind[] {
  const n = (name: string): string => named(rootPrefix(stylesXml), name);
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(new RegExp(`<${n('numFmt')}\\b[^>]*>`, 'g'))) {
    const a = attrs(m[0]);
    custom.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '');
  }
  const cellXfs = new RegExp(`<${n('cellXfs')}\\b[^>]*>([\\s\\S]*?)<\\/${n('cellXfs')}>`);
  const xfs = cellXfs.exec(stylesXml)?.[1] ?? '';
  const styleKind: DateKind[] = [];
  for (const m of xfs.matchAll(new RegExp(`<${n('xf')}\\b[^>]*>`, 'g'))) {
    const id = Number(attrs(m[0]).get('numFmtId') ?? 0);
    const code = custom.get(id);
    styleKind.push(code !== undefined ? dateKind(code) : builtinDateKind(id));
  }
  return styleKind;
}

/** Opens a workbook; says why when the bytes are not one. */
export function openWorkbook(bytes: Uint8Array): { ok: true; value: Workbook } | Failed {
  const parts = workbookParts(bytes);
  const workbookXml = parts?.get('xl/workbook.xml');
  if (parts === undefined || workbookXml === undefined) return { ok: false, message: notBook };
  const date1904 = new RegExp(
    `<${named(rootPrefix(workbookXml), 'workbookPr')}\\b[^>]*\\bdate1904\\s*=\\s*["'](1|true)["']`,
  ).test(workbookXml);
  const sheets = sheetList(
    workbookXml,
    relationships(parts.get('xl/_rels/workbook.xml.rels') ?? ''),
  );
  const ctx: CellContext = {
    shared: sharedStrings(parts.get('xl/sharedStrings.xml') ?? ''),
    styleKind: styleKinds(parts.get('xl/styles.xml') ?? ''),
    date1904,
  };

  function readSheet(name: string): { ok: true; value: string[][] } | Failed {
    const sheet = sheets.find((s) => s.name === name);
    if (sheet === undefined) {
      return {
        ok: false,
        message: `The workbook has no sheet "${name}". Its sheets are: ${sheets.map((s) => s.name).join(', ')}.`,
      };
    }
    const xml = sheetXml(bytes, sheet.path);
    return xml === undefined
      ? { ok: false, message: notBook }
      : {
          ok: true,
          value: headerFirst(sheetRows(xml, { ...ctx, tags: tagsFor(rootPrefix(xml)) })),
        };
  }

  return { ok: true, value: { sheets: sheets.map((s) => s.name), readSheet } };
}

/**
 * The header (the first row with a value) first, then the empty rows that were above it, then
 * the rest: a CSV's header is its row 1, and every row after it keeps its sheet row number, since
 * the conversion writes empty rows as empty lines, which the check and the platform skip without
 * renumbering (contract appendix). Without this, empty rows above the header would shift every
 * row number the app reports away from the user's spreadsheet. Rows above are empty: moved, no
 * value is lost. A sheet with no value at all (spaces at most) has no rows.
 */
export function headerFirst(rows: string[][]): string[][] {
  const first = rows.findIndex((row) => row.some((c) => c.trim() !== ''));
  if (first < 0) return []; // only spaces: no header, an empty sheet
  if (first === 0) return rows;
  return [rows[first]!, ...rows.slice(0, first), ...rows.slice(first + 1)];
}

/** One sheet's XML, unzipped on demand; undefined when the part is missing or unreadable. */
function sheetXml(bytes: Uint8Array, path: string): string | undefined {
  try {
    const got = unzipSync(bytes, { filter: (f) => f.name === path });
    const b = got[path];
    return b === undefined ? undefined : utf8.decode(b);
  } catch {
    return undefined;
  }
}

/**
 * The sheet's rows as text cells: missing rows and cells (by their `r` reference) are blank,
 * trailing blank cells and rows are dropped, then every row is padded to the widest.
 */
function sheetRows(xml: string, ctx: SheetContext): string[][] {
  const rows: string[][] = [];
  let width = 0;
  let nextRow = 1;
  for (const rm of xml.matchAll(ctx.tags.row)) {
    const r = Number(/\br\s*=\s*"(\d+)"/.exec(rm[1]!)?.[1] ?? nextRow);
    while (rows.length < r - 1) rows.push([]);
    nextRow = r + 1;
    const cells = rowCells(rm[2] ?? '', ctx);
    if (cells.length > width) width = cells.length;
    rows.push(cells);
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  for (const row of rows) while (row.length < width) row.push('');
  return rows;
}

/** One row's cells at their columns (by `r` reference, else in turn), trailing blanks dropped. */
function rowCells(rowBody: string, ctx: SheetContext): string[] {
  const cells: string[] = [];
  let col = 0;
  for (const cm of rowBody.matchAll(ctx.tags.c)) {
    const ref = attribute(cm[1]!, 'r');
    if (ref !== undefined) col = columnIndex(ref);
    const text = cellText(cm[1]!, cm[2] ?? '', ctx);
    while (cells.length < col) cells.push('');
    cells[col] = text;
    col++;
  }
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}
