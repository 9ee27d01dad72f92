/**
 * Property-based tests of the CSV scanner and validator (issue 14), with fast-check: any table
 * written as RFC 4180 text scans back to the same cells under any chunking; random bytes never
 * make the scanner or the validator throw, and nothing the scanner hands out is over its field
 * and row bounds. A fixed seed and a bounded number of runs keep CI time small and repeatable.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCsvScanner } from '../../../core/csv/scanner.ts';
import { createCsvValidator } from '../../../core/csv/validator.ts';
import { utf8ByteLength } from '../../../core/util/text.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';

const seed = 20261203;
const numRuns = 300;

/** Cells mix plain text with every character RFC 4180 treats specially. */
const cell = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('a', 'B', '1', ' ', 'é', '€', '😀', ';', '\t') },
      { weight: 3, arbitrary: fc.constantFrom(',', '"', '\n', '\r', '\r\n', '""') },
      { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'grapheme' }) },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 12,
});

/** RFC 4180 text: quoted where needed (or at random), `"` doubled, CRLF or LF between records. */
function writeCsv(rows: string[][], quoteAll: boolean, crlf: boolean, finalBreak: boolean): string {
  const line = (cells: string[]): string =>
    cells
      .map((c) =>
        // a record of one empty cell is quoted, else it would be a blank line (no record)
        quoteAll || /[",\r\n]/.test(c) || (cells.length === 1 && c === '')
          ? `"${c.replace(/"/g, '""')}"`
          : c,
      )
      .join(',');
  const eol = crlf ? '\r\n' : '\n';
  return rows.map(line).join(eol) + (finalBreak ? eol : '');
}

/** Splits `text` at the given fractions of its length (any code unit, even inside a pair). */
function chunked(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(text.slice(prev, p));
    prev = p;
  }
  out.push(text.slice(prev));
  return out;
}

function scanAll(
  chunks: string[],
  limits = { maxFieldBytes: 1 << 20, maxRowBytes: 1 << 22 },
): { records: string[][]; failure: string | undefined } {
  const records: string[][] = [];
  const scanner = createCsvScanner((fields, count) => records.push(fields.slice(0, count)), limits);
  for (const c of chunks) scanner.write(c);
  scanner.end();
  return { records, failure: scanner.failure?.code };
}

const schema: ObjectSchema = {
  object: 'Contact',
  fields: [
    { name: 'FirstName', type: 'text', required: true, maxLength: 80 },
    { name: 'Email', type: 'email' },
    { name: 'Birthday', type: 'date' },
  ],
};

describe('CSV scanner: properties', () => {
  it('scans any RFC 4180 table back to the same cells, under any chunking', () => {
    fc.assert(
      fc.property(
        table,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        (rows, quoteAll, crlf, finalBreak, cuts) => {
          const text = writeCsv(rows, quoteAll, crlf, finalBreak);
          const { records, failure } = scanAll(chunked(text, cuts));
          assert.equal(failure, undefined);
          assert.deepEqual(records, rows);
        },
      ),
      { seed, numRuns },
    );
  });

  it('never throws on random text and hands out nothing over its field and row bounds', () => {
    const limits = { maxFieldBytes: 24, maxRowBytes: 64 };
    const text = fc.oneof(
      fc.string({ maxLength: 400, unit: 'binary' }),
      fc
        .array(fc.constantFrom('a', 'é', ',', '"', '\n', '\r', 'xxxxxxxxxx'), { maxLength: 120 })
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(
        text,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (t, cuts) => {
          const { records, failure } = scanAll(chunked(t, cuts), limits);
          for (const r of records) {
            let rowBytes = 0;
            for (const f of r) {
              const n = utf8ByteLength(f);
              assert.ok(n <= limits.maxFieldBytes, `field of ${n} bytes`);
              rowBytes += n;
            }
            assert.ok(rowBytes <= limits.maxRowBytes, `row of ${rowBytes} bytes`);
          }
          if (failure !== undefined) {
            assert.ok(['field-too-large', 'row-too-large', 'unterminated-quote'].includes(failure));
          }
        },
      ),
      { seed, numRuns },
    );
  });

  it('the validator never throws on random bytes in random chunks, and always ends in a summary', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (bytes, withHeader, cuts) => {
          const head = withHeader ? new TextEncoder().encode('FirstName,Email,Birthday\n') : [];
          const all = new Uint8Array([...head, ...bytes]);
          const v = createCsvValidator(schema, {
            maxFieldBytes: 32,
            maxRowBytes: 128,
            packageSize: 3,
            onColumnPackage: () => undefined,
          });
          const at = [...new Set(cuts.map((f) => Math.floor(f * all.length)))].sort(
            (a, b) => a - b,
          );
          let prev = 0;
          for (const p of [...at, all.length]) {
            v.push(all.subarray(prev, p));
            prev = p;
          }
          const s = v.end();
          assert.equal(s.rowsValid + s.rowsInvalid, s.rowsTotal);
          assert.ok(s.errors.length <= s.problemCount);
          if (s.fileError) assert.equal(s.valid, false);
        },
      ),
      { seed, numRuns },
    );
  });
});
