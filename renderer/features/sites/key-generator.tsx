/**
 * For key-only platforms (Ocelot): "Generate a key" makes an RSA-2048 pair on this computer and
 * shows the public key to paste into the platform's "Create SFTP User" form, with a copy button. DOM.
 */
import { useState } from 'react';
import { profiles } from '../../../core/profiles/profiles.ts';
import { useAppServices } from '../../app-services.tsx';
import { useBridge } from '../../bridge/bridge-context.tsx';
import type { SiteDraft } from './site-draft.ts';
import { generateKey } from './sites-controller.ts';
import { ErrorLine } from '../../components/error-line.tsx';

type Props = { draft: SiteDraft; onGenerated: (privateKeyPath: string) => void };

/** The button, the public key, and where to paste it. */
export function KeyGenerator({ draft, onGenerated }: Props) {
  const bridge = useBridge();
  const { copyText } = useAppServices();
  const [publicKey, setPublicKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const platform = profiles[draft.profile].platform;

  const generate = async () => {
    setError(null);
    const r = await generateKey(
      bridge,
      `${draft.username || 'sftp'}@sftp-import-assistant`,
      draft.id,
    );
    if (!r.ok) return setError(r.message);
    setPublicKey(r.value.publicKey);
    onGenerated(r.value.privateKeyPath);
  };
  const copy = async () => {
    if (!publicKey) return;
    try {
      await copyText(publicKey);
      setCopied(true);
    } catch {
      setError('Copying was not allowed; select the key and copy it yourself.');
    }
  };

  return (
    <div className="stack">
      <p>
        {platform} logs you in with an SSH key, not a password.
        {draft.privateKeyPath && !publicKey ? ' This site already has a key.' : ''}
      </p>
      <button type="button" className="btn" onClick={() => void generate()}>
        {draft.privateKeyPath ? 'Generate a new key' : 'Generate a key'}
      </button>
      {publicKey && (
        <div className="stack">
          <label htmlFor="public-key">
            <strong>Your public key</strong>
          </label>
          <textarea
            id="public-key"
            readOnly
            rows={4}
            value={publicKey}
            className="mono"
            style={{ width: '100%' }}
          />
          <div className="row">
            <button type="button" className="btn" onClick={() => void copy()}>
              Copy public key
            </button>
            {copied && (
              <span className="status-ok" role="status">
                Copied.
              </span>
            )}
          </div>
          <p className="small muted">
            In {platform}, go to Integrations → SFTP Users, press +, and paste this key into “SSH
            public key”. The private key stays on this computer.
          </p>
        </div>
      )}
      <ErrorLine error={error} />
    </div>
  );
}
