/**
 * Which folders a workspace's users may write to, per profile (contract §2, §9): SPOTIO users
 * write only into the `New/` folders of their drops; `space` and `contact-lists` users write
 * files into `/`. Everything else is read-only. Pure. std.
 */
import { posix } from 'node:path';
import { getProfile, type ProfileId } from '../../core/profiles/profiles.ts';

/** The folders (virtual, absolute, no trailing slash) where files may be created. */
export function writableDirs(profile: ProfileId): string[] {
  const p = getProfile(profile);
  if (!p) return [];
  return p.drops.map((d) => d.newDir);
}

/** Why a file write at `virtualPath` is allowed, or the message to show when it is not. */
export function checkFileWrite(
  profile: ProfileId,
  virtualPath: string,
): { ok: true } | { ok: false; message: string } {
  const dir = posix.dirname(virtualPath);
  const dirs = writableDirs(profile);
  if (virtualPath !== '/' && dirs.includes(dir)) return { ok: true };
  return { ok: false, message: refusalMessage(profile, virtualPath) };
}

/** Folders are never created or removed by users: the tree belongs to the platform. */
export function folderChangeMessage(profile: ProfileId): string {
  return `folders cannot be created or removed here; ${whereUploadsGo(profile)}`;
}

function whereUploadsGo(profile: ProfileId): string {
  const dirs = writableDirs(profile);
  if (dirs.length === 0) return 'this workspace takes no uploads';
  if (dirs.length === 1 && dirs[0] === '/') return 'upload files into / (your home folder)';
  return `uploads go into ${dirs.map((d) => d + '/').join(' or ')}`;
}

/** A message naming the read-only folder and where uploads go instead. */
export function refusalMessage(profile: ProfileId, virtualPath: string): string {
  const parts = virtualPath.split('/').filter((s) => s.length > 0);
  const readOnly = ['Templates', 'Success', 'Failed', 'Export'].find((name) =>
    parts.includes(name),
  );
  const where = whereUploadsGo(profile);
  const writable = writableDirs(profile);
  if (readOnly) {
    const newHint = writable.some((d) => d.endsWith('/New')) ? 'New/ is where uploads go' : where;
    return `${newHint}; ${readOnly}/ is read-only`;
  }
  return `this folder is read-only; ${where}`;
}
