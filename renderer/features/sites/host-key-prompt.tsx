/**
 * The host-key decision (contract §11): a first key shows its type and SHA256 fingerprint with
 * "Accept and remember" / "Connect once" / "Cancel"; a CHANGED key is a blocking warning with
 * both fingerprints and no way to continue. Listens to `hostkey:prompt` pushes. The dialog opens
 * on Cancel, so one Enter never trusts a server unseen (Modal gives focus back on closing). DOM.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventPayload, TrustDecision } from '../../../core/ipc/contract.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { Modal } from '../../components/modal.tsx';
import { HostKeyChanged } from './host-key-changed.tsx';

type Prompt = EventPayload<'hostkey:prompt'>;

/** Mounted once by the app shell; shows the oldest open prompt. */
export function HostKeyPrompt() {
  const bridge = useBridge();
  const [queue, setQueue] = useState<Prompt[]>([]);
  // The last control focused outside a dialog: a prompt raised by a button that is disabled
  // while it runs (Test connection) finds focus nowhere, and gives it back there.
  const anchor = useRef<HTMLSpanElement>(null);
  const lastFocused = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const doc = anchor.current?.ownerDocument;
    if (!doc) return;
    const remember = (e: FocusEvent) => {
      const t = e.target;
      if (t instanceof HTMLElement && !t.closest('dialog')) lastFocused.current = t;
    };
    doc.addEventListener('focusin', remember);
    return () => doc.removeEventListener('focusin', remember);
  }, []);
  const returnFocus = useCallback(() => lastFocused.current, []);
  useEffect(() => {
    const offPrompt = bridge.on('hostkey:prompt', (p) => setQueue((q) => [...q, p]));
    const offClosed = bridge.on('hostkey:prompt-closed', (p) =>
      setQueue((q) => q.filter((x) => x.promptId !== p.promptId)),
    );
    return () => {
      offPrompt();
      offClosed();
    };
  }, [bridge]);

  const prompt = queue[0];
  if (!prompt) return <span ref={anchor} hidden />;
  const answer = (decision: TrustDecision) => {
    setQueue((q) => q.filter((x) => x.promptId !== prompt.promptId));
    void bridge.invoke('hostkey:answer', { promptId: prompt.promptId, decision });
  };
  if (prompt.previousFingerprint !== undefined) {
    return (
      <HostKeyChanged
        key={prompt.promptId}
        prompt={prompt}
        onClose={() => answer('cancel')}
        returnFocus={returnFocus}
      />
    );
  }
  return (
    <Modal
      key={prompt.promptId}
      labelId="hostkey-title"
      onCancel={() => answer('cancel')}
      returnFocus={returnFocus}
    >
      <h2 id="hostkey-title">Is this the right server?</h2>
      <p>
        This is the first time this app connects to{' '}
        <strong>
          {prompt.host}:{prompt.port}
        </strong>
        . Check that its fingerprint matches the one your platform gave you.
      </p>
      <dl>
        <dt>Key type</dt>
        <dd className="mono" data-testid="hostkey-type">
          {prompt.keyType}
        </dd>
        <dt>Fingerprint</dt>
        <dd className="fingerprint" data-testid="hostkey-fingerprint">
          {prompt.fingerprint}
        </dd>
      </dl>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => answer('accept')}>
          Accept and remember
        </button>
        <button type="button" className="btn" onClick={() => answer('once')}>
          Connect once
        </button>
        <button type="button" className="btn" data-autofocus onClick={() => answer('cancel')}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
