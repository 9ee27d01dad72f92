/**
 * File-name rules of contract §4 and §5.7: which object a flexible-mode file holds, a territory
 * file's level, uploads in progress (`.<name>.part`), names the app gives files, never-overwrite
 * suffixes, and what makes a name unsafe. Pure functions; the app and the emulator share them. std.
 */
import type { Profile } from '../profiles/profiles.ts';
import type { ObjectSchema } from '../schema/object-schema.ts';
import { quoteForMessage, utf8ByteLength } from '../util/text.ts';

export type NameResult<T> = ({ ok: true } & T) | { ok: false; message: string };

/** The extension, lower case with its dot (`.csv`), or '' when there is none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/**
 * Flexible mode (contract §4): `<Object>_<anything>.csv` or `.zip`, `<Object>` matched
 * case-insensitively against the schemas. Any other name gets a message listing the objects.
 */
export function objectFromFileName(
  name: string,
  schemas: readonly ObjectSchema[],
): NameResult<{ schema: ObjectSchema }> {
  const objects = schemas.map((s) => s.object);
  const example = `${objects[0] ?? 'Account'}_2024-03.csv`;
  const help = `Name the file <Object>_<anything>.csv (or .zip), where <Object> is one of: ${objects.join(', ')}; for example ${example}.`;
  const ext = extensionOf(name);
  if (ext !== '.csv' && ext !== '.zip') {
    return { ok: false, message: `${quoteForMessage(name)} is not a .csv or .zip file. ${help}` };
  }
  const underscore = name.indexOf('_');
  if (underscore <= 0) {
    return {
      ok: false,
      message: `${quoteForMessage(name)} does not say which data object it holds. ${help}`,
    };
  }
  const prefix = name.slice(0, underscore).toLowerCase();
  const schema = schemas.find((s) => s.object.toLowerCase() === prefix);
  if (!schema) {
    return {
      ok: false,
      message: `${quoteForMessage(name)} names the object ${quoteForMessage(name.slice(0, underscore))}, which this workspace does not have. ${help}`,
    };
  }
  return { ok: true, schema };
}

/** A territory file's level (contract §4): `1_regions.kml` → 1. Lower levels are processed first. */
export function territoryLevel(name: string): NameResult<{ level: number }> {
  const m = /^(\d{1,3})_.*\.kml$/i.exec(name);
  if (m && Number(m[1]) >= 1) return { ok: true, level: Number(m[1]) };
  if (extensionOf(name) !== '.kml') {
    return {
      ok: false,
      message: `${quoteForMessage(name)} is not a .kml file. Territories are imported from KML files named like 1_regions.kml.`,
    };
  }
  return {
    ok: false,
    message: `${quoteForMessage(name)} does not start with its territory level. Add the level and an underscore in front, like 1_${name} for top-level territories (2_ for the level below, and so on).`,
  };
}

/** Whether a name is an upload in progress (contract §4): starts with `.` or ends in `.part`. */
export function isInProgressName(name: string): boolean {
  return name.startsWith('.') || name.toLowerCase().endsWith('.part');
}

/** The name the app uploads to before renaming (contract §4): `.<name>.part`. */
export function partNameFor(name: string): string {
  return `.${name}.part`;
}

/** The final name behind an in-progress name made by {@link partNameFor}, if it is one. */
export function finalNameOf(partName: string): string | undefined {
  return partName.startsWith('.') && partName.endsWith('.part') && partName.length > 6
    ? partName.slice(1, -'.part'.length)
    : undefined;
}

const windowsReserved = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const controlOrBidi = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/**
 * Whether a single file name is safe to create on the server and on the user's machine: not
 * empty, not `.`/`..`, no `/`, `\`, NUL, control or bidirectional-override characters, no
 * trailing dot or space, not a Windows device name, at most 255 UTF-8 bytes.
 */
export function checkSafeName(name: string): NameResult<object> {
  const shown = quoteForMessage(name);
  if (name.length === 0) {
    return { ok: false, message: 'The file name is empty. Give the file a name.' };
  }
  if (name === '.' || name === '..') {
    return { ok: false, message: `${shown} is not a file name. Give the file a name.` };
  }
  if (name.includes('/') || name.includes('\\')) {
    return {
      ok: false,
      message: `The file name ${shown} contains a / or \\. Use a name without folder separators.`,
    };
  }
  if (controlOrBidi.test(name)) {
    return {
      ok: false,
      message: `The file name ${shown} contains invisible control or text-direction characters. Rename the file using letters, digits, spaces, - and _.`,
    };
  }
  if (/[. ]$/.test(name)) {
    return { ok: false, message: `The file name ${shown} ends with a dot or a space. Remove it.` };
  }
  if (windowsReserved.test(name)) {
    return {
      ok: false,
      message: `${shown} is a reserved device name on Windows. Rename the file.`,
    };
  }
  if (utf8ByteLength(name) > 255) {
    return { ok: false, message: `The file name ${shown} is longer than 255 bytes. Shorten it.` };
  }
  return { ok: true };
}

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const unsafeChars = /[/\\\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** A name with unsafe characters replaced by `_` (for names the app makes up). */
export function sanitizeName(name: string): string {
  let s = name.replace(unsafeChars, '_').replace(/[. ]+$/, '');
  while (utf8ByteLength(s) > 255) s = s.slice(0, -1);
  if (s === '' || s === '.' || s === '..' || windowsReserved.test(s)) s = `_${s}`;
  return s;
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}_${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/**
 * The name the app gives a file it uploads, by the platform's convention: in flexible mode
 * `<Object>_<original>` unless the original already starts with `<Object>_`; elsewhere the
 * original name. Unsafe characters become `_`; an unusable original becomes
 * `<Object>_<UTC date-time>.<ext>` from `clock`.
 */
export function suggestFileName(
  profile: Pick<Profile, 'objectFromFileName'>,
  object: string,
  original: string,
  clock: () => Date,
): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  const ext = extensionOf(base) || '.csv';
  let name = base.trim() === '' ? '' : sanitizeName(base.trim());
  const stem = name.slice(0, name.length - extensionOf(name).length);
  if (stem.replace(/[_ .-]/g, '') === '' || !checkSafeName(name).ok) {
    name = `${object}_${stamp(clock())}${ext}`;
  }
  if (profile.objectFromFileName && !name.toLowerCase().startsWith(`${object.toLowerCase()}_`)) {
    name = `${object}_${name}`;
  }
  return sanitizeName(name);
}

/** A KML file name with its level prefix (contract §4): `regions.kml`, 1 → `1_regions.kml`. */
export function territoryFileName(level: number, original: string): string {
  const name = sanitizeName(original.split(/[/\\]/).pop() ?? 'territories.kml');
  const current = territoryLevel(name);
  if (current.ok && current.level === level) return name;
  const rest = current.ok ? name.slice(name.indexOf('_') + 1) : name;
  return `${level}_${rest}`;
}

/**
 * A name not in `taken` (contract §5.7, never overwrite): `x.csv`, then `x (2).csv`, `x (3).csv`…
 */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}
