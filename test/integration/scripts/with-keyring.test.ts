/**
 * scripts/with-keyring.sh gives tests a real, unlocked gnome-keyring on a private D-Bus session.
 * Under load the keyring daemon has crashed mid-run (SIGTRAP in GLib); D-Bus then started the
 * system's own service, a locked keyring over the wrong directory, and every later keychain call
 * failed. This kills the daemon for real, in a session of its own (so no other test's keychain
 * is touched), and checks the keychain comes back unlocked with the secret kept. node.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const haveKeyring =
  spawnSync('sh', ['-c', 'command -v gnome-keyring-daemon && command -v dbus-send']).status === 0;

/** Runs in the new session: a secret in, the daemon killed, the secret read back. */
const child = `
import { Entry } from '@napi-rs/keyring';
import { execFileSync } from 'node:child_process';
const say = (o) => console.log(JSON.stringify(o));
const service = 'sia-harness-' + process.pid;
new Entry(service, 'a').setPassword('kept-before');
const daemon = () => Number(
  execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/',
    'org.freedesktop.DBus.GetConnectionUnixProcessID', 'string:org.freedesktop.secrets'])
    .toString().match(/uint32 (\\d+)/)[1]);
const first = daemon();
process.kill(first, 'SIGKILL');
for (let i = 0; i < 100; i++) {
  try { process.kill(first, 0); } catch { break; }
  await new Promise((r) => setTimeout(r, 20));
}
let gone = true;
try { process.kill(first, 0); gone = false; } catch {}
const read = new Entry(service, 'a').getPassword();
new Entry(service, 'b').setPassword('kept-after');
say({ gone, read, after: new Entry(service, 'b').getPassword(), restarted: daemon() !== first });
new Entry(service, 'a').deletePassword();
new Entry(service, 'b').deletePassword();
`;

describe(
  'scripts/with-keyring.sh',
  { skip: haveKeyring ? false : 'gnome-keyring or dbus-send missing' },
  () => {
    it('brings the keychain back unlocked, secrets kept, when the keyring daemon dies', () => {
      const env = { ...process.env };
      delete env.SIA_IN_KEYRING_SESSION; // a session of its own, not the one the tests run in
      const r = spawnSync(
        'bash',
        [`${repo}scripts/with-keyring.sh`, process.execPath, '--input-type=module', '-e', child],
        { cwd: repo, env, encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(r.status, 0, r.stderr);
      const line = r.stdout.trim().split('\n').pop() ?? '';
      assert.deepEqual(JSON.parse(line), {
        gone: true,
        read: 'kept-before',
        after: 'kept-after',
        restarted: true,
      });
    });
  },
);
