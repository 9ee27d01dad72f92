/**
 * Small string helpers shared by the CSV validator, the report writer and the file-name rules:
 * UTF-8 byte counts without encoding, quoting a user's value inside a message, and detaching a
 * short substring from the big decoded chunk it was sliced from. std.
 */

/** Number of UTF-8 bytes `s` takes, counted without allocating (lone surrogates count as 3). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Whether `s` takes more than `maxBytes` bytes in UTF-8; cheap when the answer is obvious. */
export function exceedsUtf8Bytes(s: string, maxBytes: number): boolean {
  if (s.length > maxBytes) return true;
  if (s.length * 3 <= maxBytes) return false;
  return utf8ByteLength(s) > maxBytes;
}

/** Number of Unicode code points (what a person counts as characters, near enough). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * A value as it appears inside a message: in double quotes, control characters shown as
 * escapes, cut to `max` characters with an ellipsis so a 1 MB cell cannot flood a report.
 */
export function quoteForMessage(value: string, max = 60): string {
  let v = value.length > max ? value.slice(0, max) + '…' : value;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(v)) {
    // eslint-disable-next-line no-control-regex
    v = v.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
      if (ch === '\n') return '\\n';
      if (ch === '\r') return '\\r';
      if (ch === '\t') return '\\t';
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
  }
  return `"${v}"`;
}

/** A value kept in a report: cut to `max` characters (with an ellipsis) so reports stay bounded. */
export function clipValue(value: string, max = 1000): string {
  return value.length > max ? value.slice(0, max) + '…' : value;
}

/**
 * A copy of `s` that does not keep alive the (possibly megabyte-sized) string it was sliced from.
 * V8 represents a long substring as a view of its parent; a Map that holds such views would keep
 * every decoded chunk of a file alive. Concatenating then slicing forces a flat copy.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** English plural: `plural(1, 'row')` → "1 row", `plural(3, 'row')` → "3 rows". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** "a, b and c" */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A spreadsheet column's letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
