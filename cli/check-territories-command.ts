/**
 * `sftp-import check-territories FILE.kml|FILE.kmz [--json]` (contract §4, §6, §8): checks a KML file of
 * territories with the platform's rules before upload, streaming it from disk, and reports the
 * level its name gives and every Placemark that cannot become a territory. Exit 0 all valid,
 * 1 any invalid Placemark or a file error, 2 usage. node.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { kmlFromKmz } from '../core/import/kmz.ts';
import { createKmlReader } from '../core/kml/kml-reader.ts';
import { nodeAsciiDecoding } from '../engine/ascii-decoding.ts';
import type { KmlSummary, TerritoryProblemCode } from '../core/kml/types.ts';
import { territoryLevel } from '../core/naming/file-names.ts';
import { plural, quoteForMessage } from '../core/util/text.ts';
import { type CliIo, commandInput } from './cli-io.ts';
import { readFlags } from './flags.ts';

const usage = `Usage: sftp-import check-territories FILE.kml|FILE.kmz [--json]

Checks a KML file of territories (or a KMZ, Google Earth's export) before you upload it, with the platform's rules: each
Placemark needs a name and one simple Polygon (one closed outer ring of at least 4 positions,
no holes, not crossing itself, valid longitude,latitude).
  --json   print {valid, level, placemarks, territoriesValid, territoriesInvalid, errors, warnings}
Exit codes: 0 all valid, 1 the file has problems, 2 usage error.`;

/** Problems listed in full; the counts stay exact beyond it (as in result.json, contract §5.7). */
const MAX_LISTED = 1000;

/** One problem in `--json` output; `placemark` is the 1-based index, null for a file error. */
export type TerritoryCheckError = {
  placemark: number | null;
  name: string | null;
  line: number | null;
  code: TerritoryProblemCode | NonNullable<KmlSummary['fileError']>['code'];
  message: string;
};

/** The `--json` output (contract §8). */
export type TerritoryCheckReport = {
  valid: boolean;
  level: number | null;
  placemarks: number;
  territoriesValid: number;
  territoriesInvalid: number;
  errors: TerritoryCheckError[];
  warnings: string[];
};

type Args = { file: string; json: boolean } | { help: true } | { error: string };

/** Parses the command's arguments (after `check-territories`). */
export function parseCheckTerritoriesArgs(args: readonly string[]): Args {
  const f = readFlags(args, { json: { type: 'boolean' } }, { positionals: true });
  if ('help' in f || 'error' in f) return f;
  const [file, second] = f.positionals;
  if (file === undefined) return { error: 'No KML file given.' };
  if (second !== undefined) {
    return { error: `Give one KML file to check (got "${file}" and "${second}").` };
  }
  return { file, json: f.values.json === true };
}

/** Streams the file through the checker; collects the first MAX_LISTED problems. */
async function checkFile(
  path: string,
): Promise<{ summary: KmlSummary; errors: TerritoryCheckError[] }> {
  const errors: TerritoryCheckError[] = [];
  // A KMZ (Google Earth's default) is checked as the KML inside it, which is what the app sends.
  let kmz: Uint8Array | undefined;
  if (extname(path).toLowerCase() === '.kmz') {
    const unpacked = kmlFromKmz(await readFile(path));
    if (!unpacked.ok) {
      const fileError = { code: 'not-kml' as const, message: unpacked.message };
      return {
        summary: { placemarks: 0, valid: 0, invalid: 0, warnings: [], fileError },
        errors: [{ placemark: null, name: null, line: null, ...fileError }],
      };
    }
    kmz = unpacked.kml;
  }
  const reader = createKmlReader({
    ascii: nodeAsciiDecoding,
    onPlacemark: (p) => {
      if (!p.ok && errors.length < MAX_LISTED) {
        errors.push({
          placemark: p.index,
          name: p.name,
          line: p.line,
          code: p.code,
          message: p.message,
        });
      }
    },
  });
  if (kmz) {
    for (let at = 0; at < kmz.length; at += 1024 * 1024) {
      reader.push(kmz.subarray(at, at + 1024 * 1024));
    }
  } else {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      reader.push(chunk as Uint8Array);
    }
  }
  const summary = reader.end();
  if (summary.fileError) {
    const f = summary.fileError;
    errors.push({
      placemark: null,
      name: null,
      line: f.line ?? null,
      code: f.code,
      message: f.message,
    });
  }
  return { summary, errors };
}

/** Builds the report from a finished check. */
export function territoryReport(
  fileName: string,
  summary: KmlSummary,
  errors: TerritoryCheckError[],
): TerritoryCheckReport {
  const warnings = [...summary.warnings];
  // A KMZ is uploaded as the KML inside it, under the same name with .kml.
  const lv = territoryLevel(fileName.replace(/\.kmz$/i, '.kml'));
  if (!lv.ok) warnings.unshift(`${lv.message} The platform needs the level to order processing.`);
  if (summary.invalid > errors.filter((e) => e.placemark !== null).length) {
    warnings.push(
      `Only the first ${MAX_LISTED.toLocaleString('en-US')} problems are listed; ${summary.invalid.toLocaleString('en-US')} Placemarks are invalid in all.`,
    );
  }
  return {
    valid: !summary.fileError && summary.invalid === 0,
    level: lv.ok ? lv.level : null,
    placemarks: summary.placemarks,
    territoriesValid: summary.valid,
    territoriesInvalid: summary.invalid,
    errors,
    warnings,
  };
}

/** The human-readable report. */
export function formatTerritoryReport(
  fileName: string,
  r: TerritoryCheckReport,
  shown = 50,
): string {
  const lines: string[] = [];
  const file = r.errors.find((e) => e.placemark === null);
  if (file) {
    lines.push(`${fileName}: cannot be imported.`, file.message);
  } else if (r.valid) {
    lines.push(
      `${fileName}: valid. ${plural(r.territoriesValid, 'territory', 'territories')} ready to import.`,
    );
  } else {
    lines.push(
      `${fileName}: ${plural(r.territoriesInvalid, 'Placemark')} of ${r.placemarks} cannot become territories (${r.territoriesValid} valid).`,
    );
  }
  lines.push(r.level === null ? 'Level: unknown (no N_ prefix).' : `Level: ${r.level}.`);
  const placemarkErrors = r.errors.filter((e) => e.placemark !== null);
  for (const e of placemarkErrors.slice(0, shown)) {
    const name = e.name === null ? '(no name)' : quoteForMessage(e.name, 80);
    lines.push(`  Placemark #${e.placemark} ${name}, line ${e.line}: ${e.message}`);
  }
  if (placemarkErrors.length > shown) {
    lines.push(`  ... and ${r.territoriesInvalid - shown} more (use --json for the full list).`);
  }
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return lines.join('\n') + '\n';
}

/** Runs `check-territories` and resolves to its exit code. */
export async function checkTerritoriesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const start = await commandInput(parseCheckTerritoriesArgs(args), usage, io, 'KML');
  if (!start.ok) return start.exitCode;
  const { args: parsed, path: path } = start;
  let result: { summary: KmlSummary; errors: TerritoryCheckError[] };
  try {
    result = await checkFile(path);
  } catch (err) {
    io.stderr(`Could not read ${quoteForMessage(parsed.file, 200)}: ${(err as Error).message}\n`);
    return 1;
  }
  const name = basename(path);
  const report = territoryReport(name, result.summary, result.errors);
  io.stdout(
    parsed.json ? JSON.stringify(report, null, 2) + '\n' : formatTerritoryReport(name, report),
  );
  return report.valid ? 0 : 1;
}
