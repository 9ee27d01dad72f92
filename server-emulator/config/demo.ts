/**
 * `--demo` (contract §8): one workspace per profile (classic, flexible, space, contact-lists),
 * each user named as the profile with password `demo`; contact-lists gets an RSA-2048 key pair
 * written under the data folder (created once, reused). node.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { accountSchema, contactSchema, leadSchema } from '../../core/schema/demo-schemas.ts';
import type { WorkspaceConfig } from './workspace.ts';

const { utils } = ssh2;

export const demoPassword = 'demo';

/** The demo key pair's file names under the data folder. */
export const demoKeyFile = 'contact-lists_id_rsa';

export type DemoSetup = {
  workspaces: WorkspaceConfig[];
  /** Path of the contact-lists private key (OpenSSH format; `sftp -i` accepts it). */
  contactListsKeyPath: string;
  /** Lines to print: who logs in how. */
  users: { username: string; password?: string; keyPath?: string; profile: string }[];
};

/** The demo workspaces; writes (or reuses) the contact-lists key pair in `dataDir`. */
export async function demoSetup(dataDir: string): Promise<DemoSetup> {
  const keyPath = join(dataDir, demoKeyFile);
  const publicKey = await loadOrCreateRsaKey(keyPath);
  const base = { exportSchedule: 'none' as const, pullSources: [] };
  const workspaces: WorkspaceConfig[] = [
    {
      ...base,
      name: 'classic',
      profile: 'classic',
      users: [{ username: 'classic', password: demoPassword, publicKeys: [] }],
      schemas: [leadSchema],
    },
    {
      ...base,
      name: 'flexible',
      profile: 'flexible',
      users: [{ username: 'flexible', password: demoPassword, publicKeys: [] }],
      schemas: [accountSchema, contactSchema],
    },
    {
      ...base,
      name: 'space',
      profile: 'space',
      users: [{ username: 'space', password: demoPassword, publicKeys: [] }],
      schemas: [],
    },
    {
      ...base,
      name: 'contact-lists',
      profile: 'contact-lists',
      users: [{ username: 'contact-lists', publicKeys: [publicKey] }],
      schemas: [],
    },
  ];
  return {
    workspaces,
    contactListsKeyPath: keyPath,
    users: [
      { username: 'classic', password: demoPassword, profile: 'classic' },
      { username: 'flexible', password: demoPassword, profile: 'flexible' },
      { username: 'space', password: demoPassword, profile: 'space' },
      { username: 'contact-lists', keyPath, profile: 'contact-lists' },
    ],
  };
}

/** Reads `<path>.pub`, or generates an RSA-2048 pair at `path` (0600) and `<path>.pub`. */
export async function loadOrCreateRsaKey(
  path: string,
  comment = 'contact-lists@sftp-import-emulator',
): Promise<string> {
  try {
    return (await readFile(`${path}.pub`, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const pair = utils.generateKeyPairSync('rsa', { bits: 2048, comment });
  await writeFile(path, pair.private, { mode: 0o600 });
  await chmod(path, 0o600);
  const pub = pair.public.trim();
  await writeFile(`${path}.pub`, pub + '\n', { mode: 0o644 });
  return pub;
}
