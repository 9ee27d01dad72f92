/**
 * Native dialogs, returning plain data: the private-key file picker and the "uploads are still
 * running — quit anyway?" question. A factory over Electron's `dialog`, tested with a fake.
 */
import type { BrowserWindow, Dialog } from 'electron';

export type Dialogs = {
  /** A private key file's path, or null when cancelled. */
  pickKeyFile(): Promise<string | null>;
  /** Whether to quit while `running` uploads or watches are still going. */
  confirmQuit(running: number): boolean;
};

/** Builds the dialogs for the current window (`getWindow` may return undefined). */
export function createDialogs(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBoxSync'>,
  getWindow: () => BrowserWindow | undefined,
  sshDir: string,
): Dialogs {
  return {
    async pickKeyFile() {
      const options = {
        title: 'Choose your private key',
        defaultPath: sshDir,
        properties: ['openFile' as const, 'showHiddenFiles' as const],
      };
      const win = getWindow();
      const picked = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    confirmQuit(running) {
      if (running === 0) return true;
      const options = {
        type: 'warning' as const,
        buttons: ['Keep running', 'Quit anyway'],
        defaultId: 0,
        cancelId: 0,
        title: 'Uploads are running',
        message: `${running} upload${running === 1 ? ' is' : 's are'} still running or waiting for a result.`,
        detail:
          'Quitting stops them. A stopped upload leaves nothing half-written on the server; you can send the file again later.',
      };
      const win = getWindow();
      const choice = win
        ? dialog.showMessageBoxSync(win, options)
        : dialog.showMessageBoxSync(options);
      return choice === 1;
    },
  };
}
