/**
 * Imports whole screens for component tests: registers asset-hooks.mjs first (Vite's `.css` and
 * `?url` imports, which Node cannot load), then imports the screen modules dynamically.
 * node + DOM, tests only.
 */
import { register } from 'node:module';

register(new URL('./asset-hooks.mjs', import.meta.url));

/** The Import screen and the App, with their asset imports stubbed. */
export async function loadScreens() {
  const [{ ImportScreen }, { App }] = await Promise.all([
    import('../../../../renderer/features/import-wizard/import-screen.tsx'),
    import('../../../../renderer/app.tsx'),
  ]);
  return { ImportScreen, App };
}
