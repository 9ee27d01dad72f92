import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountSchema } from '../../../core/schema/demo-schemas.ts';

const bin = fileURLToPath(new URL('../../../bin/sftp-import.js', import.meta.url));
let dir = '';

function runBin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: dir, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Writes an Account file of `rows` rows; every 1,000th row has a bad Employees value. */
async function writeAccounts(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('Name,Industry,Employees,Website,ExternalDataObjectId\r\n');
  for (let i = 1; i <= rows; i++) {
    const line = `"Acme, ${i}",retail,${i % 1000 === 0 ? 'many' : i},https://a${i}.example.com,A${i}\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'validate-cli-'));
  writeFileSync(join(dir, 'Account.schema.json'), JSON.stringify(accountSchema));
  await writeAccounts(join(dir, 'Account_big.csv'), 25_001);
  writeFileSync(join(dir, 'Account_ok.csv'), 'Name,Employees\nAcme,12\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the sftp-import bin: validate, end to end', () => {
  it('validates a generated 25,001-row file: 3 packages, the bad rows reported, exit 1', async () => {
    const r = await runBin([
      'validate',
      'Account_big.csv',
      '--schema',
      'Account.schema.json',
      '--json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as {
      valid: boolean;
      rowsTotal: number;
      rowsInvalid: number;
      packages: number;
      errors: { row: number; column: string; value: string }[];
    };
    assert.equal(j.valid, false);
    assert.equal(j.rowsTotal, 25_001);
    assert.equal(j.rowsInvalid, 25);
    assert.equal(j.packages, 3);
    assert.deepEqual(j.errors[0], {
      row: 1001,
      column: 'Employees',
      value: 'many',
      message: '"many" is not a whole number. Use digits only, like 250.',
    });
  });

  it('exits 0 on a valid file with a short human verdict', async () => {
    const r = await runBin(['validate', 'Account_ok.csv', '--schema', 'Account.schema.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^OK: Account_ok\.csv is ready to import/);
  });

  it('exits 2 on a usage error', async () => {
    const r = await runBin(['validate', 'Account_ok.csv']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No template given/);
  });
});
