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

/**
 * Whether a lower-cased address part is already its own key: only `a-z`, `0-9` and single
 * spaces between them (no space at either end).
 */
function isCleanPart(s: string): boolean {
  let prevSpace = true; // a leading space is not clean
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else if ((ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57)) prevSpace = false;
    else return false;
  }
  return !prevSpace || s.length === 0;
}

/** The address parts a pin is matched on, in order. */
export const addressFields = ['Address', 'City', 'State', 'Zip', 'Country'] as const;

/**
 * The key two rows share when they name the same place: each part lower-cased, punctuation
 * dropped, whitespace collapsed; parts joined by `|`. '' when the row has no address at all.
 */
export function addressKey(values: Readonly<Record<string, string | undefined>>): string {
  return addressKeyOf(
    values['Address'] ?? '',
    values['City'] ?? '',
    values['State'] ?? '',
    values['Zip'] ?? '',
    values['Country'] ?? '',
  );
}

/** {@link addressKey} of the five parts (Address, City, State, Zip, Country) given one by one. */
export function addressKeyOf(a: string, b: string, c: string, d: string, e: string): string {
  if (a === '' && b === '' && c === '' && d === '' && e === '') return '';
  // The common case (plain ASCII words and single spaces) without a regular expression.
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  const lc = c.toLowerCase();
  const ld = d.toLowerCase();
  const le = e.toLowerCase();
  if (isCleanPart(la) && isCleanPart(lb) && isCleanPart(lc) && isCleanPart(ld) && isCleanPart(le)) {
    return la + '|' + lb + '|' + lc + '|' + ld + '|' + le;
  }
  // One pass over the joined parts, not five. \x01 keeps them apart and, unlike a character
  // above U+00FF, keeps the string one byte per character (much faster to scan).
  const lower = `${a}\x01${b}\x01${c}\x01${d}\x01${e}`.toLowerCase();
  /* eslint-disable no-control-regex */
  const key = /[\u0080-\uffff]/.test(lower)
    ? lower.normalize('NFKC').replace(/[^\p{L}\p{N}\x01]+/gu, ' ')
    : lower.replace(/[^a-z0-9\x01]+/g, ' ');
  const out = key.replace(/ ?\x01 ?/g, '|').trim();
  /* eslint-enable no-control-regex */
  return out === '||||' ? '' : out;
}
