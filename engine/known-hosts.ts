/**
 * Pinned server host keys (contract §11), one JSON file in the app's data directory, written
 * atomically. A host may have several keys (load balancers); a changed key is never updated
 * silently: the user forgets the old one explicitly. node.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  let warning: string | undefined;
  let entries: KnownHost[] = [];
  try {
    const parsed = z.array(KnownHost).safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) entries = parsed.data;
    else throw new Error('unexpected content');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      const backup = `${file}.corrupt-${Date.now()}`;
      try {
        renameSync(file, backup);
      } catch {
        /* nothing to back up */
      }
      warning = `The list of trusted servers was unreadable; it was saved as ${backup} and started empty. You will be asked to confirm each server's key again.`;
    }
  }
  const save = (): void => {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(entries, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  };
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
