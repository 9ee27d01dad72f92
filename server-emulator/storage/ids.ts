/**
 * RecordIDs as users see them (`R00000042`, in exports and in `RelatedTo`) and the normalised
 * address key that matches pins (contract §5.5). Pure. std.
 */

/** The RecordID users see for a record's numeric id: `R` + the id padded to 8 digits. */
export function formatRecordId(id: number): string {
  const s = String(id);
  return s.length >= 8 ? 'R' + s : 'R' + '00000000'.slice(s.length) + s;
}

/** The numeric id of a RecordID (`R00000042` → 42, case-insensitive), or undefined if it is not one. */
export function parseRecordId(text: string): number | undefined {
  const m = /^[Rr](\d{1,15})$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The address parts a pin is matched on, in order. */
export const addressFields = ['Address', 'City', 'State', 'Zip', 'Country'] as const;

/**
 * The key two rows share when they name the same place: each part lower-cased, punctuation
 * dropped, whitespace collapsed; parts joined by `|`. '' when the row has no address at all.
 */
export function addressKey(values: Readonly<Record<string, string | undefined>>): string {
  let key = '';
  let any = false;
  for (let i = 0; i < addressFields.length; i++) {
    const raw = values[addressFields[i] as string] ?? '';
    const part = raw === '' ? '' : normalisePart(raw);
    if (part !== '') any = true;
    key += i === 0 ? part : '|' + part;
  }
  return any ? key : '';
}

function normalisePart(s: string): string {
  const lower = s.toLowerCase();
  // Fast path for ASCII text; anything else goes through Unicode classes after NFKC.
  if (!/[\u0080-\uffff]/.test(lower)) return lower.replace(/[^a-z0-9]+/g, ' ').trim();
  return lower
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
