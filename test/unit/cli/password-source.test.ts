/**
 * Where the CLI's password comes from (contract §8, issue 14): --password-file (owner-only, first
 * line), --password-stdin, SFTP_IMPORT_PASSWORD taken out of the environment once read (and out
 * of process.env at start, so no child process inherits it), then the keychain. No message ever
 * holds the secret.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCliIo, nodeCliIo } from '../../../cli/cli-io.ts';
import { readFlags } from '../../../cli/flags.ts';
import {
  passwordFor,
  passwordSourceFlag,
  passwordSourceOptions,
  readPasswordFile,
  readSourcedSecret,
} from '../../../cli/password-source.ts';
import { createMemorySecretStore } from '../../../engine/secret-store.ts';

const secret = 'Sup3r-s3cret pass';
const site = { user: 'u', host: 'h.example', port: 22 };
const posix = process.platform !== 'win32';

describe('cli/password-source', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sia-pwsrc-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string, mode: number): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    chmodSync(p, mode);
    return p;
  };

  it('--password-file: the first line, without its LF or CRLF', async () => {
    const io = memoryCliIo({}, dir);
    file('lf', `${secret}\nsecond line\n`, 0o600);
    file('crlf', `${secret}\r\n`, 0o600);
    file('bare', secret, 0o400);
    for (const name of ['lf', 'crlf', 'bare']) {
      const r = await readPasswordFile(name, io);
      assert.deepEqual(r, { ok: true, value: secret, origin: 'password-file' }, name);
    }
  });

  it(
    '--password-file that others may read is refused (exit 2) with the chmod to run, never the secret',
    {
      skip: posix ? false : 'POSIX modes only',
    },
    async () => {
      const io = memoryCliIo({}, dir);
      for (const mode of [0o644, 0o640, 0o604]) {
        file('open', `${secret}\n`, mode);
        const r = await readPasswordFile('open', io);
        assert.ok(!r.ok);
        assert.equal(r.code, 2);
        assert.match(r.error, /can be read by other users/);
        assert.match(r.error, /chmod 600 "open"/);
        assert.ok(!r.error.includes(secret));
      }
    },
  );

  it('--password-file: a missing or empty file says so (exit 2)', async () => {
    const io = memoryCliIo({}, dir);
    const missing = await readPasswordFile('nope.txt', io);
    assert.ok(!missing.ok);
    assert.equal(missing.code, 2);
    assert.match(missing.error, /^No file at "nope\.txt" \(--password-file\)/);
    file('empty', '\n', 0o600);
    const empty = await readPasswordFile('empty', io);
    assert.ok(!empty.ok);
    assert.match(empty.error, /is empty/);
  });

  it('--password-stdin: the first line of a pipe; a terminal or nothing is refused', async () => {
    const piped = await readSourcedSecret({ stdin: true }, memoryCliIo({}, dir, `${secret}\n`));
    assert.deepEqual(piped, { ok: true, value: secret, origin: 'password-stdin' });
    const tty = await readSourcedSecret({ stdin: true }, memoryCliIo({}, dir, null));
    assert.ok(!tty.ok);
    assert.match(tty.error, /from a pipe/);
    const none = await readSourcedSecret({ stdin: true }, memoryCliIo({}, dir, ''));
    assert.ok(!none.ok);
    assert.match(none.error, /empty/);
  });

  it('the flags: one source at most', () => {
    const read = (argv: string[]) => {
      const f = readFlags(argv, passwordSourceOptions, { positionals: false });
      assert.ok(!('help' in f) && !('error' in f));
      return passwordSourceFlag(f);
    };
    assert.deepEqual(read(['--password-file', 'p']), { ok: true, value: { file: 'p' } });
    assert.deepEqual(read(['--password-stdin']), { ok: true, value: { stdin: true } });
    assert.deepEqual(read([]), { ok: true, value: undefined });
    const both = read(['--password-file', 'p', '--password-stdin']);
    assert.ok(!both.ok);
    assert.match(both.error, /not both/);
  });

  it('SFTP_IMPORT_PASSWORD is used, then deleted from the environment', async () => {
    const env: Record<string, string | undefined> = { SFTP_IMPORT_PASSWORD: secret, OTHER: 'x' };
    const r = await passwordFor(site, memoryCliIo(env, dir), createMemorySecretStore());
    assert.ok('value' in r);
    assert.equal(r.value.password, secret);
    assert.equal(r.origin, 'environment');
    assert.deepEqual(env, { OTHER: 'x' });
  });

  it('a flag wins over SFTP_IMPORT_PASSWORD, which is still deleted', async () => {
    file('pw', 'from-file\n', 0o600);
    const env: Record<string, string | undefined> = { SFTP_IMPORT_PASSWORD: secret };
    const r = await passwordFor(
      { ...site, passwordSource: { file: 'pw' } },
      memoryCliIo(env, dir),
      createMemorySecretStore(),
    );
    assert.ok('value' in r);
    assert.equal(r.value.password, 'from-file');
    assert.equal(r.origin, 'password-file');
    assert.equal('SFTP_IMPORT_PASSWORD' in env, false);
  });

  it('then the keychain; with none anywhere, says every way to give one (exit 3)', async () => {
    const store = createMemorySecretStore();
    const none = await passwordFor(site, memoryCliIo({}, dir), store);
    assert.ok('error' in none);
    assert.equal(none.code, 3);
    assert.match(none.error, /--password-file PATH, --password-stdin, or SFTP_IMPORT_PASSWORD/);
    assert.match(none.error, /u@h\.example:22/);
    await store.set('u@h.example:22', secret);
    const kept = await passwordFor(site, memoryCliIo({}, dir), store);
    assert.ok('value' in kept);
    assert.equal(kept.origin, 'keychain');
  });

  it('nodeCliIo takes the secrets out of process.env: a child process never sees them', () => {
    const names = ['SFTP_IMPORT_PASSWORD', 'SFTP_IMPORT_PASSPHRASE'] as const;
    const saved = names.map((n) => process.env[n]);
    process.env.SFTP_IMPORT_PASSWORD = secret;
    process.env.SFTP_IMPORT_PASSPHRASE = secret;
    try {
      const io = nodeCliIo();
      assert.equal(io.env.SFTP_IMPORT_PASSWORD, secret, 'the command still reads it');
      assert.equal(io.env.SFTP_IMPORT_PASSPHRASE, secret);
      assert.equal(process.env.SFTP_IMPORT_PASSWORD, undefined);
      const child = spawnSync(
        process.execPath,
        ['-e', 'process.stdout.write(JSON.stringify(Object.values(process.env)))'],
        { encoding: 'utf8' },
      );
      assert.equal(child.status, 0, child.stderr);
      assert.ok(!child.stdout.includes(secret), 'inherited by a child process');
    } finally {
      names.forEach((n, i) => {
        const v = saved[i];
        if (v === undefined) delete process.env[n];
        else process.env[n] = v;
      });
    }
  });
});
