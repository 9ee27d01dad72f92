/**
 * Which files a target takes (extensions, count, size limit), with plain-words refusals. Pure. std.
 */
import type { Profile } from '../../../core/profiles/profiles.ts';
import { formatBytes } from '../../lib/format.ts';
import { splitExtension } from '../../lib/remote-name.ts';
import type { ImportTarget } from './import-wizard-machine.ts';

/** The `accept` attribute for the file picker. */
export function acceptFor(target: ImportTarget, profile: Profile): string {
  return extensionsFor(target, profile).join(',');
}

function extensionsFor(target: ImportTarget, profile: Profile): readonly string[] {
  return profile.drops.find((d) => d.kind === target.kind)?.extensions ?? ['.csv'];
}

/** Why these files cannot be used, or null when they can. */
export function rejectFiles(
  target: ImportTarget,
  profile: Profile,
  files: readonly { name: string; size: number }[],
): string | null {
  if (files.length === 0) return 'Pick a file.';
  if (target.kind !== 'territories' && files.length > 1) {
    return 'Pick one file at a time here (or put several in a ZIP).';
  }
  const allowed = extensionsFor(target, profile);
  for (const f of files) {
    const ext = splitExtension(f.name)[1];
    if (!allowed.includes(ext)) {
      return `“${f.name}” is not a ${allowed.join(' or ')} file. ${profile.platform} takes only those here.`;
    }
    if (f.size === 0) return `“${f.name}” is empty.`;
    if (profile.maxFileBytes !== undefined && f.size > profile.maxFileBytes) {
      return `“${f.name}” is ${formatBytes(f.size)}; ${profile.platform} accepts files up to ${formatBytes(profile.maxFileBytes)}. Split it into smaller files.`;
    }
  }
  return null;
}
