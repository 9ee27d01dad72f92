/**
 * The Electron bundles build and their module graphs load as far as they can without the
 * Electron binary: the sandboxed preload is one file that requires nothing but 'electron', and
 * every package the main bundle imports resolves from node_modules. node.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const out = join(repo, 'dist', 'electron');

describe('scripts/build.mjs electron', { timeout: 120_000 }, () => {
  let main = '';
  let preload = '';

  before(async () => {
    const build = (await import(join(repo, 'scripts', 'build.mjs'))) as {
      buildElectron: () => Promise<void>;
    };
    await build.buildElectron();
    main = await readFile(join(out, 'main.js'), 'utf8');
    preload = await readFile(join(out, 'preload.cjs'), 'utf8');
  });

  it('bundles the preload as one CommonJS file whose only require is electron', () => {
    const requires = [...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map(
      (m) => m[1],
    );
    assert.deepEqual([...new Set(requires)], ['electron']);
    assert.doesNotMatch(
      preload,
      /\brequire\(\s*[^"'`\s]/,
      'a computed require would fail in the sandbox',
    );
    assert.doesNotMatch(preload, /\bimport\s*\(/);
    assert.match(preload, /exposeInMainWorld\(\s*["']bridge["']/);
  });

  it('emits main.js as an ES module whose package imports all resolve (electron aside)', () => {
    const specifiers = [...main.matchAll(/^import\s[^;]*?from\s+"([^"]+)";?$/gm)].map(
      (m) => m[1] ?? '',
    );
    assert.ok(specifiers.includes('electron'));
    const require = createRequire(join(repo, 'package.json'));
    const unresolved: string[] = [];
    for (const s of new Set(specifiers)) {
      if (s === 'electron' || s.startsWith('node:') || builtinModules.includes(s)) continue;
      try {
        import.meta.resolve(s, `file://${join(repo, 'package.json')}`);
      } catch {
        try {
          require.resolve(s);
        } catch {
          unresolved.push(s);
        }
      }
    }
    assert.deepEqual(unresolved, []);
    assert.doesNotMatch(
      main,
      /from\s+"\.\.?\//,
      'core/ and electron/ sources are bundled, not imported',
    );
  });
});
