/**
 * Opens the app's stores in a data folder and builds the handlers on them: the wiring the
 * Electron main process and the local web host share, so both run the same engine. node.
 */
import { createKnownHostsStore } from '../engine/known-hosts.ts';
import { createLedger } from '../engine/ledger.ts';
import { createKeyringSecretStore } from '../engine/secret-store.ts';
import { createSiteStore } from '../engine/sites.ts';
import { createHostHandlers, type HostHandlers } from './create-handlers.ts';
import type { HostDeps } from './host-deps.ts';
import { createSettingsStore } from './settings-store.ts';

/**
 * What differs between the shells: how events leave, where files come from, optional extras.
 * Tests also pass their own keychain (a private service name, or memory) and shorter timings,
 * so they run this same wiring.
 */
export type HostShell = Pick<HostDeps, 'emit' | 'app'> &
  Partial<
    Pick<
      HostDeps,
      | 'stagePath'
      | 'stageBytes'
      | 'pickKeyFile'
      | 'notify'
      | 'secrets'
      | 'hostKeyPromptTimeoutMs'
      | 'connectTimeoutMs'
      | 'readyTimeoutMs'
      | 'watchPollMs'
      | 'watchExpectedWaitMs'
    >
  > & {
    dataDir: string;
    localFiles: {
      resolve: (ref: string) => { path: string } | undefined;
      discard: (ref: string) => Promise<void>;
    };
    /** Where a recovered settings file's warning goes (a corrupt file is backed up, not fatal). */
    warn: (message: string) => void;
  };

/** Opens sites, known hosts, ledger, settings and the keychain in `dataDir`; returns the handlers. */
export function openHost(shell: HostShell): HostHandlers {
  const { dataDir, localFiles, warn, ...rest } = shell;
  const sites = createSiteStore({ dir: dataDir });
  const knownHosts = createKnownHostsStore({ dir: dataDir });
  const ledger = createLedger({ dir: dataDir });
  for (const w of [sites.warning, knownHosts.warning, ledger.warning]) if (w) warn(w);
  return createHostHandlers({
    ...rest,
    secrets: rest.secrets ?? createKeyringSecretStore(),
    sites,
    knownHosts,
    ledger,
    settings: createSettingsStore({ dir: dataDir }),
    dataDir,
    clock: Date.now,
    resolveLocalRef: (ref) => localFiles.resolve(ref)?.path,
    discardLocalRef: (ref) => localFiles.discard(ref),
  });
}
