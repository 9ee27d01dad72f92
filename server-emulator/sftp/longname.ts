/**
 * The `longname` of a READDIR entry, formatted like `ls -l` so OpenSSH's `ls -l` shows it, and
 * the SFTP attrs of a stat. Write bits reflect the workspace's write rules, so read-only folders
 * look read-only. Pure. std.
 */

/** The subset of fs.Stats the emulator reports. */
export type StatLike = {
  mode: number;
  size: number;
  uid: number;
  gid: number;
  atimeMs: number;
  mtimeMs: number;
  nlink: number;
  isDirectory(): boolean;
};

/** SFTP attrs as ssh2 sends them. */
export type SftpAttrs = {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  atime: number;
  mtime: number;
};

/** Attrs of a stat; `writable: false` clears the write bits. */
export function attrsOf(st: StatLike, writable: boolean): SftpAttrs {
  const mode = writable ? st.mode : st.mode & ~0o222;
  return {
    mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `drwxr-xr-x    1 user     user         4096 Nov 22 02:45 name` (ls -l; old files show the year). */
export function longnameOf(name: string, attrs: SftpAttrs, owner: string, nowMs: number): string {
  const type = (attrs.mode & 0o170000) === 0o040000 ? 'd' : '-';
  const bits = [0o400, 0o200, 0o100, 0o040, 0o020, 0o010, 0o004, 0o002, 0o001];
  const letters = 'rwxrwxrwx';
  const perms = bits.map((b, i) => ((attrs.mode & b) !== 0 ? letters[i] : '-')).join('');
  const d = new Date(attrs.mtime * 1000);
  const sixMonths = 182 * 24 * 3600 * 1000;
  const recent = Math.abs(nowMs - attrs.mtime * 1000) < sixMonths;
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const when = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  const who = owner.slice(0, 8).padEnd(8, ' ');
  return `${type}${perms}    1 ${who} ${who} ${String(attrs.size).padStart(12, ' ')} ${months[d.getUTCMonth()]} ${day} ${when} ${name}`;
}
