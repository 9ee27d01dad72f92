import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildImportResult,
  buildZipResult,
  csvCell,
  displayValue,
  errorsCsvHeader,
  errorsCsvRow,
  formatErrorsCsv,
  formatImportResult,
  parseErrorsCsv,
  parseImportResult,
  maxResultTerritories,
  type ErrorReportRow,
  type TerritoryChange,
} from '../../../../core/report/index.ts';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import { contactSchema } from '../../../../core/schema/demo-schemas.ts';

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it (review the diff!). */
function assertGolden(actual: string, name: string): void {
  const path = fileURLToPath(new URL(`../../../fixtures/reports/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'));
}

const hostile: ErrorReportRow[] = [
  {
    row: 2,
    column: 'Email',
    value: '=HYPERLINK("http://x")',
    message: '"=HYPERLINK(…)" is not an email address.',
  },
  { row: 3, column: 'Value', value: '+1+1', message: 'plus' },
  { row: 4, column: 'Value', value: '-2', message: 'minus' },
  { row: 5, column: 'Value', value: '@SUM(A1)', message: 'at' },
  { row: 6, column: 'Value', value: '\t=1', message: 'tab' },
  { row: 7, column: 'Value', value: '\r=1', message: 'carriage return' },
  { row: 8, column: 'Value', value: '=1+2";=1+2', message: 'OWASP example' },
  { row: 9, column: 'Notes', value: 'Smith, John\nsecond line', message: 'comma and line break' },
  {
    row: 10,
    column: '',
    value: '',
    message: 'This row has 2 values but the header has 3 columns.',
  },
];

describe('errors.csv (contract §5.7)', () => {
  it('neutralises formula cells and quotes per RFC 4180 (golden file)', () => {
    assertGolden(formatErrorsCsv(hostile), 'hostile.errors.expected.csv');
  });

  it('follows the OWASP example exactly', () => {
    assert.equal(csvCell('=1+2";=1+2'), `"'=1+2"";=1+2"`);
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell(''), '');
  });

  it('can be written streaming: the header, then one line per problem', () => {
    const streamed = errorsCsvHeader + hostile.map(errorsCsvRow).join('');
    assert.equal(streamed, formatErrorsCsv(hostile));
  });

  it('reads back what it writes, and displays values without the guard quote', () => {
    const parsed = parseErrorsCsv(formatErrorsCsv(hostile));
    assert.ok(parsed.ok);
    assert.equal(parsed.rows.length, hostile.length);
    assert.deepEqual(
      parsed.rows.map((r) => ({ ...r, value: displayValue(r.value) })),
      hostile,
    );
    assert.equal(parsed.rows[0]!.value, `'=HYPERLINK("http://x")`);
  });

  it('refuses a file that is not an errors report', () => {
    assert.equal(parseErrorsCsv('a,b\n1,2\n').ok, false);
    const bad = parseErrorsCsv('Row,Column,Value,Error\r\nx,A,B,C\r\n');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.message, /Line 2/);
  });
});

describe('result.json (contract §5.7, §5.8)', () => {
  const started = new Date('2026-01-02T03:04:05.000Z');
  const finished = new Date('2026-01-02T03:04:07.500Z');

  function contactResult(): ReturnType<typeof buildImportResult> {
    const v = createCsvValidator(contactSchema, { externalIdColumn: 'ExternalDataObjectId' });
    v.push(
      new TextEncoder().encode(
        'FirstName,LastName,Email,Notes,ExternalDataObjectId\nAnn,Lee,ann@x.com,,c1\n,Kim,bob@,,c2\nCy,Do,,,c1\n',
      ),
    );
    const s = v.end();
    return buildImportResult({
      file: 'Contact_march.csv',
      object: 'Contact',
      rowsTotal: s.rowsTotal,
      rowsImported: s.rowsValid,
      packages: s.packages,
      warnings: s.warnings,
      problems: s.errors,
      startedAt: started,
      finishedAt: finished,
    });
  }

  it('builds a failed result with its row problems (golden file)', () => {
    const r = contactResult();
    assertGolden(formatImportResult(r), 'contact.result.expected.json');
    assert.equal(r.status, 'failed');
    assert.equal(r.rowsFailed, 2);
  });

  it('is a success when no row failed and there is no file error', () => {
    const r = buildImportResult({
      file: 'a.csv',
      object: 'Lead',
      rowsTotal: 3,
      rowsImported: 3,
      packages: 1,
      startedAt: started,
      finishedAt: finished,
    });
    assert.equal(r.status, 'success');
    assert.deepEqual(r.errors, []);
    const f = buildImportResult({
      file: 'a.csv',
      object: 'Lead',
      rowsTotal: 0,
      rowsImported: 0,
      packages: 0,
      fileError: { code: 'not-utf8', message: 'The file is not UTF-8.' },
      startedAt: started,
      finishedAt: finished,
    });
    assert.equal(f.status, 'failed');
    assert.equal(f.fileError?.code, 'not-utf8');
  });

  it('keeps only the first 1,000 errors', () => {
    const problems = Array.from({ length: 1500 }, (_, i) => ({
      row: i + 2,
      column: 'A',
      value: 'x',
      message: 'm',
    }));
    const r = buildImportResult({
      file: 'a.csv',
      object: 'Lead',
      rowsTotal: 1500,
      rowsImported: 0,
      packages: 1,
      problems,
      startedAt: started,
      finishedAt: finished,
    });
    assert.equal(r.errors.length, 1000);
    assert.equal(r.errors.at(-1)!.row, 1001);
  });

  it('lists each ZIP entry and sums them (golden file)', () => {
    const ok = buildImportResult({
      file: 'Account_a.csv',
      object: 'Account',
      rowsTotal: 2,
      rowsImported: 2,
      packages: 1,
      warnings: ['w1'],
      startedAt: started,
      finishedAt: finished,
    });
    const zip = buildZipResult({
      file: 'batch.zip',
      entries: [ok, contactResult()],
      startedAt: started,
      finishedAt: finished,
    });
    assertGolden(formatImportResult(zip), 'batch.zip.result.expected.json');
    assert.equal(zip.status, 'failed');
    assert.equal(zip.rowsTotal, 5);
    assert.equal(zip.errors[0]!.entry, 'Contact_march.csv');
  });

  it('parses a result back, and says what is wrong with a bad one', () => {
    const text = formatImportResult(contactResult());
    const back = parseImportResult(text);
    assert.ok(back.ok);
    assert.deepEqual(back.value, JSON.parse(text));
    assert.equal(parseImportResult('{').ok, false);
    const bad = parseImportResult('{"status":"weird"}');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.message, /status/);
  });
});

describe('result.json territories (an optional extra of territory files)', () => {
  const times = { startedAt: '2026-05-01T10:00:00.000Z', finishedAt: '2026-05-01T10:00:01.000Z' };
  const kmlResult = (file: string, territories: TerritoryChange[]) =>
    buildImportResult({
      file,
      object: 'Territory',
      rowsTotal: territories.length,
      rowsImported: territories.length,
      packages: 1,
      territories,
      ...times,
    });

  it('says per placemark whether it created or updated a territory, with exact counts', () => {
    const r = kmlResult('2_areas.kml', [
      { name: 'Austin Metro', level: 2, action: 'created' },
      { name: 'Dallas Metro', level: 2, action: 'updated' },
      { name: 'Waco', level: 2, action: 'created' },
    ]);
    assert.equal(r.territoriesCreated, 2);
    assert.equal(r.territoriesUpdated, 1);
    assert.deepEqual(
      r.territories?.map((t) => `${t.name}:${t.action}`),
      ['Austin Metro:created', 'Dallas Metro:updated', 'Waco:created'],
    );
    const back = parseImportResult(formatImportResult(r));
    assert.ok(back.ok);
    assert.deepEqual(back.value.territories, r.territories);
  });

  it('lists the first 10,000 territories but counts all of them', () => {
    const many = Array.from({ length: maxResultTerritories + 5 }, (_, i) => ({
      name: `T${i}`,
      level: 1,
      action: i % 2 === 0 ? ('created' as const) : ('updated' as const),
    }));
    const r = kmlResult('1_many.kml', many);
    assert.equal(r.territories?.length, maxResultTerritories);
    assert.equal((r.territoriesCreated ?? 0) + (r.territoriesUpdated ?? 0), many.length);
  });

  it('sums a ZIP of KML files and names each territory’s entry', () => {
    const zip = buildZipResult({
      file: 'levels.zip',
      entries: [
        kmlResult('1_regions.kml', [{ name: 'North', level: 1, action: 'created' }]),
        kmlResult('2_areas.kml', [{ name: 'North-A', level: 2, action: 'updated' }]),
      ],
      ...times,
    });
    assert.equal(zip.territoriesCreated, 1);
    assert.equal(zip.territoriesUpdated, 1);
    assert.deepEqual(zip.territories?.[1], {
      name: 'North-A',
      level: 2,
      action: 'updated',
      entry: '2_areas.kml',
    });
  });

  it('leaves CSV results as they were, and still parses a result without the extras', () => {
    const csv = buildImportResult({
      file: 'Contact_x.csv',
      object: 'Contact',
      rowsTotal: 1,
      rowsImported: 1,
      packages: 1,
      ...times,
    });
    assert.equal('territories' in csv, false);
    assert.equal('territoriesCreated' in csv, false);
    const other = parseImportResult(
      JSON.stringify({
        status: 'success',
        file: '1_x.kml',
        object: 'Territory',
        rowsTotal: 1,
        rowsImported: 1,
        rowsFailed: 0,
        packages: 1,
        warnings: [],
        errors: [],
        startedAt: times.startedAt,
        finishedAt: times.finishedAt,
      }),
    );
    assert.ok(other.ok);
  });
});
