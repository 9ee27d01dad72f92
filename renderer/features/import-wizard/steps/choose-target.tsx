/**
 * Step 1, "What do you want to import?": leads (classic), a data object from the server's
 * /Templates or from a template file you downloaded (flexible), territories (KML), a file for a
 * Flatfile Space, or an Ocelot contact list — only what the site's platform takes. DOM.
 */
import { useEffect, useState } from 'react';
import type { RemoteTemplate, SiteView } from '../../../../core/ipc/contract.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';
import type { ObjectSchema } from '../../../../core/schema/object-schema.ts';
import { useBridge } from '../../../bridge/bridge-context.tsx';
import type { ImportTarget } from '../import-wizard-machine.ts';
import { loadTemplates, rulesOf } from '../import-controller.ts';
import { TemplateFilePicker } from './template-file-picker.tsx';
import { passwordRefused } from '../password-refused.ts';
import { stepHeading } from '../use-step-focus.ts';

type Props = {
  site: SiteView;
  /** The password typed for this import ("ask every time"). */
  secret?: string;
  /** The server refused `secret`: the screen asks for it again (password-refused.ts). */
  onPasswordRefused?: () => void;
  onChoose: (target: ImportTarget, schema: ObjectSchema | null) => void;
};

/** Choices for the site's profile. */
export function ChooseTarget({ site, secret, onPasswordRefused, onChoose }: Props) {
  const bridge = useBridge();
  const profile = profiles[site.profile];
  const [templates, setTemplates] = useState<RemoteTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hasRecords = profile.drops.some((d) => d.kind === 'records');
  useEffect(() => {
    if (!hasRecords) return;
    let live = true;
    void loadTemplates(bridge, site.id, secret).then((r) => {
      if (!live) return;
      if (r.ok) setTemplates(r.templates);
      else if (onPasswordRefused && passwordRefused(r.code, secret !== undefined)) {
        onPasswordRefused();
      } else setError(r.message);
    });
    return () => {
      live = false;
    };
    // onPasswordRefused is the parent's callback; a new one must not read the templates again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, site.id, secret, hasRecords]);

  const pickTemplate = (t: RemoteTemplate) => {
    const rules = rulesOf(t);
    onChoose(rules.target, rules.schema);
  };

  return (
    <section className="panel stack" aria-labelledby="choose-target-title">
      <h2 id="choose-target-title" {...stepHeading}>
        What do you want to import?
      </h2>
      {hasRecords && (
        <div className="stack">
          <h3>{profile.objectFromFileName ? 'A data object' : 'Leads'}</h3>
          {templates === null && !error && (
            <p className="muted">Reading the templates in /Templates on the server…</p>
          )}
          {error && (
            <p className="error-text" role="alert">
              Could not read the server’s templates: {error}
            </p>
          )}
          <div className="row">
            {templates?.map((t) => (
              <button key={t.object} type="button" className="btn" onClick={() => pickTemplate(t)}>
                {t.object}
                {t.headerOnly ? ' (columns only)' : ''}
              </button>
            ))}
          </div>
          <TemplateFilePicker
            objectFromFileName={profile.objectFromFileName}
            serverObjects={templates?.map((t) => t.object) ?? []}
            onTemplate={(schema) =>
              onChoose({ kind: 'records', object: schema.object, rules: 'template-file' }, schema)
            }
          />
        </div>
      )}
      {profile.drops.some((d) => d.kind === 'territories') && (
        <div className="stack">
          <h3>Territories</h3>
          <p className="small muted">
            KML files (or Google Earth&apos;s KMZ) with simple polygons; prefix names with 1_, 2_ …
            for the levels.
          </p>
          <button
            type="button"
            className="btn"
            onClick={() => onChoose({ kind: 'territories' }, null)}
          >
            Territories (KML)
          </button>
        </div>
      )}
      {profile.drops.some((d) => d.kind === 'space-file') && (
        <button
          type="button"
          className="btn"
          onClick={() => onChoose({ kind: 'space-file' }, null)}
        >
          A file for this Space (up to 100 MB)
        </button>
      )}
      {profile.drops.some((d) => d.kind === 'contact-list') && (
        <button
          type="button"
          className="btn"
          onClick={() => onChoose({ kind: 'contact-list' }, null)}
        >
          A contact list (CSV)
        </button>
      )}
    </section>
  );
}
