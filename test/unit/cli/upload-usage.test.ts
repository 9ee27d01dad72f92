/**
 * `sftp-import upload` before any network: a file that does not exist is exit 2 with the same
 * words as `validate`; the usage names the password flags; `--wait` words for each cadence.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { main } from '../../../cli/sftp-import.ts';
import { duration, waitingLine } from '../../../cli/upload-command.ts';
import { getProfile } from '../../../core/profiles/profiles.ts';

const run = async (args: string[]) => {
  const io = memoryCliIo({ SFTP_IMPORT_PASSWORD: 'x' }, '/tmp');
  const code = await main(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
};
const site = ['--host', 'h.invalid', '--user', 'u', '--profile', 'flexible'];

describe('sftp-import upload: usage and words (no network)', () => {
  it('a file that does not exist: exit 2 with the same message as validate', async () => {
    const up = await run(['upload', 'Account_missing.csv', ...site]);
    const val = await run(['validate', 'Account_missing.csv', '--schema', 'Account.schema.json']);
    assert.equal(up.code, 2);
    assert.equal(val.code, 2);
    assert.match(up.err, /^No file at "Account_missing\.csv"\. Check the path\.\n$/);
    assert.equal(up.err, val.err);
  });

  it('a folder given as the file is exit 2, saying what to give', async () => {
    const r = await run(['upload', '.', ...site]);
    assert.equal(r.code, 2);
    assert.match(r.err, /is not a file/);
  });

  it('lists the password flags, and refuses both at once (exit 2)', async () => {
    const help = await run(['upload', '--help']);
    assert.match(help.out, /--password-file PATH/);
    assert.match(help.out, /--password-stdin/);
    const both = await run([
      'upload',
      'a.csv',
      ...site,
      '--password-file',
      'p',
      '--password-stdin',
    ]);
    assert.equal(both.code, 2);
    assert.match(both.err, /not both/);
    const top = await run(['--help']);
    assert.match(top.out, /--password-file PATH, --password-stdin/);
  });

  it('--wait says how often each platform looks and when it gives up', () => {
    const line = (name: string, t?: number) =>
      waitingLine({ profile: getProfile(name)!, ...(t ? { waitTimeoutMs: t } : {}) });
    assert.match(
      line('classic'),
      /every hour, so this can take up to 1 hour; giving up after 2 h 1 min/,
    );
    assert.match(
      line('space'),
      /every minute, so this can take up to 1 minute; giving up after 3 minutes/,
    );
    assert.match(line('contact-lists'), /every 5 minutes, .* giving up after 11 minutes/);
    assert.match(line('space', 30_000), /giving up after 30 s/);
    assert.equal(duration(90 * 60_000), '1 h 30 min');
  });

  it('--url: the usage names ftps://, ftpes:// and --cert; address mistakes are exit 2', async () => {
    const help = await run(['upload', '--help']);
    assert.match(help.out, /--url ftps:\/\/USER@HOST\[:PORT\]/);
    assert.match(help.out, /ftpes:\/\//);
    assert.match(help.out, /--cert FP/);
    const top = await run(['--help']);
    assert.match(top.out, /upload FILE\.\.\. --url ftps:\/\/USER@HOST\[:PORT\] .*--cert SHA256/);
    const cases: [string[], RegExp][] = [
      [['--url', 'ftp://u@h.invalid'], /unencrypted/],
      [['--url', 'ftps://u@h.invalid:0'], /port 0 is not valid/],
      [['--url', 'ftps://u@h.invalid:70000'], /port 70000 is not valid/],
      [['--url', 'https://u@h.invalid'], /use ftps:\/\/, ftpes:\/\/ or sftp:\/\//],
      [['--url', 'h.invalid'], /names no protocol; write ftps:\/\/h\.invalid/],
      [['--url', 'ftps://h.invalid'], /needs the user name: ftps:\/\/USER@h\.invalid/],
      [['--url', 'ftps://a@h.invalid', '--user', 'b'], /names the user a and --user b/],
      [['--url', 'ftps://u@h.invalid', '--port', '990'], /not both/],
      [['--url', 'ftpes://u@h.invalid', '--key', 'k'], /FTPS logs in with a password/],
      [['--url', 'ftps://u@h.invalid', '--host-key', 'SHA256:' + 'A'.repeat(43)], /use --cert/],
      [['--url', 'sftp://u@h.invalid', '--cert', 'SHA256:' + 'A'.repeat(43)], /--host-key/],
      [['--host', 'h.invalid', '--user', 'u', '--cert', 'SHA256:' + 'A'.repeat(43)], /--host-key/],
      [['--url', 'ftps://contact-lists@h.invalid', '--profile', 'contact-lists'], /SSH key/],
      [['--user', 'u'], /--host is required \(or give --url ftps:\/\/USER@HOST\)/],
    ];
    for (const [more, want] of cases) {
      const profile = more.includes('--profile') ? [] : ['--profile', 'classic'];
      const r = await run(['upload', 'upload-usage.test.ts', ...profile, ...more]);
      assert.equal(r.code, 2, `${more.join(' ')}: ${r.err}`);
      assert.match(r.err, want, more.join(' '));
    }
  });
});
