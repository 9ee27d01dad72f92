import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { parseValidateArgs, validateCommand } from '../../../cli/validate-command.ts';
import { leadSchema } from '../../../core/schema/demo-schemas.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'validate-cmd-'));
  writeFileSync(join(dir, 'Lead.schema.json'), JSON.stringify(leadSchema));
  writeFileSync(join(dir, 'Lead.csv'), 'Company,Address,Email\r\n');
  writeFileSync(
    join(dir, 'good.csv'),
    'Company,Address,Email,Status\r\nAcme,1 Main St,ann@acme.com,new\r\n',
  );
  writeFileSync(
    join(dir, 'bad.csv'),
    'Company,Address,Email,Extra\r\nAcme,1 Main St,bob@,x\r\n,2 Main St,,y\r\n',
  );
  writeFileSync(
    join(dir, 'latin1.csv'),
    Buffer.from([...Buffer.from('Company,Address\nCaf'), 0xe9, ...Buffer.from(',x\n')]),
  );
  writeFileSync(join(dir, 'broken.schema.json'), '{"object": "Lead", "fields": [');
  writeFileSync(
    join(dir, 'wrong.schema.json'),
    '{"object": "Lead", "fields": [{"name": "A", "type": "colour"}]}',
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryCliIo({}, dir);
  const code = await validateCommand(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('sftp-import validate (contract §8)', () => {
  it('exits 0 and says the file is ready when it is valid', async () => {
    const r = await run('good.csv', '--schema', 'Lead.schema.json');
    assert.equal(r.code, 0);
    assert.match(r.out, /^OK: good\.csv is ready to import/);
  });

  it('prints exactly the contract JSON fields first with --json, and exits 1 when invalid', async () => {
    const r = await run('bad.csv', '--schema=Lead.schema.json', '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j).slice(0, 7), [
      'valid',
      'rowsTotal',
      'rowsValid',
      'rowsInvalid',
      'packages',
      'errors',
      'warnings',
    ]);
    assert.equal(j.valid, false);
    assert.equal(j.rowsTotal, 2);
    assert.equal(j.rowsInvalid, 2);
    assert.equal(j.packages, 1);
    assert.deepEqual(j.errors, [
      {
        row: 2,
        column: 'Email',
        value: 'bob@',
        message: '"bob@" is not an email address. Use the form name@example.com.',
      },
      { row: 3, column: 'Company', value: '', message: 'Company is required. Fill in a value.' },
    ]);
    assert.match(String((j.warnings as string[])[0]), /Extra/);
  });

  it('prints a verdict, counts, an aligned table of problems and what to do', async () => {
    const r = await run('bad.csv', '--schema', 'Lead.schema.json');
    assert.equal(r.code, 1);
    assert.match(r.out, /^FAILED: 2 rows of 2 in bad\.csv have problems/);
    assert.match(r.out, /Rows: 2 total, 0 valid, 2 with problems; 1 package/);
    const lines = r.out.split('\n');
    const head = lines.find((l) => l.startsWith('Row '))!;
    const first = lines.find((l) => l.startsWith('2 '))!;
    assert.equal(first.indexOf('Email'), head.indexOf('Column'));
    assert.equal(first.indexOf('"bob@"'), head.indexOf('Value'));
    assert.match(r.out, /What to do:/);
  });

  it('fails a file-level problem with exit 1 and the reason', async () => {
    const r = await run('latin1.csv', '--schema', 'Lead.schema.json', '--json');
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as { valid: boolean; fileError: { code: string; message: string } };
    assert.equal(j.valid, false);
    assert.equal(j.fileError.code, 'not-utf8');
  });

  it('accepts a header-only .csv template and checks columns only', async () => {
    const r = await run('bad.csv', '--schema', 'Lead.csv', '--json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out) as { valid: boolean; mode: string };
    assert.equal(j.valid, true);
    assert.equal(j.mode, 'columns-only');
    const missing = await run('good.csv', '--schema', 'Lead.csv');
    assert.equal(missing.code, 0);
  });

  it('exits 2 on usage errors with a message saying what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [[], /No CSV file given/],
      [['good.csv'], /No template given/],
      [['good.csv', '--schema'], /--schema needs a path/],
      [['good.csv', '--schema', 'Lead.schema.json', '--fast'], /Unknown option "--fast"/],
      [['a.csv', 'b.csv', '--schema', 'Lead.schema.json'], /one CSV file/],
      [['missing.csv', '--schema', 'Lead.schema.json'], /No file at "missing.csv"/],
      [['good.csv', '--schema', 'missing.schema.json'], /No template at/],
      [['good.csv', '--schema', 'broken.schema.json'], /not valid JSON/],
      [
        ['good.csv', '--schema', 'wrong.schema.json'],
        /schema file is not valid at fields\.0\.type/,
      ],
      [['.', '--schema', 'Lead.schema.json'], /is not a file/],
    ];
    for (const [args, message] of cases) {
      const r = await run(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message, args.join(' '));
    }
  });

  it('parses its arguments in any order', () => {
    assert.deepEqual(parseValidateArgs(['--json', '--schema', 's.json', 'f.csv']), {
      file: 'f.csv',
      schema: 's.json',
      json: true,
    });
    assert.deepEqual(parseValidateArgs(['--help']), { help: true });
  });
});
