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
      // A file made in the page (the assistant's converted file, fixed rows) has no path: its
      // bytes go over in chunks instead, into the same staging as the web host's upload.
      if (path === '') return stageBytes(invoke, file);
      return (await invoke('files:stage-path', { path })) as IpcResult<StagedFile>;
    },
  };
}

/** Chunk size for a page-made file's bytes: big enough to be quick, small enough to stream. */
export const stageChunkBytes = 4 << 20;

type Invoke = (channel: string, request: unknown) => Promise<IpcResult<unknown>>;

async function stageBytes(invoke: Invoke, file: File): Promise<IpcResult<StagedFile>> {
  const opened = (await invoke('files:stage-open', {
    name: file.name || 'upload.csv',
  })) as IpcResult<{ upload: string }>;
  if (!opened.ok) return opened;
  const { upload } = opened.value;
  try {
    for (let at = 0; at < file.size; at += stageChunkBytes) {
      const bytes = new Uint8Array(await file.slice(at, at + stageChunkBytes).arrayBuffer());
      const sent = await invoke('files:stage-chunk', { upload, bytes });
      if (!sent.ok) return sent;
    }
  } catch (error) {
    await invoke('files:stage-close', { upload, abort: true });
    return fail(
      'interrupted',
      'The file could not be read to add it. Try again.',
      messageOf(error),
    );
  }
  return (await invoke('files:stage-close', { upload })) as IpcResult<StagedFile>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
