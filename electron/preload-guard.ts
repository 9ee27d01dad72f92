/**
 * The preload's gate on `files:stage-path` and the byte-staging channels (issue 14): the main
 * side reads a path only when it came from `webUtils.getPathForFile` for a real File the user
 * picked or dropped — that is, through the bridge's own `stageFile` — and takes page-made bytes
 * only through it too. The page's generic `invoke` may not send those channels, so a path the
 * page makes up never reaches main. The page cannot reach `ipcRenderer` itself (context
 * isolation). std: bundled into the sandboxed preload, no Node built-ins.
 */
import type { Bridge } from '../core/ipc/bridge.ts';
import { fail } from '../core/ipc/result.ts';

/** Channels only the preload itself sends (from `stageFile`), never the page. */
export const preloadOnlyChannels: ReadonlySet<string> = new Set([
  'files:stage-path',
  'files:stage-open',
  'files:stage-chunk',
  'files:stage-close',
]);

/** The bridge the page gets: the same one, minus the preload-only channels on `invoke`. */
export function guardPreloadBridge(bridge: Bridge): Bridge {
  const invoke: Bridge['invoke'] = (channel, request) =>
    preloadOnlyChannels.has(channel)
      ? Promise.resolve(
          fail(
            'forbidden',
            'The app reads only files you pick or drop; it does not take a typed path. Pick the file instead.',
          ),
        )
      : bridge.invoke(channel, request);
  return {
    invoke,
    on: (event, listener) => bridge.on(event, listener),
    stageFile: (file) => bridge.stageFile(file),
  };
}
