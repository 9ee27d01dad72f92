/**
 * Saved sites (a server + user + profile) on `conf` in a directory passed in (the app's
 * userData). Secrets are never stored here: only whether they live in the keychain or are asked
 * each time. A corrupt settings file is backed up and the store starts empty with a warning,
 * never a crash. node.
 */
import { mkdirSync } from 'node:fs';
import { loadJsonFile } from './json-file.ts';
import { join } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { profileIds } from '../core/profiles/profiles.ts';
import { fail, ok, type Result } from './result.ts';

export const Site = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  profile: z.enum(
    profileIds as unknown as ['classic', 'flexible', 'space', 'contact-lists', 'pull'],
  ),
  host: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\s/@]+$/, 'a host name has no spaces, slashes or @'),
  port: z.number().int().min(1).max(65535),
  /** How the server is reached (contract §12): SSH, FTP over implicit TLS, or explicit TLS. Absent = 'sftp'. */
  protocol: z.enum(['sftp', 'ftps', 'ftpes']).optional(),
  /** The address named no protocol (a bare host): the next Test connection finds it and saves it. */
  probe: z.boolean().optional(),
  username: z.string().min(1).max(200),
  authMethod: z.enum(['password', 'publickey']),
  privateKeyPath: z.string().optional(),
  secretMode: z.enum(['keychain', 'ask']),
  hostKey: z.object({ type: z.string(), fingerprint: z.string() }).optional(),
  /** Remote base directory for plain servers (tests); empty for platforms. */
  root: z.string().optional(),
  /**
   * Also offer SHA-1 (`ssh-rsa` host-key signatures, `hmac-sha1`) to this server, which has
   * nothing better; weak, so off unless the user turns it on (issue 14).
   */
  allowSha1: z.boolean().optional(),
});
export type Site = z.infer<typeof Site>;

/** Keys a site must never carry: a secret would end up in the settings file. */
const forbiddenKeys = ['password', 'passphrase', 'secret', 'privateKey'];

export type SiteStore = {
  list(): Site[];
  get(id: string): Site | undefined;
  save(site: Site): Result<Site>;
  remove(id: string): Result<void>;
  /** Set when the settings file was unreadable and was backed up. */
  warning?: string;
};

/** Sites in `<dir>/sites.json`. */
export function createSiteStore({ dir }: { dir: string }): SiteStore {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sites.json');
  // conf would silently reset a damaged file (clearInvalidConfig); keep it aside first, and say so.
  const { warning } = loadJsonFile(
    file,
    z.unknown(),
    undefined,
    (backup) =>
      `The saved sites file was damaged; it was kept as ${backup} and the list starts empty. Passwords in the keychain are untouched.`,
  );
  const conf = new Conf<{ sites: Site[] }>({
    cwd: dir,
    configName: 'sites',
    projectName: 'sftp-import-assistant',
    defaults: { sites: [] },
    clearInvalidConfig: true,
    configFileMode: 0o600,
  });
  const read = (): Site[] => {
    const raw = conf.get('sites');
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((s) => {
      const p = Site.safeParse(s);
      return p.success ? [p.data] : [];
    });
  };
  return {
    warning,
    list: read,
    get: (id) => read().find((s) => s.id === id),
    save(site) {
      if (site && typeof site === 'object' && forbiddenKeys.some((k) => k in site)) {
        return fail(
          'bad-input',
          'A site may not hold a password, passphrase or key; secrets go to the keychain.',
        );
      }
      const p = Site.safeParse(site);
      if (!p.success) {
        const i = p.error.issues[0];
        return fail(
          'bad-input',
          `The site is not valid${i && i.path.length ? ` (${i.path.join('.')})` : ''}: ${i?.message ?? 'unknown problem'}.`,
        );
      }
      const all = read().filter((s) => s.id !== p.data.id);
      conf.set('sites', [...all, p.data]);
      return ok(p.data);
    },
    remove(id) {
      const all = read();
      if (!all.some((s) => s.id === id)) {
        return fail('not-found', 'That site does not exist (it may have been removed already).');
      }
      conf.set(
        'sites',
        all.filter((s) => s.id !== id),
      );
      return ok(undefined);
    },
  };
}
