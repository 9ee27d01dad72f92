/**
 * The password of an "ask every time" site, asked once per import: typed, then confirmed with
 * Continue (so the server is not asked to log in at every keystroke). Never saved. DOM.
 */
import { useId, useState, type FormEvent } from 'react';

type Props = {
  siteName: string;
  /** Why it is needed now, in a few words ("to read its templates and upload"). */
  purpose: string;
  onSecret: (secret: string) => void;
};

/** A small form: the password box and Continue. */
export function PasswordGate({ siteName, purpose, onSecret }: Props) {
  const id = useId();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value !== '') onSecret(value);
  };
  return (
    <form className="panel stack" aria-label="Password for this import" onSubmit={submit}>
      <p>
        <strong>{siteName}</strong> asks for its password every time: enter it {purpose}. It is not
        saved.
      </p>
      <div className="row bottom">
        <div className="field">
          <label htmlFor={id}>Password (not saved)</label>
          <input
            id={id}
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <button type="submit" className="btn primary" disabled={value === ''}>
          Continue
        </button>
      </div>
    </form>
  );
}
