/**
 * The `Bridge`: what the renderer sees of the main side, whatever transport backs it (Electron
 * preload, the web host's WebSocket, a fake in tests). Components get it from context; only
 * composition roots pick one. std: runs in Node and the browser.
 */
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from './contract.ts';
import type { IpcResult } from './result.ts';

/** A file the main side can read, named by an opaque reference (never a renderer-made path). */
export type StagedFile = { localRef: string; name: string; size: number };

/** The renderer's one door to the main side. */
export interface Bridge {
  /** Sends one request on a channel; resolves with a result, never rejects. */
  invoke<C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<IpcResult<InvokeResponse<C>>>;
  /** Subscribes to a push; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Makes a file the user picked readable by the main side and returns its `localRef` for
   * `upload:start`. Electron: the file's own path (`webUtils.getPathForFile`), registered by
   * main; web: the bytes are streamed to the host's private staging folder.
   */
  stageFile(file: File): Promise<IpcResult<StagedFile>>;
}
