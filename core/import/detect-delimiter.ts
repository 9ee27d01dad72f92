/**
 * The separator of a delimited text file, from its first lines (issue 12): comma, semicolon, tab
 * or pipe, whichever splits the lines into the same number of fields (more than one), quotes
 * respected. Looks at a sample only (the first chunk). std.
 */
import { createDelimitedScanner } from './delimited-scanner.ts';

export type Delimiter = ',' | ';' | '\t' | '|';
export const delimiters: readonly Delimiter[] = [',', ';', '\t', '|'];

export type DelimiterGuess = {
  delimiter: Delimiter;
  /** Fields in the header with that separator. */
  columns: number;
  /** Whether the data made the choice (false: nothing split the lines; comma by default). */
  sure: boolean;
};

const delimiterWords: Record<Delimiter, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'pipes (|)',
};

/** Words for a separator, as the app and the CLI show them ("separated by semicolons"). */
export function delimiterInWords(d: string): string {
  return (delimiterWords as Record<string, string | undefined>)[d] ?? `"${d}"`;
}

/** Field counts of the first `maxLines` complete records of `sample` split by `d`. */
function fieldCounts(sample: string, d: string, maxLines: number, complete: boolean): number[] {
  const counts: number[] = [];
  const scanner = createDelimitedScanner(d, (_f, count) => {
    if (counts.length < maxLines) counts.push(count);
  });
  // Cut at the last line break: the sample's last record may be cut short.
  const cut = complete
    ? sample.length
    : Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r')) + 1;
  scanner.write(sample.slice(0, cut > 0 ? cut : sample.length));
  scanner.end();
  return counts;
}

/**
 * Picks the separator from a sample of the text (the first chunk, decoded). `complete` says the
 * sample is the whole file. Blank lines are left out of the comparison.
 */
export function detectDelimiter(sample: string, complete = false, maxLines = 50): DelimiterGuess {
  let best: { d: Delimiter; score: number; columns: number } | undefined;
  for (const d of delimiters) {
    const counts = fieldCounts(
      sample.slice(0, 64 * 1024),
      d,
      maxLines,
      complete && sample.length <= 64 * 1024,
    );
    const header = counts[0] ?? 1;
    if (header < 2) continue;
    const data = counts.slice(1).filter((c) => c > 1 || counts.length === 1);
    // share of lines with as many fields as the header (the header counts once)
    const same = data.filter((c) => c === header).length;
    const consistency = data.length === 0 ? 1 : same / data.length;
    if (consistency < 0.5) continue;
    // consistency first; then more columns (a comma inside "1,5" splits less evenly)
    const score = consistency * 1000 + Math.min(header, 999);
    if (best === undefined || score > best.score) best = { d, score, columns: header };
  }
  if (best === undefined) return { delimiter: ',', columns: 1, sure: false };
  return { delimiter: best.d, columns: best.columns, sure: true };
}
