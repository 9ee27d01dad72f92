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
import { inOwnKeyringSession, sessionBusHelpers } from '../../helpers/session-bus.ts';

const haveKeyring =
  spawnSync('sh', ['-c', 'command -v gnome-keyring-daemon && command -v dbus-send']).status === 0;

/** Runs in the new session: a secret in, the daemon killed, the secret read back. */
const child = `
import { Entry } from '@napi-rs/keyring';
import { keyringDaemonPid } from ${JSON.stringify(sessionBusHelpers)};
const say = (o) => console.log(JSON.stringify(o));
const service = 'sia-harness-' + process.pid;
new Entry(service, 'a').setPassword('kept-before');
const first = keyringDaemonPid();
process.kill(first, 'SIGKILL');
for (let i = 0; i < 100; i++) {
  try { process.kill(first, 0); } catch { break; }
  await new Promise((r) => setTimeout(r, 20));
}
let gone = true;
try { process.kill(first, 0); gone = false; } catch {}
const read = new Entry(service, 'a').getPassword();
new Entry(service, 'b').setPassword('kept-after');
say({ gone, read, after: new Entry(service, 'b').getPassword(), restarted: keyringDaemonPid() !== first });
new Entry(service, 'a').deletePassword();
new Entry(service, 'b').deletePassword();
`;

describe(
  'scripts/with-keyring.sh',
  { skip: haveKeyring ? false : 'gnome-keyring or dbus-send missing' },
  () => {
    it('brings the keychain back unlocked, secrets kept, when the keyring daemon dies', () => {
      assert.deepEqual(inOwnKeyringSession(child), {
        gone: true,
        read: 'kept-before',
        after: 'kept-after',
        restarted: true,
      });
    });
  },
);
