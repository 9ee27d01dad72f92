import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { profiles } from '../../../../../core/profiles/profiles.ts';
import {
  acceptFor,
  rejectFiles,
} from '../../../../../renderer/features/import-wizard/file-rules.ts';

describe('rejectFiles', () => {
  const leads = { kind: 'records', object: 'Lead', rules: 'server-schema' } as const;
  it('accepts a CSV for leads and lists the accepted types', () => {
    assert.equal(rejectFiles(leads, profiles.classic, [{ name: 'a.csv', size: 3 }]), null);
    assert.equal(acceptFor(leads, profiles.classic), '.csv,.zip');
  });
  it('refuses a KML for leads, naming what the platform takes', () => {
    assert.match(
      rejectFiles(leads, profiles.classic, [{ name: 'a.kml', size: 3 }]) ?? '',
      /not a \.csv or \.zip file/,
    );
  });
  it('refuses a file over the Space limit before anything is sent', () => {
    const msg = rejectFiles({ kind: 'space-file' }, profiles.space, [
      { name: 'big.csv', size: 100_000_001 },
    ]);
    assert.match(msg ?? '', /up to 100 MB/);
  });
  it('takes several KML files for territories but one file for records', () => {
    assert.equal(
      rejectFiles({ kind: 'territories' }, profiles.flexible, [
        { name: '1_a.kml', size: 1 },
        { name: '2_b.kml', size: 1 },
      ]),
      null,
    );
    assert.match(
      rejectFiles(leads, profiles.classic, [
        { name: 'a.csv', size: 1 },
        { name: 'b.csv', size: 1 },
      ]) ?? '',
      /one file/,
    );
  });
});
