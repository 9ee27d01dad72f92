/**
 * "Fix and resubmit" before a file is picked: the site's password when it asks every time, then
 * the same rules as the first upload (resubmitRules: the server's template of the object, or —
 * when /Templates has none — the template file the user picks again). The corrected file is
 * then checked like any other; it is never sent unchecked. DOM.
 */
import { useEffect, useState } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { resubmitRules, type Resubmit, type ResubmitRules } from './import-controller.ts';
import type { ImportTarget } from './import-wizard-machine.ts';
import { PasswordGate } from './password-gate.tsx';
import { passwordRefused } from './password-refused.ts';
import { TemplateFilePicker } from './steps/template-file-picker.tsx';

type Props = {
  resubmit: Resubmit;
  site: SiteView;
  needsSecret: boolean;
  secret: string;
  onSecret: (secret: string) => void;
  /** The server refused the password typed last: the prompt says so. */
  refused: boolean;
  /** The server refused `secret`: ask for it again (import-screen.tsx clears it). */
  onPasswordRefused: () => void;
  onReady: (target: ImportTarget, schema: ObjectSchema | null) => void;
};

/** Password (if asked), then the rules; hands the target and schema to the wizard. */
export function ResubmitStart(props: Props) {
  const { resubmit, site, needsSecret, secret, onSecret, onReady } = props;
  const bridge = useBridge();
  const [attempt, setAttempt] = useState(0);
  const waitingForPassword = needsSecret && secret === '';
  // The answer for this password and attempt; an older one is not shown (loading instead).
  const key = `${attempt}:${secret}`;
  const [answer, setAnswer] = useState<{ key: string; rules: ResubmitRules } | null>(null);

  useEffect(() => {
    if (waitingForPassword) return;
    let live = true;
    void resubmitRules(bridge, resubmit, needsSecret ? secret : undefined).then((r) => {
      if (!live) return;
      if (r.ok) onReady(r.target, r.schema);
      else if (!r.needsTemplateFile && passwordRefused(r.code, needsSecret)) {
        props.onPasswordRefused();
      } else setAnswer({ key, rules: r });
    });
    return () => {
      live = false;
    };
    // onReady and onPasswordRefused are the parent's callbacks; new ones must not read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, resubmit, needsSecret, secret, waitingForPassword, key]);
  const rules = answer?.key === key ? answer.rules : null;

  if (waitingForPassword) {
    return (
      <PasswordGate
        siteName={site.name}
        purpose="to read its templates, check the corrected file the same way as the first one, and upload it"
        onSecret={onSecret}
        refused={props.refused}
      />
    );
  }
  if (rules === null || rules.ok) {
    return <p className="muted">Reading the rules the first upload was checked with…</p>;
  }
  if (rules.needsTemplateFile) {
    return (
      <section className="panel stack" aria-label="Template for the corrected file">
        <p>
          The server’s /Templates has no template for <strong>{rules.object}</strong>, so the first
          upload was checked against a template file you downloaded. Pick that file again: the
          corrected file is checked against the same columns.
        </p>
        <TemplateFilePicker
          objectFromFileName={profiles[site.profile].objectFromFileName}
          object={rules.object}
          onTemplate={(schema) =>
            onReady({ kind: 'records', object: schema.object, rules: 'template-file' }, schema)
          }
        />
      </section>
    );
  }
  return (
    <div className="banner bad stack" role="alert">
      <p>
        <strong>Could not read the server’s templates:</strong> {rules.message}
      </p>
      <p className="small">The corrected file is checked with them before it is sent.</p>
      <div className="row">
        <button type="button" className="btn" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
        {needsSecret && (
          <button type="button" className="btn" onClick={() => onSecret('')}>
            Enter the password again
          </button>
        )}
      </div>
    </div>
  );
}
