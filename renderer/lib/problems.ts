/**
 * Problems as the table shows them — local check results and the server's errors.csv rows alike —
 * with filters, counts and a CSV export whose cells cannot run as formulas (contract §5.7, F1).
 * std.
 */

/** One row of the problems table. */
export type ProblemRow = {
  /** The row as a spreadsheet shows it (header = 1); for KML, the placemark's number. */
  row: number;
  column: string;
  value: string;
  /** Machine-readable kind, for the "error kind" filter ('server' when only a message is known). */
  kind: string;
  /** What is wrong and what to do, in plain words. */
  message: string;
};

export type ProblemFilter = { column: string | null; kind: string | null };

/** Problems matching a filter (null = any). */
export function filterProblems(
  rows: readonly ProblemRow[],
  filter: Readonly<ProblemFilter>,
): ProblemRow[] {
  return rows.filter(
    (p) =>
      (filter.column === null || p.column === filter.column) &&
      (filter.kind === null || p.kind === filter.kind),
  );
}

/** How many problems per key, most frequent first (ties by name). */
export function countBy(
  rows: readonly ProblemRow[],
  key: 'column' | 'kind',
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of rows) counts.set(p[key], (counts.get(p[key]) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * The words shown when the check kept only the first problems (core/csv keeps 1,000; contract
 * §5.7), or null when every problem is listed.
 */
export function cappedNote(listed: number, total: number): string | null {
  if (total <= listed) return null;
  return `Showing the first ${listed.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} problems. Fix these and check the file again to see the rest.`;
}

/** A kind code in words for the filter ("not-a-date" → "not a date"). */
export function kindInWords(kind: string): string {
  return kind.replace(/-/g, ' ');
}

/**
 * A cell safe to open in a spreadsheet: a leading `= + - @`, tab or CR gets a `'` in front, and
 * the cell is quoted when it holds a comma, quote or line break (OWASP CSV injection).
 */
export function neutraliseCell(value: string): string {
  const safe = /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The problems as a CSV file (`Row,Column,Value,Error`, as the platform's errors.csv). A `note`
 * (such as "showing the first 1,000 of N problems") goes first, in the Error column of a row
 * without a number, so whoever opens the file sees the list is not complete.
 */
export function problemsToCsv(rows: readonly ProblemRow[], note?: string): string {
  const lines = ['Row,Column,Value,Error'];
  if (note) lines.push(['', '', '', note].map(neutraliseCell).join(','));
  for (const p of rows) {
    lines.push([String(p.row), p.column, p.value, p.message].map(neutraliseCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** The server's errors.csv rows (`{row, column, value, message}`) as table rows. */
export function fromServerErrors(
  errors: readonly { row: number; column: string; value: string; message: string }[],
): ProblemRow[] {
  return errors.map((e) => ({ ...e, kind: kindFromMessage(e.message) }));
}

/** Guesses a kind from a server message so the kind filter still groups server rows. */
function kindFromMessage(message: string): string {
  const m = message.toLowerCase();
  if (m.includes('required')) return 'required';
  if (m.includes('relatedto') || m.includes('related')) return 'related-not-found';
  if (m.includes('date')) return 'not-a-date';
  if (m.includes('email')) return 'not-an-email';
  if (m.includes('option') || m.includes('one of')) return 'not-an-option';
  if (m.includes('number') || m.includes('integer') || m.includes('currency')) {
    return 'not-a-number';
  }
  return 'server';
}
