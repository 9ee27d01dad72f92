/** Typed reads of a processed file's reports, for the processing tests. node, tests only. */
import type { FileResult } from '../../../../server-emulator/processing/reports.ts';
import type { Harness } from './harness.ts';

export async function readResult(h: Harness, ws: string, path: string): Promise<FileResult> {
  return JSON.parse(await h.read(ws, path)) as FileResult;
}

/** The errors.csv lines after the header, as written (CRLF split). */
export async function errorLines(h: Harness, ws: string, path: string): Promise<string[]> {
  const text = await h.read(ws, path);
  const lines = text.split('\r\n');
  if (lines[0] !== 'Row,Column,Value,Error') throw new Error(`bad errors.csv header: ${lines[0]}`);
  return lines.slice(1).filter((l) => l !== '');
}
