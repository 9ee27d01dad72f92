/**
 * The app's own settings (appearance, notifications) in `<dataDir>/settings.json` on `conf`,
 * validated on every read so a hand-edited or damaged file falls back to defaults instead of
 * crashing. No secret is ever stored here. node.
 */
import Conf from 'conf';
import { Settings } from '../core/ipc/contract.ts';

/** Defaults for a first start. */
export const defaultSettings: Settings = { theme: 'system', notify: true };

export type SettingsStore = {
  get(): Settings;
  /** Merges a validated patch and returns the new settings. */
  set(patch: Partial<Settings>): Settings;
};

/** Settings in `<dir>/settings.json`. */
export function createSettingsStore({ dir }: { dir: string }): SettingsStore {
  const conf = new Conf<{ settings: Settings }>({
    cwd: dir,
    configName: 'settings',
    projectName: 'sftp-import-assistant',
    defaults: { settings: defaultSettings },
    clearInvalidConfig: true,
    configFileMode: 0o600,
  });
  const get = (): Settings => {
    const parsed = Settings.safeParse({ ...defaultSettings, ...(conf.get('settings') as object) });
    return parsed.success ? parsed.data : { ...defaultSettings };
  };
  return {
    get,
    set(patch) {
      const next = Settings.parse({ ...get(), ...patch });
      conf.set('settings', next);
      return next;
    },
  };
}
