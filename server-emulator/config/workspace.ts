/**
 * A workspace (one customer account on the emulated platform) as configured and as run.
 * Shared by the SFTP layer (auth, jail, write rules) and the processing cycle. node.
 */
import { z } from 'zod';
import { ObjectSchema } from '../../core/schema/object-schema.ts';
import { parseInterval } from './cycle-intervals.ts';

/** An SFTP user of a workspace: a password and/or OpenSSH public keys (authorized_keys lines). */
export const WorkspaceUser = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).optional(),
  publicKeys: z.array(z.string().min(1)).default([]),
});
export type WorkspaceUser = z.infer<typeof WorkspaceUser>;

/** A customer's server the `pull` profile fetches from (contract §9). */
export const PullSource = z.object({
  id: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  password: z.string().min(1),
  path: z.string().min(1),
  /** Pinned host key, `SHA256:<base64>`. */
  hostKey: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]+=*$/, 'a host key pin looks like SHA256:<base64>'),
});
export type PullSource = z.infer<typeof PullSource>;

export const WorkspaceConfig = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a workspace name is letters, digits, - and _'),
  profile: z.enum(['classic', 'flexible', 'space', 'contact-lists', 'pull']),
  users: z.array(WorkspaceUser).default([]),
  schemas: z.array(ObjectSchema).default([]),
  exportSchedule: z.enum(['none', 'daily', 'weekly']).default('none'),
  pullSources: z.array(PullSource).default([]),
  /**
   * This workspace's processing interval (`500ms`, `5s`, `5m`, `1h`). Absent: the emulator's
   * `--interval` when one is given, else the profile's cadence (contact-lists 5 min).
   */
  interval: z
    .string()
    .refine((t) => parseInterval(t) !== undefined, 'a duration like 500ms, 5s, 5m or 1h')
    .optional(),
  /** Per-workspace limits (issue 14); absent ones take the defaults of vfs/limits.ts. */
  limits: z
    .object({
      quotaBytes: z.number().int().positive(),
      maxFileBytes: z.number().int().positive(),
      maxOpenHandles: z.number().int().positive(),
      maxKmlBytes: z.number().int().positive(),
      maxPlacemarks: z.number().int().positive(),
    })
    .partial()
    .optional(),
});
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;

/** A configured workspace plus where its SFTP root lives on disk. */
export type WorkspaceRuntime = WorkspaceConfig & {
  /** Absolute directory on disk that is this workspace's `/` (`<data>/workspaces/<name>`). */
  root: string;
};
