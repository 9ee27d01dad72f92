import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8 } from 'fflate';
import { describeSeparatorProblem, inUsersSeparator } from '../../../../core/import/explain.ts';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import { inspectHead } from '../../../../core/import/inspect.ts';
import { encodeWindows1252 } from '../../../../core/import/windows-1252.ts';
import { makeXlsx } from './xlsx-fixture.ts';

const hint = '`prepare` converts it';
const explain = (bytes: Uint8Array) =>
  describeSeparatorProblem(inspectHead(bytes, { whole: true }), hint);

describe('describeSeparatorProblem', () => {
  it('names a separator other than commas, with the encoding when it is not UTF-8', () => {
    const a = explain(strToU8('Company;Address\n1;2\n'));
    assert.equal(a?.code, 'wrong-separator');
    assert.equal(
      a?.message,
      'The file is separated by semicolons; the platform wants commas — `prepare` converts it. (Its columns are: Company, Address.)',
    );
    const b = explain(encodeWindows1252('Société\tVille\nA\tB\n'));
    assert.match(
      b!.message,
      /^The file is separated by tabs and in Windows-1252; the platform wants commas and UTF-8/,
    );
  });
  it('names a workbook and an archive as what they are', () => {
    assert.match(
      explain(makeXlsx({ S: [['a']] }))!.message,
      /Excel workbook \(\.xlsx\), not a CSV file/,
    );
    assert.equal(explain(new Uint8Array([0x1f, 0x8b, 8, 0]))?.code, 'not-csv');
  });
  it('names the encoding of a comma file that is not UTF-8', () => {
    const r = explain(encodeWindows1252('Company,Address\nCafé,1\n'));
    assert.deepEqual(r, {
      code: 'not-utf8',
      message: 'The file is in Windows-1252; the platform wants UTF-8 — `prepare` converts it.',
    });
  });
  it('has nothing to say about UTF-8 with commas', () => {
    assert.equal(explain(strToU8('\uFEFFCompany,Address\nCafé,1\n')), undefined);
  });
});

describe('inUsersSeparator', () => {
  /** The validator's problems for a CSV text (Lead template). */
  const problems = (text: string) => {
    const v = createCsvValidator(leadSchema);
    v.push(strToU8(text));
    return v.end().errors;
  };
  const long = problems('Company,Address\nSmith, John,1 Main St\nShort Co\n');
  const [tooMany, tooFew] = long;

  it('speaks of the user’s separator, or of the sheet, for a row with too many values', () => {
    assert.equal(tooMany?.code, 'ragged-row');
    const semi = inUsersSeparator(tooMany, { format: 'csv', delimiter: ';' });
    assert.equal(
      semi.message,
      'This row has 3 values but the header has 2 columns. A value probably contains a semicolon without double quotes around it; put such values in double quotes in your file.',
    );
    assert.deepEqual({ ...semi, message: tooMany.message }, tooMany, 'only the words change');
    assert.match(
      inUsersSeparator(tooMany, { format: 'csv', delimiter: '\t' }).message,
      /contains a tab without/,
    );
    assert.match(
      inUsersSeparator(tooMany, { format: 'csv', delimiter: '|' }).message,
      /contains a pipe \(\|\) without/,
    );
    assert.match(
      inUsersSeparator(tooMany, { format: 'xlsx' }).message,
      /^This row has 3 values but the header has 2 columns\. Cells to the right of the header’s last column hold values/,
    );
  });

  it('leaves a comma file’s words, and every other problem, as the validator says them', () => {
    // the validator's own words for CSV, as `validate` and the emulator say them
    assert.match(tooMany!.message, /contains a comma without double quotes around it/);
    assert.equal(inUsersSeparator(tooMany!, { format: 'csv', delimiter: ',' }), tooMany);
    assert.equal(tooFew?.code, 'ragged-row');
    assert.equal(inUsersSeparator(tooFew, { format: 'csv', delimiter: ';' }), tooFew);
  });
});
