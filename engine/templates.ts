/**
 * The workspace's templates (contract §2, §3): `/Templates/<Object>.csv` (header row) and
 * `<Object>.schema.json`. A schema that parses gives full checks; a header alone checks columns
 * only. node.
 */
import { posix } from 'node:path';
import { parseObjectSchema, type ObjectSchema } from '../core/schema/object-schema.ts';
import type { SftpSession } from './transport/sftp/connect.ts';
import { ok, type Result } from './result.ts';

export type RemoteTemplate = {
  object: string;
  schema?: ObjectSchema;
  /** Only the header CSV exists (or the schema did not parse): columns are checked, types are not. */
  headerOnly: boolean;
  header?: string[];
  /** Why the schema could not be used, when it exists but is broken. */
  problem?: string;
};

/** Lists `/Templates`. A workspace without it gives an empty list. */
export async function listRemoteTemplates(
  session: SftpSession,
  dir = '/Templates',
): Promise<Result<RemoteTemplate[]>> {
  const listed = await session.list(dir);
  if (!listed.ok) return listed.error.code === 'not-found' ? ok([]) : listed;
  const names = listed.value.filter((e) => !e.isDirectory).map((e) => e.name);
  const out: RemoteTemplate[] = [];
  for (const [object, files] of pairTemplateFiles(names)) {
    const { schema, problem } = files.schema ? await readSchema(session, dir, files.schema) : {};
    const header = files.csv ? await readHeader(session, dir, files.csv) : undefined;
    out.push({
      object,
      headerOnly: !schema,
      ...(schema ? { schema } : {}),
      ...(header ? { header } : {}),
      ...(problem ? { problem } : {}),
    });
  }
  return ok(out);
}

type TemplateFiles = { csv?: string; schema?: string };

/** Each object's `<Object>.csv` and `<Object>.schema.json`, either may be missing; sorted by object. */
function pairTemplateFiles(names: Iterable<string>): [string, TemplateFiles][] {
  const objects = new Map<string, TemplateFiles>();
  for (const n of new Set(names)) {
    const m = /^([A-Za-z][A-Za-z0-9]*)\.(csv|schema\.json)$/.exec(n);
    if (!m) continue;
    const entry = objects.get(m[1]!) ?? {};
    if (m[2] === 'csv') entry.csv = n;
    else entry.schema = n;
    objects.set(m[1]!, entry);
  }
  return [...objects].sort((a, b) => a[0].localeCompare(b[0]));
}

/** The parsed schema, or why it cannot be used (unreadable, not JSON, not a schema). */
async function readSchema(
  session: SftpSession,
  dir: string,
  file: string,
): Promise<{ schema?: ObjectSchema; problem?: string }> {
  const raw = await session.readFile(posix.join(dir, file), 1024 * 1024);
  if (!raw.ok) return { problem: raw.error.message };
  try {
    const parsed = parseObjectSchema(JSON.parse(raw.value.toString('utf8')));
    return parsed.ok ? { schema: parsed.value } : { problem: parsed.message };
  } catch {
    return { problem: `${file} is not valid JSON.` };
  }
}

/** The column names of the template CSV's first row; undefined when it cannot be read. */
async function readHeader(
  session: SftpSession,
  dir: string,
  file: string,
): Promise<string[] | undefined> {
  const raw = await session.readFile(posix.join(dir, file), 1024 * 1024);
  if (!raw.ok) return undefined;
  const first =
    raw.value
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? '';
  return first.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}
