// Sandboxed preload: exposes only the contract's Bridge as `window.bridge` (B4). Bundled to one CJS file.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadBridge } from '../core/ipc/preload-bridge.ts';
contextBridge.exposeInMainWorld('bridge', createPreloadBridge(ipcRenderer, webUtils));
