/**
 * Cancel for the running upload (`upload:cancel`): remembers the upload's id as the controller
 * reports it; a Cancel pressed before the id is known (the file still staging) waits for it. DOM.
 */
import { useRef } from 'react';
import type { Bridge } from '../../../core/ipc/bridge.ts';
import { cancelUpload } from './import-controller.ts';

/** `onUploadId` for `uploadAll`, `cancel` for the button, `reset` before each (re)start. */
export function useUploadCancel(bridge: Bridge) {
  const running = useRef<{ id: string | null; cancel: boolean }>({ id: null, cancel: false });
  const set = (id: string | null, wanted: boolean) => {
    running.current = { id, cancel: wanted && id === null };
    if (wanted && id) void cancelUpload(bridge, id);
  };
  return {
    onUploadId: (id: string | null) => set(id, running.current.cancel),
    cancel: () => set(running.current.id, true),
    reset: () => set(null, false),
  };
}
