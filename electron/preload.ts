// Sandboxed preload: exposes only the contract's Bridge as `window.bridge` (B4), with
// `files:stage-path` reachable through `stageFile` alone (electron/preload-guard.ts). Bundled to one CJS file.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadBridge } from '../core/ipc/preload-bridge.ts';
import { guardPreloadBridge } from './preload-guard.ts';
contextBridge.exposeInMainWorld(
  'bridge',
  guardPreloadBridge(createPreloadBridge(ipcRenderer, webUtils)),
);
