/**
 * The host-key decision (contract §11): a first key shows its type and SHA256 fingerprint with
 * "Accept and remember" / "Connect once" / "Cancel"; an FTPS server's TLS certificate (§12) is
 * shown in the same dialog as a certificate: who it is made out to, its issuer, validity and why
 * it is not trusted. A CHANGED key is a blocking warning with both fingerprints and no way to
 * continue. Listens to `hostkey:prompt` pushes. The dialog opens on Cancel, so one Enter never
 * trusts a server unseen (Modal gives focus back on closing). DOM.
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
      {prompt.certificate ? (
        <CertificateDetails prompt={prompt} certificate={prompt.certificate} />
      ) : (
        <>
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
        </>
      )}
      <div className="row">
        <button type="button" className="btn" onClick={() => answer('accept')}>
          Accept and remember
        </button>
        <button type="button" className="btn" onClick={() => answer('once')}>
          Connect once
        </button>
        <button
          type="button"
          className="btn primary"
          data-autofocus
          onClick={() => answer('cancel')}
        >
          Cancel
        </button>
      </div>
    </Modal>
  );
}

/**
 * FTPS (contract §12): the server proved itself with a TLS certificate, not an SSH key. Who it is
 * made out to, who signed it, when it is valid and why this computer does not vouch for it.
 */
function CertificateDetails(props: {
  prompt: Prompt;
  certificate: NonNullable<Prompt['certificate']>;
}) {
  const { prompt, certificate: c } = props;
  return (
    <>
      <p>
        This is the first time this app connects to{' '}
        <strong>
          {prompt.host}:{prompt.port}
        </strong>{' '}
        over FTPS. The server shows a <strong>security certificate</strong> that this computer
        cannot vouch for by itself. Check its fingerprint with your platform before you trust it; no
        user name or password has been sent yet.
      </p>
      <dl>
        <dt>Why it is not trusted</dt>
        <dd data-testid="certificate-reason">{c.reason ?? 'Not trusted.'}</dd>
        <dt>Made out to</dt>
        <dd className="mono" data-testid="certificate-subject">
          {c.subject || '(no name)'}
        </dd>
        <dt>Issued by</dt>
        <dd className="mono" data-testid="certificate-issuer">
          {c.subject !== '' && c.issuer === c.subject ? `${c.issuer} (itself)` : c.issuer}
        </dd>
        <dt>Valid</dt>
        <dd data-testid="certificate-validity">
          from {dayOf(c.validFrom)} to {dayOf(c.validTo)}
        </dd>
        <dt>Fingerprint (SHA-256 of the certificate)</dt>
        <dd className="fingerprint" data-testid="hostkey-fingerprint">
          {prompt.fingerprint}
        </dd>
      </dl>
    </>
  );
}

/** The day of an ISO time (`2026-12-03`), readable in every language; the text as given otherwise. */
function dayOf(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}
