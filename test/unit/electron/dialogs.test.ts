/** The native dialogs with a fake `dialog`: plain data out. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDialogs } from '../../../electron/dialogs.ts';

function fakeDialog(open: { canceled: boolean; filePaths: string[] }, button = 0) {
  const asked: unknown[] = [];
  return {
    asked,
    dialog: {
      showOpenDialog: (...args: unknown[]) => (asked.push(args), Promise.resolve(open)),
      showMessageBoxSync: (...args: unknown[]) => (asked.push(args), button),
    } as never,
  };
}

describe('createDialogs', () => {
  it('returns the picked key path, or null when cancelled', async () => {
    const picked = createDialogs(
      fakeDialog({ canceled: false, filePaths: ['/home/u/.ssh/id_rsa'] }).dialog,
      () => undefined,
      '/home/u/.ssh',
    );
    assert.equal(await picked.pickKeyFile(), '/home/u/.ssh/id_rsa');
    const cancelled = createDialogs(
      fakeDialog({ canceled: true, filePaths: [] }).dialog,
      () => undefined,
      '/home/u/.ssh',
    );
    assert.equal(await cancelled.pickKeyFile(), null);
  });

  it('quits without asking when nothing runs, and otherwise only on "Quit anyway"', () => {
    const idle = fakeDialog({ canceled: true, filePaths: [] }, 0);
    assert.equal(createDialogs(idle.dialog, () => undefined, '').confirmQuit(0), true);
    assert.equal(idle.asked.length, 0);
    assert.equal(
      createDialogs(
        fakeDialog({ canceled: true, filePaths: [] }, 0).dialog,
        () => undefined,
        '',
      ).confirmQuit(2),
      false,
    );
    assert.equal(
      createDialogs(
        fakeDialog({ canceled: true, filePaths: [] }, 1).dialog,
        () => undefined,
        '',
      ).confirmQuit(2),
      true,
    );
  });
});
