/**
 * The import assistant's decisions, pure (issue 12, docs/import-assistant.md): what the app read
 * in words, whether the file must be converted, whether the column pairing needs the user, the
 * choices a pairing stands for, the blank template and the key a pairing is remembered under.
 * std.
 */
import {
  delimiterInWords,
  encodingInWords,
  matchColumns,
  templateColumns,
  csvLine,
  type ColumnChoice,
  type ColumnMatch,
} from '../../../core/import/index.ts';
import type { Profile } from '../../../core/profiles/profiles.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import type { Prepare, Reading } from '../../workers/check-protocol.ts';

/** "Windows-1252, separated by semicolons" or "Excel workbook, sheet “Leads”". */
export function readingInWords(r: Reading): string {
  return r.format === 'csv'
    ? `${encodingInWords(r.encoding)}, separated by ${delimiterInWords(r.delimiter)}`
    : `Excel workbook (.xlsx), sheet “${r.sheet}”`;
}

/** What is sent, always (contract §5.1). */
export const sentInWords = 'CSV UTF-8, separated by commas';

/** Whether the bytes must change for the platform to read them (contract §5.1). */
export function needsConversion(r: Reading): boolean {
  if (r.format === 'xlsx') return true;
  return r.delimiter !== ',' || (r.encoding !== 'utf-8' && r.encoding !== 'utf-8-bom');
}

/** Why a file column goes where it goes, in words. */
export function reasonInWords(reason: ColumnMatch['pairs'][number]['reason']): string {
  switch (reason) {
    case 'exact':
      return 'same name';
    case 'same-letters':
      return 'same name but for case, spaces or punctuation';
    case 'synonym':
      return 'a usual other name';
    case 'spelling':
      return 'closest spelling';
    case 'chosen':
      return 'as you chose';
  }
}

/** The template column each file column goes to ('' = not imported), in file order. */
export type Pairing = { from: string; to: string; reason: string }[];

/** The pairing the user starts from: remembered choices first, then core's matching. */
export function initialPairing(
  header: readonly string[],
  schema: ObjectSchema,
  remembered: readonly ColumnChoice[],
): { pairing: Pairing; match: ColumnMatch } {
  const template = templateColumns(schema);
  const names = new Set(template.map((t) => t.name.toLowerCase()));
  const have = new Set(header.map((h) => h.trim()));
  const taken = new Set<string>();
  const usable = remembered.filter((c) => {
    const ok =
      have.has(c.from.trim()) &&
      (c.to === '' || (names.has(c.to.toLowerCase()) && !taken.has(c.to.toLowerCase())));
    if (ok && c.to !== '') taken.add(c.to.toLowerCase());
    return ok;
  });
  const m = matchColumns(header, template, usable);
  // The filtered choices always name existing columns; fall back to no choices all the same.
  const match = m.ok
    ? m.value
    : (matchColumns(header, template) as { ok: true; value: ColumnMatch }).value;
  const to = new Map(match.pairs.map((p) => [p.index, p]));
  const pairing = header.map((from, k) => {
    const p = to.get(k);
    if (p) {
      return {
        from,
        to: p.to,
        reason: p.reason === 'chosen' ? 'as you chose last time' : reasonInWords(p.reason),
      };
    }
    const leftOut = usable.some((c) => c.from.trim() === from.trim() && c.to === '');
    return { from, to: '', reason: leftOut ? 'left out last time' : 'no template column like it' };
  });
  return { pairing, match };
}

/**
 * Whether the user should see the pairing: a column going to a template column of another name,
 * or a required column missing that an unpaired file column may hold.
 */
export function needsConfirmation(
  pairing: Pairing,
  match: ColumnMatch,
  schema: ObjectSchema,
): boolean {
  if (!isIdentity(pairing, schema)) return true;
  return match.missingRequired.some((m) => m.candidates.length > 0);
}

/** What blocks sending with this pairing (a required column without a file column, a column twice). */
export function pairingProblems(pairing: Pairing, schema: ObjectSchema): string[] {
  const problems: string[] = [];
  const count = new Map<string, number>();
  for (const p of pairing) if (p.to !== '') count.set(p.to, (count.get(p.to) ?? 0) + 1);
  for (const [to, n] of count) {
    if (n > 1) {
      problems.push(`${n} file columns go to ${to}. Choose one; set the others to “Not imported”.`);
    }
  }
  for (const f of schema.fields) {
    if (f.required && !count.has(f.name)) {
      problems.push(`${f.name} is required: choose the file column that holds it.`);
    }
  }
  return problems;
}

/** The choices a pairing stands for (every file column, '' = not imported). */
export function choicesOf(pairing: Pairing): ColumnChoice[] {
  return pairing.filter((p) => p.from.trim() !== '').map((p) => ({ from: p.from, to: p.to }));
}

/** A pairing that changes nothing: every column by its exact name or not in the template. */
export function isIdentity(pairing: Pairing, schema: ObjectSchema): boolean {
  const names = new Set(templateColumns(schema).map((t) => t.name));
  return pairing.every((p) => (p.to === '' ? !names.has(p.from.trim()) : p.to === p.from.trim()));
}

/** The conversion for a reading and a pairing. */
export function prepareOf(r: Reading, pairing: Pairing): Prepare {
  return {
    source:
      r.format === 'csv'
        ? { format: 'csv', encoding: r.encoding, delimiter: r.delimiter }
        : { format: 'xlsx', sheet: r.sheet },
    choices: choicesOf(pairing),
  };
}

/** Where a pairing is remembered: per site and object. */
export function memoryKey(siteId: string, object: string): string {
  return `import-assistant:columns:${siteId}:${object.toLowerCase()}`;
}

/** Remembered choices from stored text (anything unreadable is nothing remembered). */
export function parseRemembered(text: string | null): ColumnChoice[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return [];
    return v.filter(
      (c): c is ColumnChoice =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as ColumnChoice).from === 'string' &&
        typeof (c as ColumnChoice).to === 'string',
    );
  } catch {
    return [];
  }
}

/** The blank template: the header row, CSV UTF-8 with a BOM (Excel then reads accents right). */
export function blankTemplate(schema: ObjectSchema): { name: string; text: string } {
  return {
    name: `${schema.object}-template.csv`,
    text: `\uFEFF${csvLine(schema.fields.map((f) => f.name))}`,
  };
}

/** The name of the converted file: the picked name with `.csv` (never the original's name). */
export function convertedName(name: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.csv`;
}

/** Extensions the assistant reads and converts to the CSV a records folder takes. */
export const convertedExtensions = ['.xlsx', '.txt', '.tsv'] as const;

/** The profile as the wizard's file rules see it: a records folder also takes what is converted. */
export function withConvertedFiles(profile: Profile): Profile {
  return {
    ...profile,
    drops: profile.drops.map((d) =>
      d.kind === 'records'
        ? {
            ...d,
            extensions: [
              ...d.extensions,
              ...convertedExtensions.filter((e) => !d.extensions.includes(e)),
            ],
          }
        : d,
    ),
  };
}
