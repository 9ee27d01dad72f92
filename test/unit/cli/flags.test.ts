import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  certFlag,
  hostKeyFlag,
  missingFlag,
  portFlag,
  readFlags,
  stringFlag,
} from '../../../cli/flags.ts';

const options = { host: { type: 'string' }, json: { type: 'boolean' } } as const;

describe('cli/flags (node:util parseArgs with the commands’ words)', () => {
  it('reads --flag value, --flag=value and positionals', () => {
    const f = readFlags(['a.csv', '--host', 'h1', '--json', 'b.csv'], options, {
      positionals: true,
    });
    assert.ok(!('error' in f) && !('help' in f));
    assert.equal(stringFlag(f, 'host'), 'h1');
    assert.equal(f.values.json, true);
    assert.deepEqual(f.positionals, ['a.csv', 'b.csv']);
    const g = readFlags(['--host=h2'], options, { positionals: false });
    assert.ok(!('error' in g) && !('help' in g));
    assert.equal(stringFlag(g, 'host'), 'h2');
  });

  it('says what is wrong in plain words', () => {
    const err = (argv: string[], positionals = false): string => {
      const f = readFlags(argv, options, { positionals });
      assert.ok('error' in f, `expected an error for ${argv.join(' ')}`);
      return f.error;
    };
    assert.equal(err(['--bogus']), 'Unknown option --bogus.');
    assert.equal(err(['--host']), '--host needs a value.');
    assert.equal(err(['--host', '--json']), '--host needs a value.');
    assert.equal(err(['--json=yes']), '--json takes no value.');
    assert.equal(err(['x.csv']), 'Unexpected argument "x.csv".');
  });

  it('refuses a password argument before anything else, and answers --help', () => {
    for (const flag of ['--password', '-p', '--passphrase', '--password=secret']) {
      const f = readFlags(['--host', 'h', flag, 'x'], options, { positionals: true });
      assert.ok('error' in f);
      assert.match(f.error, /never accepted as arguments.*SFTP_IMPORT_PASSWORD/);
      assert.doesNotMatch(f.error, /secret/);
    }
    assert.deepEqual(readFlags(['--bogus', '-h'], options, { positionals: false }), { help: true });
  });

  it('checks ports, host keys and required flags once for every command', () => {
    assert.deepEqual(portFlag(undefined, 22), { ok: true, value: 22 });
    assert.deepEqual(portFlag('2222', 22), { ok: true, value: 2222 });
    for (const bad of ['0', '65536', '22x', '-1', '']) assert.equal(portFlag(bad, 22).ok, false);
    assert.deepEqual(portFlag('0', 2222, { allowZero: true }), { ok: true, value: 0 });
    assert.equal(hostKeyFlag('SHA256:abc').ok, false);
    const fp = `SHA256:${'A'.repeat(43)}`;
    assert.deepEqual(hostKeyFlag(fp), { ok: true, value: fp });
    const f = readFlags(['--host='], options, { positionals: false });
    assert.ok(!('error' in f) && !('help' in f));
    assert.equal(missingFlag(f, ['host']), '--host is required.');
  });

  it('--cert takes a SHA256 fingerprint, with or without = padding, and nothing else', () => {
    const fp = 'SHA256:' + 'A'.repeat(43);
    assert.deepEqual(certFlag(undefined), { ok: true, value: undefined });
    assert.deepEqual(certFlag(fp), { ok: true, value: fp });
    assert.deepEqual(certFlag(fp + '='), { ok: true, value: fp });
    for (const bad of ['SHA256:short', 'A'.repeat(43), 'MD5:' + 'A'.repeat(43), '']) {
      const r = certFlag(bad);
      assert.ok(!r.ok && /--cert must look like SHA256:/.test(r.error), bad);
    }
  });
});
