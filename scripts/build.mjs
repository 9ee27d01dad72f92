#!/usr/bin/env node
// Builds the app: `node scripts/build.mjs [renderer|electron|all]` (default all).
// - renderer: Vite with renderer/vite.config.ts → dist/renderer (relative asset URLs, so the
//   same bundle loads from file:// in Electron and http:// from the web host).
// - electron: esbuild bundles electron/main.ts (+ all of core/) → dist/electron/main.js as ESM
//   (Electron 45 loads an ESM main; package.json has "type": "module"); npm packages stay
//   external and load from node_modules at run time (native ones — better-sqlite3,
//   @napi-rs/keyring, ssh2's optional cpu-features/sshcrypto — can't be bundled, and
//   electron-builder rebuilds them for Electron). electron/preload.ts → dist/electron/preload.cjs
//   as ONE self-contained CommonJS file: a sandboxed preload can require only 'electron'.
import { build as esbuild } from 'esbuild';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'dist', 'electron');

/** The renderer through Vite's JS API and the ui's config. */
export async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: join(repo, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

/** Electron's main process and preload. */
export async function buildElectron() {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
  await esbuild({
    absWorkingDir: repo,
    entryPoints: ['electron/main.ts'],
    outfile: join(out, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Every npm package (and electron) is loaded from node_modules at run time.
    packages: 'external',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
    define: { 'process.env.SIA_APP_VERSION': JSON.stringify(pkg.version) },
  });
  await esbuild({
    absWorkingDir: repo,
    entryPoints: ['electron/preload.ts'],
    outfile: join(out, 'preload.cjs'),
    bundle: true,
    // The preload is browser-like code (no Node built-ins in a sandbox); zod etc. are inlined.
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    minify: true,
    external: ['electron'],
    logLevel: 'warning',
  });
}

const targets = {
  renderer: [buildRenderer],
  electron: [buildElectron],
  all: [buildRenderer, buildElectron],
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const which = process.argv[2] ?? 'all';
  const steps = targets[which];
  if (!steps) {
    console.error(`usage: node scripts/build.mjs [renderer|electron|all] (got "${which}")`);
    process.exit(2);
  }
  try {
    for (const step of steps) await step();
    console.log(`built ${which}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
