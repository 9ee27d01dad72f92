/**
 * The `Bridge` over Electron IPC, built in the sandboxed preload from the `ipcRenderer` it is
 * given (a fake in tests). It exposes only the contract's channels, strips the IpcRendererEvent
 * from pushes (it carries `sender`, a way back into Electron), checks every push against its
 * schema (an invalid one is dropped and logged, core/ipc/event-guard.ts), and never rejects.
 * std: no Node built-ins; bundled into dist/electron/preload.cjs.
 */
import type { Bridge, StagedFile } from './bridge.ts';
import { isEventChannel, isInvokeChannel } from './contract.ts';
import { checkEvent, type EventLog } from './event-guard.ts';
import { fail, type IpcResult } from './result.ts';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export type IpcRendererLike = {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
};

/** The part of Electron's `webUtils` the bridge uses. */
export type WebUtilsLike = { getPathForFile(file: File): string };

/** Builds the bridge the preload exposes as `window.bridge`; dropped pushes go to `log`. */
export function createPreloadBridge(
  ipc: IpcRendererLike,
  webUtils?: WebUtilsLike,
  log: EventLog = (message) => console.warn(message),
): Bridge {
  const invoke = async (channel: string, request: unknown): Promise<IpcResult<unknown>> => {
    if (!isInvokeChannel(channel)) return fail('bad-request', `There is no channel "${channel}".`);
    try {
      return (await ipc.invoke(channel, request)) as IpcResult<unknown>;
    } catch (error) {
      return fail('internal', `The app did not answer ${channel}.`, messageOf(error));
    }
  };
  return {
    invoke: invoke as Bridge['invoke'],
    on: (event, listener) => {
      if (!isEventChannel(event)) return () => undefined;
      // Deliberately strip the event: it exposes `sender` to the page.
      const wrapped = (_event: unknown, payload: unknown): void => {
        const checked = checkEvent(event, payload, log);
        if (checked !== undefined) listener(checked as never);
      };
      ipc.on(event, wrapped);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(event, wrapped);
      };
    },
    stageFile: async (file: File): Promise<IpcResult<StagedFile>> => {
      let path: string;
      try {
        path = webUtils?.getPathForFile(file) ?? '';
      } catch (error) {
        return fail('bad-request', 'Could not read where this file is.', messageOf(error));
      }
      if (path === '') {
        return fail(
          'bad-request',
          'This file is not on disk (it was made in the page or dragged from another app). Save it to a folder first, then pick it from there.',
        );
      }
      return (await invoke('files:stage-path', { path })) as IpcResult<StagedFile>;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
