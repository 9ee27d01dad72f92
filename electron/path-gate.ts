/**
 * The main side's rules for local paths the page names (issue 14). A file to upload arrives
 * only through the preload's `stageFile` (electron/preload-guard.ts); main still refuses a
 * relative path and anything in the app's own data folder (settings, history, keys). A site's
 * private key must be one the key picker returned in this run, one the app generated (its keys
 * folder), or the one the site already had — never a path typed into the page. node.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { InvokeHandlers } from '../core/ipc/contract.ts';
import { fail, type IpcResult } from '../core/ipc/result.ts';

/** Why main refuses to stage `path`, or undefined when it may. */
export function refuseStagePath(path: string, dataDir: string): IpcResult<never> | undefined {
  if (!isAbsolute(path) || path.includes('\0')) {
    return fail(
      'forbidden',
      'The app reads only files you pick or drop, named by their full location. Pick the file instead.',
    );
  }
  if (isInside(resolve(path), resolve(dataDir))) {
    return fail(
      'forbidden',
      "That file is one of the app's own (settings, history or keys) and is never uploaded. Pick a data file from another folder.",
    );
  }
  return undefined;
}

/** Remembers the key files the picker returned; answers whether a key path may be saved. */
export type KeyPathGate = {
  remember(path: string): void;
  /** `current` is the path the site already has (an update that keeps it is fine). */
  allows(path: string, current: string | undefined): boolean;
};

export function createKeyPathGate(keysDir: string): KeyPathGate {
  const picked = new Set<string>();
  return {
    remember: (path) => void picked.add(resolve(path)),
    allows: (path, current) =>
      isAbsolute(path) &&
      (picked.has(resolve(path)) ||
        dirname(resolve(path)) === resolve(keysDir) ||
        (current !== undefined && resolve(current) === resolve(path))),
  };
}

/**
 * The handlers Electron registers: the host's own, with the key picker's answers remembered and
 * `sites:save` refusing a key path the gate does not know. The site's current key path is read
 * through `sites:list` (only when the path is neither picked nor the app's own).
 */
export function guardKeyPaths(handlers: InvokeHandlers, gate: KeyPathGate): InvokeHandlers {
  return {
    ...handlers,
    'keys:pick-file': async (request) => {
      const result = await handlers['keys:pick-file'](request);
      if (result.ok && result.value.path !== null) gate.remember(result.value.path);
      return result;
    },
    'sites:save': async (request) => {
      const path = request.site.privateKeyPath;
      if (path !== undefined && path !== '' && !gate.allows(path, undefined)) {
        const current = await currentKeyPath(handlers, request.site.id);
        if (!gate.allows(path, current)) {
          return fail(
            'forbidden',
            'Use a key the app generated or one picked in the key file dialog; the app does not take a typed key path.',
          );
        }
      }
      return handlers['sites:save'](request);
    },
  };
}

async function currentKeyPath(
  handlers: InvokeHandlers,
  siteId: string | undefined,
): Promise<string | undefined> {
  if (siteId === undefined) return undefined;
  const listed = await handlers['sites:list']({});
  return listed.ok ? listed.value.sites.find((s) => s.id === siteId)?.privateKeyPath : undefined;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
