/**
 * The test keychain's D-Bus session (scripts/with-keyring.sh), asked with `dbus-send`: who owns
 * the Secret Service, its daemon's pid, how many connections the bus has; and a script run in a
 * keychain session of its own, for tests that kill the keyring daemon. node, tests only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Calls `org.freedesktop.DBus.<method>` on the session bus; the reply as dbus-send prints it. */
export function busCall(method: string, ...args: string[]): string {
  return execFileSync('dbus-send', [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    `org.freedesktop.DBus.${method}`,
    ...args,
  ]).toString();
}

/** Connections on the bus now (each client connection has a unique name `:1.N`). */
export function busConnections(): number {
  return (busCall('ListNames').match(/":1\.\d+"/g) ?? []).length;
}

/** The unique name of the connection that owns `org.freedesktop.secrets` (the keyring daemon). */
export function keyringOwner(): string {
  return /string "([^"]+)"/.exec(busCall('GetNameOwner', 'string:org.freedesktop.secrets'))![1]!;
}

/** The keyring daemon's process id. */
export function keyringDaemonPid(): number {
  const reply = busCall('GetConnectionUnixProcessID', 'string:org.freedesktop.secrets');
  return Number(/uint32 (\d+)/.exec(reply)![1]);
}

/**
 * Runs `script` (an ES module; TypeScript imports work) with Node in a keychain session of its
 * own, so killing its keyring daemon touches no other test's keychain; returns the last line it
 * printed, parsed as JSON.
 */
export function inOwnKeyringSession(script: string): unknown {
  const env = { ...process.env };
  delete env.SIA_IN_KEYRING_SESSION; // a session of its own, not the one the tests run in
  const r = spawnSync(
    'bash',
    [
      `${repo}scripts/with-keyring.sh`,
      process.execPath,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ],
    { cwd: repo, env, encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`the script failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

/** This module's URL, for scripts run by {@link inOwnKeyringSession} to import it. */
export const sessionBusHelpers = import.meta.url;
