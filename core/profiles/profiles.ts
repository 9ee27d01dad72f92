/**
 * The platform profiles of contract §1 as data: where files go, how users log in, what signals
 * the outcome, how often the platform looks, and its limits. The app's presets, the watcher and
 * the emulator all read this one table. std.
 */

export type ProfileId = 'classic' | 'flexible' | 'space' | 'contact-lists' | 'pull';
export const profileIds: readonly ProfileId[] = [
  'classic',
  'flexible',
  'space',
  'contact-lists',
  'pull',
];

export type AuthMethod = 'password' | 'publickey';

/**
 * How the platform tells the outcome of a dropped file:
 * - `moved`: the file moves from `New/` to `Success/` or `Failed/` beside it (SPOTIO).
 * - `removed`: the file disappears from the server once imported (Flatfile space).
 * - `moved-away`: the file leaves the SFTP view into the platform's file list (Ocelot).
 * - `fetched`: the platform pulls from the customer's server; nothing is uploaded (Leadbay).
 */
export type OutcomeSignal = 'moved' | 'removed' | 'moved-away' | 'fetched';

/** What a drop target accepts. */
export type DropKind = 'records' | 'territories' | 'space-file' | 'contact-list';

/** One folder a user drops files into, and where the outcome appears. */
export type DropTarget = {
  kind: DropKind;
  /** Folder the user uploads into (absolute, POSIX, relative to the workspace root). */
  newDir: string;
  /** Folders the platform moves processed files to (signal `moved` only). */
  successDir?: string;
  failedDir?: string;
  /** File extensions accepted here, lower case with the dot. */
  extensions: readonly string[];
};

export type Profile = {
  id: ProfileId;
  /** The platform's name in words its users know. */
  platform: string;
  /** A one-line description for the "which platform?" question. */
  title: string;
  description: string;
  seed: '000' | '001' | '002' | '003';
  auth: readonly AuthMethod[];
  signal: OutcomeSignal;
  /** Default processing interval in milliseconds (the expected wait after an upload). */
  cadenceMs: number;
  drops: readonly DropTarget[];
  /** Folder of exports, if the platform writes them. */
  exportDir?: string;
  /** Whether the workspace has a `/Templates` folder with `<Object>.csv` + `.schema.json`. */
  hasTemplates: boolean;
  /** Largest single file the platform accepts, in bytes. */
  maxFileBytes?: number;
  /** Days a file may stay unused in the platform's file list before it is dropped. */
  retentionDays?: number;
  /** Column the platform needs in every file (pull: a company name). */
  requiredColumnAnyOf?: readonly string[];
  /** The reserved external-id column for records, if any. */
  externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId';
  /** Whether one file holds one object type named by the file name (`<Object>_x.csv`). */
  objectFromFileName: boolean;
};

const hour = 60 * 60 * 1000;
const territories: DropTarget = {
  kind: 'territories',
  newDir: '/Territories/New',
  successDir: '/Territories/Success',
  failedDir: '/Territories/Failed',
  extensions: ['.kml', '.zip'],
};

export const profiles: Readonly<Record<ProfileId, Profile>> = {
  classic: {
    id: 'classic',
    platform: 'SPOTIO',
    title: 'SPOTIO — classic mode (leads)',
    description:
      'Import leads into SPOTIO. Files go to /Leads/Import/New and are processed every hour.',
    seed: '000',
    auth: ['password'],
    signal: 'moved',
    cadenceMs: hour,
    drops: [
      {
        kind: 'records',
        newDir: '/Leads/Import/New',
        successDir: '/Leads/Import/Success',
        failedDir: '/Leads/Import/Failed',
        extensions: ['.csv', '.zip'],
      },
      territories,
    ],
    exportDir: '/Leads/Export',
    hasTemplates: true,
    externalIdColumn: 'ExternalLeadId',
    objectFromFileName: false,
  },
  flexible: {
    id: 'flexible',
    platform: 'SPOTIO',
    title: 'SPOTIO — flexible mode (any data object)',
    description:
      'Import accounts, contacts or any data object defined in your SPOTIO workflow. One object type per file, named by the file.',
    seed: '000',
    auth: ['password'],
    signal: 'moved',
    cadenceMs: hour,
    drops: [
      {
        kind: 'records',
        newDir: '/DataObjects/Import/New',
        successDir: '/DataObjects/Import/Success',
        failedDir: '/DataObjects/Import/Failed',
        extensions: ['.csv', '.zip'],
      },
      territories,
    ],
    exportDir: '/DataObjects/Export',
    hasTemplates: true,
    externalIdColumn: 'ExternalDataObjectId',
    objectFromFileName: true,
  },
  space: {
    id: 'space',
    platform: 'Flatfile',
    title: 'Flatfile — upload to a Space',
    description:
      'Send a file into a Flatfile Space. Each Space has its own login; files up to 100 MB; the file disappears from the server once imported.',
    seed: '001',
    auth: ['password'],
    signal: 'removed',
    cadenceMs: 60 * 1000,
    drops: [
      { kind: 'space-file', newDir: '/', extensions: ['.csv', '.tsv', '.xlsx', '.json', '.zip'] },
    ],
    hasTemplates: false,
    maxFileBytes: 100 * 1000 * 1000,
    objectFromFileName: false,
  },
  'contact-lists': {
    id: 'contact-lists',
    platform: 'Ocelot',
    title: 'Ocelot — contact lists',
    description:
      'Upload a contact list CSV to Ocelot. Log in with an SSH key (no password); the file moves into Ocelot within 5 minutes.',
    seed: '002',
    auth: ['publickey'],
    signal: 'moved-away',
    cadenceMs: 5 * 60 * 1000,
    drops: [{ kind: 'contact-list', newDir: '/', extensions: ['.csv'] }],
    hasTemplates: false,
    retentionDays: 14,
    objectFromFileName: false,
  },
  pull: {
    id: 'pull',
    platform: 'Leadbay',
    title: 'Leadbay — the platform fetches a file from your server',
    description:
      'Leadbay logs in to your own SFTP server and reads one CSV file each cycle; it re-imports only when the file changes. It needs a company name column.',
    seed: '003',
    auth: ['password'],
    signal: 'fetched',
    cadenceMs: hour,
    drops: [],
    hasTemplates: false,
    // Seed 003: "at minimum a company name column". A bare `Name` is not one (it may as well
    // hold a person's name), so only company-name spellings count; matched in any letter case.
    requiredColumnAnyOf: ['Company', 'Company Name', 'CompanyName', 'company_name'],
    objectFromFileName: false,
  },
};

/** The profile for an id, or undefined for an unknown one. */
export function getProfile(id: string): Profile | undefined {
  return Object.hasOwn(profiles, id) ? profiles[id as ProfileId] : undefined;
}

/** The drop target of a kind in a profile, if the profile has one. */
export function dropFor(profile: Profile, kind: DropKind): DropTarget | undefined {
  return profile.drops.find((d) => d.kind === kind);
}

/** SPOTIO workspaces' folder tree (contract §2), for the emulator and the doctor. */
export function foldersOf(profile: Profile): string[] {
  const dirs = new Set<string>();
  if (profile.hasTemplates) dirs.add('/Templates');
  for (const d of profile.drops) {
    for (const dir of [d.newDir, d.successDir, d.failedDir]) if (dir && dir !== '/') dirs.add(dir);
  }
  if (profile.exportDir) dirs.add(profile.exportDir);
  return [...dirs];
}
