/**
 * Add or edit a site: platform, address, user, and either a password (kept in the keychain or
 * asked every time) or, for key-only platforms, a generated key to paste into the platform. DOM.
 */
import { useState } from 'react';
import type { ProfileId, SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { TextField } from '../../components/text-field.tsx';
import { KeyGenerator } from './key-generator.tsx';
import { PlatformPicker } from './platform-picker.tsx';
import { SecretModeField } from './secret-mode-field.tsx';
import { checkDraft, draftFor, secretToSave, toSiteInput, type SiteDraft } from './site-draft.ts';
import { saveSite } from './sites-controller.ts';

type Props = { initial: SiteDraft | null; onSaved: (site: SiteView) => void; onCancel: () => void };

/** The form; calls `onSaved` with the stored site. */
export function SiteForm({ initial, onSaved, onCancel }: Props) {
  const bridge = useBridge();
  const [draft, setDraft] = useState<SiteDraft | null>(initial);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SiteDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const pick = (id: ProfileId) =>
    setDraft((d) => ({ ...draftFor(id), ...(d?.id ? { id: d.id } : {}) }));
  const errors = draft && touched ? checkDraft(draft) : {};

  const submit = async () => {
    if (!draft) return;
    setTouched(true);
    if (Object.keys(checkDraft(draft)).length > 0) return;
    setBusy(true);
    const r = await saveSite(bridge, toSiteInput(draft), secretToSave(draft));
    setBusy(false);
    if (r.ok) onSaved(r.value);
    else setError(r.message);
  };

  return (
    <form
      className="panel stack"
      aria-label={draft?.id ? 'Edit site' : 'Add a site'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{draft?.id ? 'Edit site' : 'Add a site'}</h2>
      {!draft?.id && (
        <>
          <p>Which platform do you send files to?</p>
          <PlatformPicker value={draft?.profile ?? null} onChange={pick} />
        </>
      )}
      {draft && (
        <>
          <div className="grid-form">
            <TextField
              label="Name"
              value={draft.name}
              onChange={(name) => set({ name })}
              error={errors.name}
            />
            <TextField
              label="Host"
              value={draft.host}
              onChange={(host) => set({ host })}
              error={errors.host}
              placeholder="sftp.example.com"
              hint={`The SFTP address ${profiles[draft.profile].platform} gave you.`}
              autoComplete="off"
              spellCheck={false}
            />
            <TextField
              label="Port"
              value={draft.port}
              onChange={(port) => set({ port })}
              error={errors.port}
              inputMode="numeric"
            />
            <TextField
              label="User name"
              value={draft.username}
              onChange={(username) => set({ username })}
              error={errors.username}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          {draft.authMethod === 'password' ? (
            <SecretModeField draft={draft} error={errors.password} onChange={set} />
          ) : (
            <KeyGenerator draft={draft} onGenerated={(privateKeyPath) => set({ privateKeyPath })} />
          )}
        </>
      )}
      <FormActions error={error} busy={busy} canSave={draft !== null} onCancel={onCancel} />
    </form>
  );
}

function FormActions(props: {
  error: string | null;
  busy: boolean;
  canSave: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      {props.error && (
        <p className="error-text" role="alert">
          {props.error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="btn primary" disabled={!props.canSave || props.busy}>
          {props.busy ? 'Saving…' : 'Save site'}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
