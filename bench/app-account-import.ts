/**
 * The start the in-app benches share (app-check, grid-chromium): the real emulator with its
 * processing, the app on the real web host in Debian's Chromium (the e2e harness), the flexible
 * demo site `Bench` added and Import opened on the Account target, ready for a file to be picked.
 * The test helpers are loaded only when called, so a bench's child processes never load them.
 * node, benches.
 */
import type { AppHarness } from '../test/helpers/e2e/app-harness.ts';

export type AccountImport = {
  app: AppHarness;
  /** Closes the app, then the emulator, and removes the emulator's data folder. */
  close(): Promise<void>;
};

/** Starts the emulator and the app and opens Import on Account for the site `Bench`. */
export async function openAccountImport(): Promise<AccountImport> {
  const { startTestEmulator, closeTestEmulator } =
    await import('../test/helpers/start-emulator.ts');
  const { startApp } = await import('../test/helpers/e2e/app-harness.ts');
  const { addDemoSite, startImport } = await import('../test/helpers/e2e/ui-steps.ts');
  const emu = await startTestEmulator({ processing: true });
  let app: AppHarness | undefined;
  const close = async (): Promise<void> => {
    await app?.close();
    await closeTestEmulator(emu);
  };
  try {
    app = await startApp();
    await addDemoSite(app.page, emu, { name: 'Bench', user: 'flexible' });
    await startImport(app.page, 'Bench', /^Account$/);
    return { app, close };
  } catch (e) {
    await close();
    throw e;
  }
}
