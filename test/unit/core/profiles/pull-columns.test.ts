/**
 * The pull profile's company-name column (seed 003: "at minimum a company name column"): which
 * header names count, checked through the validator the app and the emulator both run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCsvValidator } from '../../../../core/csv/index.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';
import { schemaFromHeader } from '../../../../core/schema/object-schema.ts';

function headerCheck(header: string) {
  const v = createCsvValidator(schemaFromHeader('Lead', ['Company']), {
    mode: 'columns-only',
    requiredColumnAnyOf: profiles.pull.requiredColumnAnyOf ?? [],
  });
  v.push(new TextEncoder().encode(`${header}\r\nAcme,Paris\r\n`));
  return v.end();
}

describe('pull profile: the company-name column (seed 003)', () => {
  it('accepts the company-name spellings in any letter case', () => {
    for (const h of [
      'Company,City',
      'Company Name,City',
      'companyname,City',
      'COMPANY_NAME,City',
    ]) {
      assert.equal(headerCheck(h).fileError, undefined, h);
    }
  });

  it('does not take a bare "Name" (or a person\'s name) for a company name', () => {
    for (const h of ['Name,City', 'First Name,Last Name', 'City,Zip']) {
      const s = headerCheck(h);
      assert.equal(s.fileError?.code, 'missing-required-column-any-of', h);
    }
  });

  it('says which column names are accepted', () => {
    const message = headerCheck('Name,City').fileError?.message ?? '';
    for (const name of profiles.pull.requiredColumnAnyOf ?? []) {
      assert.ok(message.includes(name), `${name} in: ${message}`);
    }
  });
});
