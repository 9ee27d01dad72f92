/**
 * Bundles a benchmark's own file with esbuild (engine included, ssh2 kept external) into
 * node_modules/.cache, as the shipped app is bundled: its child then runs on plain node without
 * tsx's loader, whose own ~40 MiB would otherwise count as the engine's peak RSS. node, benches.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bundles the file at `entryUrl` (a bench's `import.meta.url`) as `<name>.cjs`; returns its path. */
export async function bundleBenchChild(entryUrl: string, name: string): Promise<string> {
  const out = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    'node_modules',
    '.cache',
    'sia-bench',
    `${name}.cjs`,
  );
  const { build } = await import('esbuild');
  await build({
    entryPoints: [fileURLToPath(entryUrl)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    external: ['ssh2', 'cpu-features', 'esbuild'],
    logLevel: 'error',
    define: { 'import.meta.url': '"file:///bench-child"' },
  });
  return out;
}
