/**
 * The password of an "ask every time" site, asked once per import: typed, then confirmed with
 * Continue (so the server is not asked to log in at every keystroke). Never saved. When the
 * server refused the one typed before, it comes back in place saying so, with focus in the box.
 * The box is `data-step-focus`: when focus moves to a step that asks for the password first,
 * use-step-focus.ts puts it there rather than on a heading. DOM.
 */
import { useId, useState, type FormEvent } from 'react';
import { passwordRefusedText } from './password-refused.ts';

type Props = {
  siteName: string;
  /** Why it is needed now, in a few words ("to read its templates and upload"). */
  purpose: string;
  onSecret: (secret: string) => void;
  /** The server refused the password typed before: say so and ask again. */
  refused?: boolean;
};

/** A small form: the password box and Continue. */
export function PasswordGate({ siteName, purpose, onSecret, refused = false }: Props) {
  const id = useId();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value !== '') onSecret(value);
  };
  return (
    <form className="panel stack" aria-label="Password for this import" onSubmit={submit}>
      {refused ? (
        <p className="error-text" id={`${id}-refused`} data-testid="password-refused">
          {passwordRefusedText}
        </p>
      ) : (
        <p>
          <strong>{siteName}</strong> asks for its password every time: enter it {purpose}. It is
          not saved.
        </p>
      )}
      <div className="row bottom">
        <div className="field">
          <label htmlFor={id}>Password (not saved)</label>
          <input
            id={id}
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            // What the step asks first: focus lands here when it moves to the step.
            data-step-focus=""
            {...(refused
              ? {
                  // Focus lands here, and a screen reader reads why with the box.
                  autoFocus: true,
                  'aria-invalid': true,
                  'aria-describedby': `${id}-refused`,
                }
              : {})}
          />
        </div>
        <button type="submit" className="btn primary" disabled={value === ''}>
          Continue
        </button>
      </div>
    </form>
  );
}
