/** Sample IPC views (a site, a History entry) for renderer tests; pass what a test changes. */
import type { HistoryEntry, SiteView } from '../../../../core/ipc/contract.ts';

/** A classic-platform site with its password in the keychain. */
export const siteView = (s: Partial<SiteView> = {}): SiteView => ({
  id: 's1',
  name: 'Acme leads',
  profile: 'classic',
  host: 'sftp.example.com',
  port: 22,
  username: 'acme',
  authMethod: 'password',
  secretMode: 'keychain',
  hasSecret: true,
  ...s,
});

/** An imported upload of `leads.csv` to site `s1`. */
export const historyEntry = (e: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id: 'e1',
  siteId: 's1',
  fileName: 'leads.csv',
  remotePath: '/Leads/Import/New/leads.csv',
  sha256: 'x',
  bytes: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  outcome: 'imported',
  hasErrorReport: false,
  ...e,
});
