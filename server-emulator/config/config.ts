/**
 * The emulator's config file (contract §8): `{ "workspaces": [WorkspaceConfig...] }` as JSON,
 * parsed with zod and then checked across workspaces (unique names and usernames, one credential
 * per space, contact-lists key rules, a readable `interval`). Every problem names the field's
 * path. node.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseInterval } from './cycle-intervals.ts';
import { checkContactListsKey, parseKeyLine } from '../auth/key-rules.ts';
import { WorkspaceConfig } from './workspace.ts';

/** The config file's shape. */
export const EmulatorFileConfig = z
  .object({ workspaces: z.array(WorkspaceConfig).min(1) })
  .strict();
export type EmulatorFileConfig = z.infer<typeof EmulatorFileConfig>;

export type ConfigResult =
  { ok: true; value: EmulatorFileConfig } | { ok: false; errors: string[] };

/** Parses an already-decoded config document. */
export function parseConfig(raw: unknown): ConfigResult {
  const parsed = EmulatorFileConfig.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(
        (i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`,
      ),
    };
  }
  const errors = checkWorkspaces(parsed.data.workspaces);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed.data };
}

/** Reads and parses a config file; JSON and read errors come back as messages too. */
export async function loadConfigFile(file: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return {
      ok: false,
      errors: [`cannot read the config file ${file}: ${(err as Error).message}`],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      errors: [`the config file ${file} is not valid JSON: ${(err as Error).message}`],
    };
  }
  return parseConfig(raw);
}

/**
 * Cross-workspace rules zod cannot express alone; returns one message per problem (empty = ok).
 * Also run by `startEmulator`, so an in-process config gets the same checks as a file.
 */
export function checkWorkspaces(workspaces: readonly WorkspaceConfig[]): string[] {
  const errors: string[] = [];
  const names = new Map<string, number>();
  const owners = new Map<string, string>();
  workspaces.forEach((ws, wi) => {
    const at = `workspaces.${wi}`;
    const lower = ws.name.toLowerCase();
    if (names.has(lower)) errors.push(`${at}.name: the workspace name "${ws.name}" is used twice`);
    names.set(lower, wi);
    if (ws.interval !== undefined && parseInterval(ws.interval) === undefined) {
      errors.push(
        `${at}.interval: "${ws.interval}" is not a duration; write it like 500ms, 5s, 5m or 1h`,
      );
    }
    if (ws.profile === 'space' && ws.users.length > 1) {
      errors.push(
        `${at}.users: a space has one credential (Flatfile gives each space one login); found ${ws.users.length}`,
      );
    }
    ws.users.forEach((user, ui) => {
      const uat = `${at}.users.${ui}`;
      const owner = owners.get(user.username);
      if (owner !== undefined) {
        errors.push(
          `${uat}.username: "${user.username}" already belongs to workspace "${owner}"; a username may belong to one workspace only`,
        );
      } else owners.set(user.username, ws.name);
      errors.push(...checkUser(ws, user, uat));
    });
  });
  return errors;
}

function checkUser(
  ws: WorkspaceConfig,
  user: WorkspaceConfig['users'][number],
  uat: string,
): string[] {
  const errors: string[] = [];
  if (ws.profile === 'contact-lists') {
    if (user.password !== undefined) {
      errors.push(
        `${uat}.password: contact-lists users log in with an SSH key only; remove the password`,
      );
    }
    if (user.publicKeys.length === 0) {
      errors.push(
        `${uat}.publicKeys: user "${user.username}" needs an ssh-rsa public key (contact-lists is key-only)`,
      );
    }
    user.publicKeys.forEach((key, ki) => {
      const r = checkContactListsKey(key);
      if (!r.ok) {
        errors.push(`${uat}.publicKeys.${ki}: key of user "${user.username}" refused: ${r.reason}`);
      }
    });
    return errors;
  }
  if (user.password === undefined && user.publicKeys.length === 0) {
    errors.push(`${uat}: user "${user.username}" needs a password or a public key`);
  }
  user.publicKeys.forEach((key, ki) => {
    const r = parseKeyLine(key);
    if (!r.ok) errors.push(`${uat}.publicKeys.${ki}: ${r.message}`);
  });
  return errors;
}
