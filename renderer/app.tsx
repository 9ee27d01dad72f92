/**
 * The app shell: navigation between Sites, Import, History and Settings, the global host-key
 * prompt, and the theme. DOM.
 */
import { useEffect, useState } from 'react';
import { useBridge } from './bridge/bridge-context.tsx';
import { AppServicesContext, type AppServices } from './app-services.tsx';
import { HostKeyPrompt } from './features/sites/host-key-prompt.tsx';
import { SitesScreen } from './features/sites/sites-screen.tsx';
import { ImportScreen } from './features/import-wizard/import-screen.tsx';
import { HistoryScreen } from './features/history/history-screen.tsx';
import { SettingsScreen } from './features/settings/settings-screen.tsx';
import { PullCheckScreen } from './features/pull-check/pull-check-screen.tsx';
import type { SiteView } from '../core/ipc/contract.ts';
import type { Resubmit } from './features/import-wizard/import-controller.ts';
import { DemoBanner } from './components/no-session.tsx';
import { SkipLink } from './components/skip-link.tsx';

export type Screen = 'sites' | 'import' | 'history' | 'settings' | 'pull-check';
const screens: { id: Screen; label: string }[] = [
  { id: 'sites', label: 'Sites' },
  { id: 'import', label: 'Import' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
];

/** The whole app below the bridge provider; `demo` marks the in-memory demo bridge. */
export function App({ demo = false, ...props }: AppServices & { demo?: boolean }) {
  const bridge = useBridge();
  const [screen, setScreen] = useState<Screen>('sites');
  const [resubmit, setResubmit] = useState<Resubmit | null>(null);
  const [importSite, setImportSite] = useState<string | null>(null);
  const [pullSite, setPullSite] = useState<SiteView | null>(null);
  const { applyTheme } = props;

  useEffect(() => {
    void bridge.invoke('settings:get', {}).then((r) => r.ok && applyTheme(r.value.settings.theme));
  }, [bridge, applyTheme]);

  const go = (s: Screen) => {
    if (s !== 'import') setResubmit(null);
    setScreen(s);
  };

  return (
    <AppServicesContext value={props}>
      <SkipLink />
      <div className="app">
        <nav className="nav" aria-label="Main">
          <div className="brand">SFTP Import Assistant</div>
          {screens.map((s) => (
            <button
              key={s.id}
              type="button"
              aria-current={screen === s.id ? 'page' : undefined}
              onClick={() => go(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <main className="main" id="main">
          {demo && <DemoBanner />}
          {screen === 'sites' && (
            <SitesScreen
              onImport={(site) => {
                // Leadbay fetches from the customer's server: check that instead of uploading.
                if (site.profile === 'pull') {
                  setPullSite(site);
                  return go('pull-check');
                }
                setImportSite(site.id);
                go('import');
              }}
            />
          )}
          {screen === 'import' && (
            <ImportScreen
              key={resubmit?.entryId ?? `new-${importSite ?? ''}`}
              resubmit={resubmit}
              siteId={importSite}
              onPullCheck={(site) => {
                setPullSite(site);
                go('pull-check');
              }}
            />
          )}
          {screen === 'history' && (
            <HistoryScreen
              onResubmit={(r) => {
                setResubmit(r);
                setScreen('import');
              }}
            />
          )}
          {screen === 'settings' && <SettingsScreen />}
          {screen === 'pull-check' && <PullCheckScreen key={pullSite?.id ?? ''} site={pullSite} />}
        </main>
      </div>
      <HostKeyPrompt />
    </AppServicesContext>
  );
}
