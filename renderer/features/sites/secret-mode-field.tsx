/** Password plus where it lives: the OS keychain, or asked every time. Never shown back. DOM. */
import { TextField } from '../../components/text-field.tsx';
import type { SiteDraft } from './site-draft.ts';

type Props = {
  draft: SiteDraft;
  error?: string | undefined;
  onChange: (patch: Partial<SiteDraft>) => void;
};

/** Radio "save in keychain / ask every time" and the password box when it is to be saved. */
export function SecretModeField({ draft, error, onChange }: Props) {
  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className="field">
        <strong>Password</strong>
      </legend>
      <div className="row">
        <label>
          <input
            type="radio"
            name="secret-mode"
            checked={draft.secretMode === 'keychain'}
            onChange={() => onChange({ secretMode: 'keychain' })}
          />{' '}
          Save in the system keychain
        </label>
        <label>
          <input
            type="radio"
            name="secret-mode"
            checked={draft.secretMode === 'ask'}
            onChange={() => onChange({ secretMode: 'ask', password: '' })}
          />{' '}
          Ask every time
        </label>
      </div>
      {draft.secretMode === 'keychain' && (
        <TextField
          label={draft.hasSecret ? 'New password (leave empty to keep the saved one)' : 'Password'}
          type="password"
          autoComplete="new-password"
          value={draft.password}
          onChange={(password) => onChange({ password })}
          error={error}
          hint={
            draft.hasSecret
              ? 'A password is saved in the keychain.'
              : 'It goes to the keychain, never to a file.'
          }
        />
      )}
    </fieldset>
  );
}
