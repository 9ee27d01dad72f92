/**
 * The jail: maps a client's SFTP path onto the disk under one workspace root, so that no path,
 * `..`, absolute path or symlink reaches outside it (contract §2). Pure path helpers plus the
 * disk checks (lstat of every component, realpath prefix). node.
 */
import { lstat, realpath } from 'node:fs/promises';
import { posix, sep } from 'node:path';

/** Why a path was refused; the SFTP layer maps these to status codes (sftp-status.ts). */
export type VfsErrorCode = 'invalid-path' | 'outside-root' | 'symlink' | 'not-found';

/** A refusal with a message safe to show the client (no local disk path in it). */
export class VfsError extends Error {
  readonly code: VfsErrorCode;
  constructor(code: VfsErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'VfsError';
  }
}

/**
 * The canonical virtual path (`/a/b`) of a client path, resolved against `/` (every user's home
 * is its root). `..` cannot climb above `/`: `/../../x` is `/x`, as OpenSSH's chroot does.
 */
export function normalizeVirtual(
  input: string,
): { ok: true; path: string } | { ok: false; message: string } {
  if (input.includes('\0')) return { ok: false, message: 'a path cannot contain a NUL byte' };
  if (input.length > 4096) return { ok: false, message: 'the path is too long' };
  const resolved = posix.resolve('/', input === '' ? '.' : input);
  return { ok: true, path: resolved };
}

/** The disk path of a canonical virtual path under `root` (pure; the caller checks symlinks). */
export function diskPathOf(root: string, virtualPath: string): string {
  const rel = virtualPath.split('/').filter((s) => s.length > 0);
  const disk = rel.length === 0 ? root : root + sep + rel.join(sep);
  // Belt and braces: the normalised path can hold no `..`, so this prefix always holds.
  if (disk !== root && !disk.startsWith(root + sep)) {
    throw new VfsError('outside-root', 'that path is outside your folder');
  }
  return disk;
}

/**
 * Longest file name a user may give, in UTF-8 bytes. Below the disk's 255 so that every name the
 * emulator derives from it fits too: the upload temp (`.<name>.<12 hex>.uploading`), the claimed
 * file (`<claim id>__<name>`) and the reports (`<name> (2).result.json`).
 */
export const maxNameBytes = 200;

/**
 * Whether a file name may enter a folder: the one rule for an upload, a rename and FTPS STOR/RNTO
 * (and what processing takes): no separators, control characters, `\` or text-direction marks.
 */
export function checkNewName(name: string): { ok: true } | { ok: false; message: string } {
  if (name === '' || name === '.' || name === '..') {
    return { ok: false, message: 'that is not a file name' };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    return { ok: false, message: 'a file name cannot contain control characters' };
  }
  if (name.includes('\\')) return { ok: false, message: 'a file name cannot contain a backslash' };
  if (/[\u202a-\u202e\u2066-\u2069]/.test(name)) {
    return { ok: false, message: 'a file name cannot contain text-direction characters' };
  }
  if (Buffer.byteLength(name) > maxNameBytes) {
    return {
      ok: false,
      message: `the name is too long (at most ${maxNameBytes} bytes); use a shorter name`,
    };
  }
  return { ok: true };
}

/** A workspace root on disk, resolved once (realpath) so prefix checks compare like with like. */
export type Jail = {
  /** realpath of the workspace root. */
  root: string;
  /**
   * Resolves a client path to `{ virtual, disk }`, refusing NUL bytes, and any symlink on the
   * way (every existing component is lstat'ed; the deepest existing one is realpath-checked).
   * The final component may be missing (for creates); `mustExist` turns that into not-found.
   */
  resolve(
    input: string,
    opts?: { mustExist?: boolean },
  ): Promise<{ virtual: string; disk: string }>;
};

/** Makes the jail for a workspace root (which must exist). */
export async function createJail(rootDir: string): Promise<Jail> {
  const root = await realpath(rootDir);
  return {
    root,
    async resolve(input, opts = {}) {
      const norm = normalizeVirtual(input);
      if (!norm.ok) throw new VfsError('invalid-path', norm.message);
      const virtual = norm.path;
      const disk = diskPathOf(root, virtual);
      const parts = virtual.split('/').filter((s) => s.length > 0);
      let current = root;
      for (let i = 0; i < parts.length; i++) {
        current = current + sep + parts[i];
        let st;
        try {
          st = await lstat(current);
        } catch (err) {
          if (isNotFound(err)) {
            if (opts.mustExist || i < parts.length - 1) {
              throw new VfsError('not-found', `no such file or folder: ${virtual}`);
            }
            break;
          }
          throw err;
        }
        if (st.isSymbolicLink()) {
          throw new VfsError('symlink', 'symbolic links are not followed on this server');
        }
      }
      // A race could swap a component for a symlink after the lstat; the realpath prefix check of
      // the deepest existing ancestor catches what reached outside by then.
      const probe = await deepestExisting(disk, root);
      const real = await realpath(probe);
      if (real !== root && !real.startsWith(root + sep)) {
        throw new VfsError('outside-root', 'that path is outside your folder');
      }
      return { virtual, disk };
    },
  };
}

async function deepestExisting(disk: string, root: string): Promise<string> {
  let p = disk;
  for (;;) {
    try {
      await lstat(p);
      return p;
    } catch (err) {
      if (!isNotFound(err) || p === root) throw err;
      const parent = p.slice(0, p.lastIndexOf(sep));
      p = parent.length < root.length ? root : parent;
    }
  }
}

/** Whether an error is ENOENT/ENOTDIR (the path, or a component of it, does not exist). */
export function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
