/**
 * Pinned server host keys (contract §11), one JSON file in the app's data directory, written
 * atomically. A host may have several keys (load balancers); a changed key is never updated
 * silently: the user forgets the old one explicitly. node.
 */
import { mkdirSync } from 'node:fs';
import { loadJsonFile, saveJsonFile } from './json-file.ts';
import { join } from 'node:path';
import { z } from 'zod';

export const KnownHost = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  type: z.string(),
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]+$/),
  addedAt: z.string(),
});
export type KnownHost = z.infer<typeof KnownHost>;

export type KnownHostsStore = {
  list(): KnownHost[];
  /** Every key pinned for host:port (usually one). */
  get(host: string, port: number): KnownHost[];
  remember(entry: Omit<KnownHost, 'addedAt'> & { addedAt?: string }): void;
  forget(host: string, port: number, fingerprint?: string): void;
  /** Set when the file was unreadable and was backed up and started empty. */
  warning?: string;
};

/** Known hosts in `<dir>/known-hosts.json`. */
export function createKnownHostsStore({
  dir,
  now = () => new Date(),
}: {
  dir: string;
  now?: () => Date;
}): KnownHostsStore {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'known-hosts.json');
  const loaded = loadJsonFile(
    file,
    z.array(KnownHost),
    [],
    (backup) =>
      `The list of trusted servers was unreadable; it was saved as ${backup} and started empty. You will be asked to confirm each server's key again.`,
  );
  const { warning } = loaded;
  let entries: KnownHost[] = loaded.value;
  const save = (): void => saveJsonFile(file, entries);
  const same = (e: KnownHost, host: string, port: number): boolean =>
    e.host.toLowerCase() === host.toLowerCase() && e.port === port;
  return {
    warning,
    list: () => entries.map((e) => ({ ...e })),
    get: (host, port) => entries.filter((e) => same(e, host, port)).map((e) => ({ ...e })),
    remember(entry) {
      const full = KnownHost.parse({ ...entry, addedAt: entry.addedAt ?? now().toISOString() });
      if (
        entries.some((e) => same(e, full.host, full.port) && e.fingerprint === full.fingerprint)
      ) {
        return;
      }
      entries = [...entries, full];
      save();
    },
    forget(host, port, fingerprint) {
      entries = entries.filter(
        (e) =>
          !(same(e, host, port) && (fingerprint === undefined || e.fingerprint === fingerprint)),
      );
      save();
    },
  };
}
