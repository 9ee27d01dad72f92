/**
 * Vite config for the renderer (React 19, no React plugin: Vite's built-in oxc transform does the
 * JSX with the automatic runtime). `node scripts/build.mjs renderer` builds it to dist/renderer;
 * `npx vite --config renderer/vite.config.ts` serves it with the fake bridge for design work.
 * node (build tool).
 */
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- Vite runs this file in Node at build time; it never reaches the page.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export const rendererConfig = defineConfig({
  root,
  // Relative asset URLs so the same bundle loads from file:// (Electron) and http:// (web host).
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // Never inline assets as data: URLs (the basemap is big; the CSP keeps img/connect to 'self').
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1', strictPort: false },
  preview: { host: '127.0.0.1' },
});

// Vite loads a config file's default export.
export default rendererConfig;
