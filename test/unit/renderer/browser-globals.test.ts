/**
 * Only the composition root (renderer/main.tsx) reads the browser's globals; everything else gets
 * them through AppServices or the bridge, so components stay testable (docs/ui.md). node.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../renderer/', import.meta.url));
const globals = /\b(window|document|navigator|location|localStorage|sessionStorage)\s*\./;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'assets' ? [] : sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The code of a file without comments and string contents (a mention is not a use). */
function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '""');
}

describe('browser globals in the renderer', () => {
  it('are read only in main.tsx', () => {
    const offenders = sources(root)
      .filter((f) => relative(root, f) !== 'main.tsx')
      .flatMap((f) =>
        codeOf(readFileSync(f, 'utf8'))
          .split('\n')
          .filter((line) => globals.test(line))
          .map((line) => `${relative(root, f)}: ${line.trim()}`),
      );
    assert.deepEqual(offenders, []);
  });

  it('finds a use when there is one (the scan itself works)', () => {
    assert.ok(globals.test(codeOf('const u = new URL(x, document.baseURI);')));
    assert.ok(!globals.test(codeOf('// document.baseURI is not read here')));
  });
});
