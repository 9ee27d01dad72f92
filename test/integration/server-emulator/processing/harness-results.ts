/**
 * Typed reads of a processed file's reports, for the processing tests. Each one goes through
 * the app's own parsers (core/report), so a report the app could not read fails the test.
 * node, tests only.
 */
import { parseErrorsCsv, parseImportResult } from '../../../../core/report/index.ts';
import type { FileResult } from '../../../../server-emulator/processing/reports.ts';
import type { Harness } from './harness.ts';

export async function readResult(h: Harness, ws: string, path: string): Promise<FileResult> {
  const text = await h.read(ws, path);
  const parsed = parseImportResult(text);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.message}`);
  return JSON.parse(text) as FileResult;
}

/** The errors.csv lines after the header, as written (CRLF split). */
export async function errorLines(h: Harness, ws: string, path: string): Promise<string[]> {
  const text = await h.read(ws, path);
  const parsed = parseErrorsCsv(text);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.message}`);
  const lines = text.split('\r\n');
  if (lines[0] !== 'Row,Column,Value,Error') throw new Error(`bad errors.csv header: ${lines[0]}`);
  return lines.slice(1).filter((l) => l !== '');
}
