/**
 * The Electron side of the contract: one `ipcMain.handle` per contract channel (enumerated from
 * the map, so no channel can skip the checks), each refusing an untrusted sender before
 * validating and dispatching. Electron security checklist #17 "Validate the sender of all IPC
 * messages" (https://www.electronjs.org/docs/latest/tutorial/security). Tested with a fake ipcMain.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { invokeChannels, type InvokeHandlers } from '../core/ipc/contract.ts';
import { dispatchInvoke } from '../core/ipc/dispatch.ts';
import { fail, type IpcResult } from '../core/ipc/result.ts';
import { isAppPage } from './app-protocol.ts';

/** The part of `ipcMain` used here. */
export type IpcMainLike = {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, raw: unknown) => Promise<IpcResult<unknown>>,
  ): void;
};

/** The sender facts the trust check reads (a fake event in tests). */
export type SenderEvent = { senderFrame: { url: string; parent: unknown } | null };

/** Registers every channel; an untrusted sender gets 'forbidden' and nothing runs. */
export function registerInvokeHandlers(
  ipcMain: IpcMainLike,
  handlers: InvokeHandlers,
  isTrustedSender: (event: SenderEvent) => boolean,
): void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, (event, raw) =>
      isTrustedSender(event)
        ? dispatchInvoke(handlers, channel, raw)
        : Promise.resolve(fail('forbidden', 'This request did not come from the app window.')),
    );
  }
}

/**
 * Trusts only the app's own top-level page: `app://renderer/index.html` (query and fragment
 * ignored; electron/app-protocol.ts). Frames, file: URLs, other paths and any web origin are refused.
 */
export function createTrustedSenderCheck(
  isOwnPage: (url: string) => boolean = isAppPage,
): (event: SenderEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return isOwnPage(frame.url);
  };
}
