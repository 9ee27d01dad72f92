/**
 * Effects of the Sites screen: list, save, remove, test (with live doctor steps), generate a key.
 * Each takes the bridge as an argument and returns plain results. DOM-free (std).
 */
import type { Bridge } from '../../../core/ipc/bridge.ts';
import type { SiteInput, SiteView } from '../../../core/ipc/contract.ts';
import type { IpcErrorCode } from '../../../core/ipc/result.ts';
import { describeError } from '../../lib/ipc-errors.ts';
import type { DoctorAction } from './doctor-steps-reducer.ts';

export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** All saved sites. */
export async function loadSites(bridge: Bridge): Promise<ActionResult<SiteView[]>> {
  const r = await bridge.invoke('sites:list', {});
  return r.ok ? { ok: true, value: r.value.sites } : { ok: false, message: describeError(r.error) };
}

/** A save's outcome; a failure keeps its code (the form offers "ask every time" on `keychain-unavailable`). */
export type SaveResult =
  ActionResult<SiteView> | { ok: false; message: string; code: IpcErrorCode };

/** Saves a site; the secret (when given) goes to the keychain on the main side. */
export async function saveSite(
  bridge: Bridge,
  site: SiteInput,
  secret: string | undefined,
): Promise<SaveResult> {
  const r = await bridge.invoke('sites:save', secret ? { site, secret } : { site });
  return r.ok
    ? { ok: true, value: r.value.site }
    : { ok: false, message: describeError(r.error), code: r.error.code };
}

export async function removeSite(bridge: Bridge, siteId: string): Promise<ActionResult<null>> {
  const r = await bridge.invoke('sites:remove', { siteId });
  return r.ok ? { ok: true, value: null } : { ok: false, message: describeError(r.error) };
}

/**
 * Runs "Test connection", dispatching each pushed step as it arrives. When the test found the
 * protocol of a site saved from a bare host (issue 11), `onSiteChanged` gets the saved site.
 */
export async function testSite(
  bridge: Bridge,
  dispatch: (a: DoctorAction) => void,
  siteId: string,
  secret?: string,
  onSiteChanged?: (site: SiteView) => void,
): Promise<void> {
  const testId = `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  dispatch({ type: 'doctor/started' });
  const off = bridge.on('doctor:step', (p) => {
    if (p.testId === testId || (p.testId === undefined && p.siteId === siteId)) {
      dispatch({ type: 'doctor/step', step: p.step });
    }
  });
  try {
    const r = await bridge.invoke(
      'sites:test',
      secret ? { siteId, secret, testId } : { siteId, testId },
    );
    if (r.ok && r.value.site) onSiteChanged?.(r.value.site);
    if (r.ok) dispatch({ type: 'doctor/finished', report: r.value.report });
    else dispatch({ type: 'doctor/error', message: describeError(r.error) });
  } finally {
    off();
  }
}

/** Makes an RSA key pair for a key-only platform; returns the public key line to paste. */
export async function generateKey(
  bridge: Bridge,
  comment: string,
  siteId?: string,
): Promise<ActionResult<{ publicKey: string; privateKeyPath: string; reason?: string }>> {
  const r = await bridge.invoke('keys:generate', siteId ? { comment, siteId } : { comment });
  if (!r.ok) return { ok: false, message: describeError(r.error) };
  const { publicKey, privateKeyPath, accepted, reason } = r.value;
  if (!accepted) return { ok: false, message: reason ?? 'The platform would not accept this key.' };
  return { ok: true, value: { publicKey, privateKeyPath } };
}
