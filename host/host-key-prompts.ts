/**
 * Unknown host keys wait for the user (contract §11): each gets a prompt id, is
 * pushed to the page as `hostkey:prompt`, and is settled by `hostkey:answer`, by the timeout
 * (counted as cancel) or by `cancelAll` at shutdown. Every settled prompt is announced with
 * `hostkey:prompt-closed` so a dialog never lingers. node (timers; ids from node:crypto).
 */
import { randomUUID } from 'node:crypto';
import type { EventPayload, TrustDecision } from '../core/ipc/contract.ts';
import type { Emit } from './host-deps.ts';

export type HostKeyPrompts = {
  /** Asks the user about a key; resolves with their decision ('cancel' on timeout). */
  ask(key: {
    host: string;
    port: number;
    type: string;
    fingerprint: string;
    /** FTPS: the certificate's details, shown instead of "host key" words (contract §12). */
    certificate?: PromptCertificate;
  }): Promise<TrustDecision>;
  /**
   * Shows that a remembered key or certificate CHANGED (contract §11, §12): the connection is
   * already blocked; the `hostkey:prompt` carries `previousFingerprint` so the page shows old vs
   * new and offers no way to continue. Settled like a prompt (its answer changes nothing).
   */
  notifyChanged(key: {
    host: string;
    port: number;
    type: string;
    fingerprint: string;
    previousFingerprint: string;
    certificate?: PromptCertificate;
  }): void;
  /** Settles a prompt; false when the id is unknown or already settled. */
  answer(promptId: string, decision: TrustDecision): boolean;
  /** Prompts still waiting. */
  pending(): number;
  /** Settles every waiting prompt as cancel. */
  cancelAll(): void;
};

/** What the `hostkey:prompt` event says about a TLS certificate. */
export type PromptCertificate = NonNullable<EventPayload<'hostkey:prompt'>['certificate']>;

export type HostKeyPromptOptions = {
  emit: Emit;
  clock: () => number;
  /** How long a prompt waits before it counts as cancelled. Default 2 minutes. */
  timeoutMs?: number;
  newId?: () => string;
};

/** Creates the pending-prompt table. */
export function createHostKeyPrompts(options: HostKeyPromptOptions): HostKeyPrompts {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const newId = options.newId ?? randomUUID;
  const table = new Map<string, (decision: TrustDecision | 'timeout') => void>();

  /** Pushes a prompt and waits for its answer, its timeout (cancel) or cancelAll. */
  const open = (
    payload: Omit<EventPayload<'hostkey:prompt'>, 'promptId' | 'expiresAt'>,
  ): Promise<TrustDecision> => {
    const promptId = newId();
    return new Promise<TrustDecision>((resolve) => {
      const timer = setTimeout(() => settle('timeout'), timeoutMs);
      const settle = (decision: TrustDecision | 'timeout'): void => {
        clearTimeout(timer);
        table.delete(promptId);
        options.emit('hostkey:prompt-closed', { promptId, decision });
        resolve(decision === 'timeout' ? 'cancel' : decision);
      };
      table.set(promptId, settle);
      options.emit('hostkey:prompt', {
        promptId,
        ...payload,
        expiresAt: options.clock() + timeoutMs,
      });
    });
  };
  const payloadOf = (key: Parameters<HostKeyPrompts['ask']>[0]) => ({
    host: key.host,
    port: key.port,
    keyType: key.type,
    fingerprint: key.fingerprint,
    ...(key.certificate ? { certificate: key.certificate } : {}),
  });

  return {
    ask: (key) => open(payloadOf(key)),
    notifyChanged(key) {
      void open({ ...payloadOf(key), previousFingerprint: key.previousFingerprint });
    },
    answer(promptId, decision) {
      const settle = table.get(promptId);
      if (!settle) return false;
      settle(decision);
      return true;
    },
    pending: () => table.size,
    cancelAll() {
      for (const settle of [...table.values()]) settle('cancel');
    },
  };
}
