/**
 * A compressed file under a .csv name (issue 14): the validator says it is a ZIP, an Excel
 * workbook or gzip and what to do, not that it is "not UTF-8", whatever the chunk sizes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, zipSync, strToU8 } from 'fflate';
import { sniffCompressed } from '../../../../core/csv/compressed-input.ts';
import { contactLike, validate } from './validate-helpers.ts';

const csv = 'FirstName,LastName\nAda,Lovelace\n';
const xlsx = zipSync({
  '[Content_Types].xml': strToU8('<Types/>'),
  'xl/workbook.xml': strToU8('<workbook/>'),
  'xl/worksheets/sheet1.xml': strToU8('<worksheet/>'),
});
const zip = zipSync({ 'leads.csv': strToU8(csv) });
const gz = gzipSync(strToU8(csv));

describe('CSV validator: compressed files under a .csv name', () => {
  it('tells the three apart from their first bytes', () => {
    assert.equal(sniffCompressed(xlsx), 'xlsx');
    assert.equal(sniffCompressed(zip), 'zip');
    assert.equal(sniffCompressed(gz), 'gzip');
    assert.equal(sniffCompressed(strToU8(csv)), undefined);
    assert.equal(sniffCompressed(strToU8('PK,Name\n1,a\n')), undefined);
  });

  for (const chunk of [1, 3, 1 << 20]) {
    it(`names an .xlsx, a ZIP and gzip, and what to do (chunks of ${chunk} bytes)`, () => {
      const a = validate(contactLike, xlsx, {}, chunk).summary;
      assert.equal(a.valid, false);
      assert.match(
        a.fileError?.message ?? '',
        /^This \.csv file is really an Excel workbook \(\.xlsx\)/,
      );
      assert.match(a.fileError?.message ?? '', /CSV UTF-8.*sftp-import prepare/);
      const b = validate(contactLike, zip, {}, chunk).summary;
      assert.match(
        b.fileError?.message ?? '',
        /^This \.csv file is really a ZIP archive \(an Excel \.xlsx\?\).*Save it as CSV UTF-8, or use `sftp-import prepare`/,
      );
      const c = validate(contactLike, gz, {}, chunk).summary;
      assert.match(c.fileError?.message ?? '', /^This \.csv file is really gzip-compressed/);
      for (const s of [a, b, c]) {
        assert.doesNotMatch(s.fileError?.message ?? '', /not (valid )?UTF-8/);
      }
    });
  }

  it('still reads a CSV whose first cell starts with PK', () => {
    const { summary } = validate(contactLike, 'FirstName,LastName\nPKx,Y\n', {}, 1);
    assert.equal(summary.valid, true);
  });
});
