/**
 * `sftp-import check-pull` usage errors: exit 2 with a message saying what to do, before any
 * network or keychain access (the host is never resolved).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { main } from '../../../cli/sftp-import.ts';

const run = async (args: string[]) => {
  const io = memoryCliIo({ SFTP_IMPORT_PASSWORD: 'x' }, '/tmp');
  const code = await main(['check-pull', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
};
const base = ['--host', 'h.invalid', '--user', 'u'];

describe('sftp-import check-pull usage (exit 2, no network)', () => {
  it('needs a host, a user and a path', async () => {
    assert.match((await run(['--user', 'u', '--path', '/x.csv'])).err, /--host is required/);
    assert.match((await run(['--host', 'h', '--path', '/x.csv'])).err, /--user is required/);
    const r = await run(base);
    assert.equal(r.code, 2);
    assert.match(r.err, /--path is required/);
    assert.match(r.err, /Usage: sftp-import check-pull/);
  });
  it('wants the full path on the server', async () => {
    const r = await run([...base, '--path', 'exports/leads.csv']);
    assert.equal(r.code, 2);
    assert.match(r.err, /starting with \//);
  });
  it('refuses a password argument and says why', async () => {
    const r = await run([...base, '--path', '/x.csv', '--password', 'secret']);
    assert.equal(r.code, 2);
    assert.match(r.err, /command lines/);
    assert.match(r.err, /SFTP_IMPORT_PASSWORD/);
  });
  it('checks the port and the host key format', async () => {
    assert.equal((await run([...base, '--path', '/x.csv', '--port', '70000'])).code, 2);
    const r = await run([...base, '--path', '/x.csv', '--host-key', 'abc']);
    assert.equal(r.code, 2);
    assert.match(r.err, /SHA256:/);
  });
  it('refuses unknown options and stray arguments', async () => {
    assert.match((await run([...base, '--path', '/x.csv', '--bogus'])).err, /Unknown option/);
    assert.match((await run([...base, '--path', '/x.csv', 'a.csv'])).err, /takes no file/);
  });
  it('prints its usage for --help (exit 0) and is listed in the top-level usage', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /check-pull --host H/);
    const io = memoryCliIo({}, '/tmp');
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.out.join(''), /sftp-import check-pull --host H --port P --user U --path/);
  });
});
