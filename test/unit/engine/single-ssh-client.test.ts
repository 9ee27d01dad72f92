import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const allowed = [/^core\/engine\/connect\.ts$/, /^server-emulator\/pull\//];
const skipDirs = new Set(['node_modules', '.git', 'dist', 'release', '.tmp', 'test-artifacts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (skipDirs.has(name)) return [];
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [p] : [];
  });
}

// Plan B3 H3: ssh2 accepts any host key unless told otherwise, so every connection goes through
// the one factory that always sets hostVerifier.
describe('one place makes SSH client connections', () => {
  it('constructs ssh2 Client only in engine/transport/sftp/connect.ts (and the emulator pull client)', () => {
    const offenders: string[] = [];
    for (const dir of [
      'core',
      'electron',
      'renderer',
      'server-emulator',
      'bench',
      'scripts',
      'bin',
    ]) {
      if (!existsSync(join(repo, dir))) continue;
      for (const f of sources(join(repo, dir))) {
        const rel = relative(repo, f).split('\\').join('/');
        if (allowed.some((re) => re.test(rel))) continue;
        const text = readFileSync(f, 'utf8');
        if (
          /new\s+(?:[\w$]+\.)?Client\s*\(/.test(text) ||
          /\bSftpClient\s*\(/.test(text) ||
          /from\s+['"]ssh2-sftp-client['"]/.test(text)
        ) {
          offenders.push(rel);
        }
      }
    }
    assert.deepEqual(offenders, [], 'make connections with connectSftp() instead');
  });

  it('the factory itself always passes a hostVerifier', () => {
    const text = readFileSync(join(repo, 'engine/transport/sftp/connect.ts'), 'utf8');
    assert.equal((text.match(/new Client\(/g) ?? []).length, 1);
    assert.match(text, /client\.connect\(\{[\s\S]*hostVerifier,[\s\S]*\}\)/);
  });
});
