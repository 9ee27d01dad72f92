/** The blocking "server identity changed" warning with both fingerprints. DOM. */
import type { EventPayload } from '../../../core/ipc/contract.ts';
import { Modal } from '../../components/modal.tsx';

/** No "continue" button: the user must forget the old key in Settings on purpose. */
export function HostKeyChanged(props: {
  prompt: EventPayload<'hostkey:prompt'>;
  onClose: () => void;
  returnFocus?: () => HTMLElement | null;
}) {
  const p = props.prompt;
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
          shows a different key than the one you accepted before. Someone could be intercepting the
          connection. <strong>The connection was stopped and nothing was sent.</strong>
        </p>
      </div>
      <dl>
        <dt>Key you accepted before</dt>
        <dd className="fingerprint" data-testid="hostkey-previous">
          {p.previousFingerprint}
        </dd>
        <dt>Key the server shows now ({p.keyType})</dt>
        <dd className="fingerprint" data-testid="hostkey-fingerprint">
          {p.fingerprint}
        </dd>
      </dl>
      <p>
        Ask the platform whether they changed their server key. Only if they confirm the new
        fingerprint, forget the old key under Settings → Known servers and connect again.
      </p>
      <div className="row">
        <button type="button" className="btn primary" data-autofocus onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
