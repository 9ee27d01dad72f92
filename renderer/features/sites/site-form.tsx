/**
 * Add or edit a site: platform, address (a pasted `ftps://…` / `host:port` fills protocol, host
 * and port; SPOTIO also offers FTPS, issue 11), user, and either a password (kept in the keychain or
 * asked every time) or, for key-only platforms, a generated key to paste into the platform. DOM.
 */
import { useState } from 'react';
import type { ProfileId, SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { TextField } from '../../components/text-field.tsx';
import { KeyGenerator } from './key-generator.tsx';
import { PlatformPicker, ProtocolPicker } from './platform-picker.tsx';
import { SecretModeField } from './secret-mode-field.tsx';
import { Sha1Field } from './sha1-field.tsx';
import {
  checkDraft,
  draftFor,
  mayUseSsh,
  offersFtps,
  secretToSave,
  toSiteInput,
  withAddress,
  withProtocol,
  type SiteDraft,
} from './site-draft.ts';
import { saveSite } from './sites-controller.ts';

type Props = { initial: SiteDraft | null; onSaved: (site: SiteView) => void; onCancel: () => void };
/** What went wrong saving; `offerAsk` when the keychain could not take the password. */
type FormError = { message: string; offerAsk: boolean };

/** The form; calls `onSaved` with the stored site. */
export function SiteForm({ initial, onSaved, onCancel }: Props) {
  const bridge = useBridge();
  const [draft, setDraft] = useState<SiteDraft | null>(initial);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<SiteDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const pick = (id: ProfileId) =>
    setDraft((d) => ({ ...draftFor(id), ...(d?.id ? { id: d.id } : {}) }));
  const errors = draft && touched ? checkDraft(draft) : {};

  const submit = async (d: SiteDraft | null = draft) => {
    if (!d) return;
    setTouched(true);
    setDraft(withAddress(d));
    if (Object.keys(checkDraft(d)).length > 0) return;
    setBusy(true);
    setError(null);
    const r = await saveSite(bridge, toSiteInput(d), secretToSave(d));
    setBusy(false);
    if (r.ok) onSaved(r.value);
    else {
      // Nothing was saved (host/site-handlers.ts): the same draft can be saved asking every time.
      const offerAsk = 'code' in r && r.code === 'keychain-unavailable' && d.secretMode !== 'ask';
      setError({ message: r.message, offerAsk });
    }
  };
  const saveAsking = () => {
    if (!draft) return;
    const asking: SiteDraft = { ...draft, secretMode: 'ask', password: '' };
    setDraft(asking);
    void submit(asking);
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
            <HostField draft={draft} error={errors.host} setDraft={setDraft} />
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
          {offersFtps(draft.profile) && (
            <ProtocolPicker
              value={draft.protocol}
              probe={draft.probe}
              onChange={(protocol) => setDraft((d) => (d ? withProtocol(d, protocol) : d))}
            />
          )}
          {draft.authMethod === 'password' ? (
            <SecretModeField draft={draft} error={errors.password} onChange={set} />
          ) : (
            <KeyGenerator draft={draft} onGenerated={(privateKeyPath) => set({ privateKeyPath })} />
          )}
          {mayUseSsh(draft) && (
            <Sha1Field checked={draft.allowSha1} onChange={(allowSha1) => set({ allowSha1 })} />
          )}
        </>
      )}
      <FormActions
        error={error}
        busy={busy}
        canSave={draft !== null}
        onCancel={onCancel}
        onSaveAsking={saveAsking}
      />
    </form>
  );
}

/** The Host field: a pasted address (ftps://host:990, host:port) fills protocol, host and port. */
function HostField(props: {
  draft: SiteDraft;
  error: string | undefined;
  setDraft: (update: (d: SiteDraft | null) => SiteDraft | null) => void;
}) {
  const { draft, setDraft } = props;
  const platform = profiles[draft.profile].platform;
  const ftps = offersFtps(draft.profile);
  return (
    <TextField
      label="Host"
      value={draft.host}
      onChange={(host) => setDraft((d) => (d ? { ...d, host } : d))}
      onPaste={(e) => {
        const text = e.clipboardData.getData('text');
        if (!text) return;
        e.preventDefault();
        setDraft((d) => (d ? withAddress(d, text) : d));
      }}
      onBlur={() => setDraft((d) => (d ? withAddress(d) : d))}
      error={props.error}
      placeholder={ftps ? 'ftps://ftp.example.com' : 'sftp.example.com'}
      hint={
        ftps
          ? `Paste the address ${platform} gave you (e.g. ftps://ftp.spotio2.com); protocol and port are taken from it.`
          : `The SFTP address ${platform} gave you.`
      }
      autoComplete="off"
      spellCheck={false}
    />
  );
}

function FormActions(props: {
  error: FormError | null;
  busy: boolean;
  canSave: boolean;
  onCancel: () => void;
  onSaveAsking: () => void;
}) {
  return (
    <>
      {props.error && (
        <div className="row">
          <p className="error-text" role="alert">
            {props.error.message}
          </p>
          {props.error.offerAsk && (
            <button
              type="button"
              className="btn"
              disabled={props.busy}
              onClick={props.onSaveAsking}
            >
              Save without the password — ask every time
            </button>
          )}
        </div>
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
