/**
 * Settings: sites (edit / remove), known servers' host keys (view, forget), appearance. Secrets
 * are never shown: only "saved in keychain" or "asked every time". DOM.
 */
import { KnownHosts } from './known-hosts.tsx';
import { Appearance } from './appearance.tsx';
import { SitesSettings } from './sites-settings.tsx';

/** The screen. */
export function SettingsScreen() {
  return (
    <div>
      <h1>Settings</h1>
      <SitesSettings />
      <KnownHosts />
      <Appearance />
    </div>
  );
}
