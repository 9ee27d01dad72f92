/**
 * The limits that keep one authenticated user from exhausting the server for the others
 * (issue 14): open handles per session, bytes per workspace, bytes per file, and what processing
 * holds of one KML in memory. Each is configurable per workspace (`limits` in the config file);
 * every refusal names the limit and its value. Pure. std.
 */
import { getProfile, type ProfileId } from '../../core/profiles/profiles.ts';

export type WorkspaceLimits = {
  /** Bytes a workspace may hold in its SFTP view (every folder, uploads in progress included). */
  quotaBytes: number;
  /** Largest file an upload may write. */
  maxFileBytes: number;
  /** Files and folders one session may hold open at once (SFTP handles). */
  maxOpenHandles: number;
  /** Largest territory KML the processing reads. */
  maxKmlBytes: number;
  /** Most Placemarks of one KML held in memory while processing. */
  maxPlacemarks: number;
};

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Generous defaults: a real customer never meets them; a runaway client does. */
export const defaultLimits: WorkspaceLimits = {
  quotaBytes: 10 * GiB,
  maxFileBytes: 2 * GiB,
  maxOpenHandles: 64,
  maxKmlBytes: 200 * MiB,
  maxPlacemarks: 100_000,
};

/**
 * A workspace's limits: its config first, then the profile's file size (Flatfile's 100 MB,
 * contract §9), then the defaults.
 */
export function limitsOf(ws: {
  profile: ProfileId;
  limits?: Partial<WorkspaceLimits> | undefined;
}): WorkspaceLimits {
  const profileMax = getProfile(ws.profile)?.maxFileBytes;
  return {
    ...defaultLimits,
    ...(profileMax !== undefined ? { maxFileBytes: profileMax } : {}),
    ...definedOnly(ws.limits ?? {}),
  };
}

function definedOnly(o: Partial<WorkspaceLimits>): Partial<WorkspaceLimits> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** `10 GiB`, `100 MB`, `512 bytes`: exact binary or decimal units when they fit, else bytes. */
export function formatLimit(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', GiB],
    ['MiB', MiB],
    ['KiB', 1024],
    ['GB', 1e9],
    ['MB', 1e6],
    ['kB', 1e3],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
