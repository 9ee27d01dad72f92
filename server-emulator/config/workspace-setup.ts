/**
 * Lays out each workspace on disk (contract §2): `<data>/workspaces/<name>/` with the profile's
 * folder tree, and for SPOTIO workspaces `/Templates/<Object>.csv` (header row) plus
 * `<Object>.schema.json`, rewritten at each start so they follow the config. node.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { foldersOf, getProfile } from '../../core/profiles/profiles.ts';
import type { ObjectSchema } from '../../core/schema/object-schema.ts';
import type { WorkspaceConfig, WorkspaceRuntime } from './workspace.ts';

/** `<data>/workspaces/<name>`. */
export function workspaceRoot(dataDir: string, name: string): string {
  return join(dataDir, 'workspaces', name);
}

/** Creates the folders and templates of every workspace; returns them with their roots. */
export async function setUpWorkspaces(
  dataDir: string,
  workspaces: readonly WorkspaceConfig[],
): Promise<WorkspaceRuntime[]> {
  const out: WorkspaceRuntime[] = [];
  for (const ws of workspaces) {
    const root = workspaceRoot(dataDir, ws.name);
    await mkdir(root, { recursive: true });
    const profile = getProfile(ws.profile);
    for (const dir of profile ? foldersOf(profile) : []) {
      await mkdir(join(root, ...dir.split('/').filter(Boolean)), { recursive: true });
    }
    if (profile?.hasTemplates) {
      for (const schema of ws.schemas) await writeTemplate(join(root, 'Templates'), schema);
    }
    out.push({ ...ws, root });
  }
  return out;
}

/** The header row of a template CSV: field names, quoted only when they need it. */
export function templateHeader(schema: ObjectSchema): string {
  return (
    schema.fields
      .map((f) => (/[",\r\n]/.test(f.name) ? `"${f.name.replace(/"/g, '""')}"` : f.name))
      .join(',') + '\r\n'
  );
}

async function writeTemplate(dir: string, schema: ObjectSchema): Promise<void> {
  await writeFile(join(dir, `${schema.object}.csv`), templateHeader(schema));
  await writeFile(
    join(dir, `${schema.object}.schema.json`),
    JSON.stringify(schema, null, 2) + '\n',
  );
}
