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
// eslint-disable-next-line complexity -- pairs each object's two files, tolerating either missing
export async function listRemoteTemplates(
  session: SftpSession,
  dir = '/Templates',
): Promise<Result<RemoteTemplate[]>> {
  const listed = await session.list(dir);
  if (!listed.ok) return listed.error.code === 'not-found' ? ok([]) : listed;
  const names = new Set(listed.value.filter((e) => !e.isDirectory).map((e) => e.name));
  const objects = new Map<string, { csv?: string; schema?: string }>();
  for (const n of names) {
    const m = /^([A-Za-z][A-Za-z0-9]*)\.(csv|schema\.json)$/.exec(n);
    if (!m) continue;
    const entry = objects.get(m[1]!) ?? {};
    if (m[2] === 'csv') entry.csv = n;
    else entry.schema = n;
    objects.set(m[1]!, entry);
  }
  const out: RemoteTemplate[] = [];
  for (const [object, files] of [...objects].sort((a, b) => a[0].localeCompare(b[0]))) {
    let schema: ObjectSchema | undefined;
    let problem: string | undefined;
    if (files.schema) {
      const raw = await session.readFile(posix.join(dir, files.schema), 1024 * 1024);
      if (raw.ok) {
        try {
          const parsed = parseObjectSchema(JSON.parse(raw.value.toString('utf8')));
          if (parsed.ok) schema = parsed.value;
          else problem = parsed.message;
        } catch {
          problem = `${files.schema} is not valid JSON.`;
        }
      } else problem = raw.error.message;
    }
    let header: string[] | undefined;
    if (files.csv) {
      const raw = await session.readFile(posix.join(dir, files.csv), 1024 * 1024);
      if (raw.ok) {
        const first =
          raw.value
            .toString('utf8')
            .replace(/^\uFEFF/, '')
            .split(/\r?\n/)[0] ?? '';
        header = first.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
      }
    }
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
