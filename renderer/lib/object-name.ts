/**
 * The data-object name of a flexible-mode template picked from disk: a guess from the file's
 * name, and whether a typed name follows the platform's rule (core/schema's `ObjectSchema`:
 * letters and digits, starting with a letter, at most 100) — the name becomes the file-name
 * prefix `<Object>_…` the server reads (contract §4). Pure. std.
 */
import { ObjectSchema } from '../../core/schema/object-schema.ts';
import { splitExtension } from './remote-name.ts';

/**
 * A first guess: a server object the name starts with ("account-template.csv" → "Account"),
 * else the leading letters and digits ("import-template (1).csv" → "import"), else ''.
 */
export function guessObjectName(fileName: string, serverObjects: readonly string[]): string {
  const stem = splitExtension(fileName.split(/[/\\]/).pop() ?? fileName)[0];
  const known = [...serverObjects]
    .sort((a, b) => b.length - a.length)
    .find((o) => stem.toLowerCase().startsWith(o.toLowerCase()));
  if (known) return known;
  return /^[A-Za-z][A-Za-z0-9]*/.exec(stem)?.[0] ?? '';
}

/** Why `name` cannot be an object name, or null when it can (the same rule as the server's). */
export function objectNameProblem(name: string): string | null {
  if (name.trim() === '') {
    return 'Type the name of the data object, as the platform spells it (for example Account).';
  }
  const parsed = ObjectSchema.safeParse({ object: name, fields: [{ name: 'x', type: 'text' }] });
  if (parsed.success) return null;
  return name.length > 100
    ? 'An object name is at most 100 characters.'
    : 'An object name is letters and digits only, starting with a letter (no spaces, - or _): the platform reads it from the start of the file name, <Object>_….csv.';
}

/** A warning when the server's /Templates lists objects and `name` is none of them, else null. */
export function unknownObjectWarning(
  name: string,
  serverObjects: readonly string[],
): string | null {
  if (serverObjects.length === 0) return null;
  if (serverObjects.some((o) => o.toLowerCase() === name.toLowerCase())) return null;
  return `The server’s /Templates has no ${name} (it has ${serverObjects.join(', ')}). The platform refuses files of an object it does not have: check the spelling.`;
}
