/**
 * The OS's per-user app data folder for the app, the same one Electron's `userData` resolves
 * to for the package name `sftp-import-assistant`: Linux `$XDG_CONFIG_HOME` or `~/.config`,
 * macOS `~/Library/Application Support`, Windows `%APPDATA%`. node.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's name on disk. */
export const appDirName = 'sftp-import-assistant';

/** `<OS app data>/sftp-import-assistant` for this platform and environment. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), appDirName);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appDirName);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), appDirName);
}
