/** The blocking "server identity changed" warning with both fingerprints. DOM. */
import type { EventPayload } from '../../../core/ipc/contract.ts';
import { Modal } from '../../components/modal.tsx';

/**
 * No "continue" button: the user must forget the old key in Settings on purpose (Known servers
 * also clears the key saved with sites, so that one step unblocks the site). An FTPS server
 * (contract §12) proves itself with a TLS certificate: the same warning in certificate words,
 * with who the new certificate is made out to and who signed it.
 */
export function HostKeyChanged(props: {
  prompt: EventPayload<'hostkey:prompt'>;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const p = props.prompt;
  const c = p.certificate;
  const what = c ? 'certificate' : 'key';
  return (
    <Modal
      labelId="hostkey-changed-title"
      role="alertdialog"
      onCancel={props.onClose}
      {...(props.returnFocus ? { returnFocus: props.returnFocus } : {})}
    >
      <div className="banner bad">
        <h2 id="hostkey-changed-title">Warning: the server’s identity has changed</h2>
        <p>
          The server at{' '}
          <strong>
            {p.host}:{p.port}
          </strong>{' '}
          shows a different {c ? 'security certificate' : 'key'} than the one you accepted before.
          Someone could be intercepting the connection.{' '}
          <strong>The connection was stopped before your user name and password were sent.</strong>
        </p>
      </div>
      <dl>
        <dt>{c ? 'Certificate' : 'Key'} you accepted before</dt>
        <dd className="fingerprint" data-testid="hostkey-previous">
          {p.previousFingerprint}
        </dd>
        <dt>
          {c ? 'Certificate the server shows now' : `Key the server shows now (${p.keyType})`}
        </dt>
        <dd className="fingerprint" data-testid="hostkey-fingerprint">
          {p.fingerprint}
        </dd>
        {c && (
          <>
            <dt>New certificate made out to</dt>
            <dd className="mono" data-testid="certificate-subject">
              {c.subject || '(no name)'}
            </dd>
            <dt>Issued by</dt>
            <dd className="mono">{c.issuer}</dd>
          </>
        )}
      </dl>
      <p data-testid="hostkey-changed-advice">
        Ask the platform whether they changed their server {what}. Only if they confirm the new
        fingerprint, forget the old {what} under Settings → Known servers (that also clears it from
        your sites) and test the connection again: you will be shown the new {what} to check.
      </p>
      <div className="row">
        <button type="button" className="btn primary" data-autofocus onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
