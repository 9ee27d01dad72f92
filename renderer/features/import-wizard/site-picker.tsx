/** Which site to import into, and its password when the site asks every time. DOM. */
import { useId } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';

type Props = {
  sites: SiteView[];
  value: string | null;
  onChange: (siteId: string) => void;
  needsSecret: boolean;
  secret: string;
  onSecret: (secret: string) => void;
};

/** A select of sites (by name and platform) and, when needed, a password box. */
export function SitePicker({ sites, value, onChange, needsSecret, secret, onSecret }: Props) {
  const id = useId();
  return (
    <div className="row panel">
      <div className="field">
        <label htmlFor={`${id}-site`}>Site</label>
        <select id={`${id}-site`} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} — {profiles[s.profile].platform}
            </option>
          ))}
        </select>
      </div>
      {needsSecret && (
        <div className="field">
          <label htmlFor={`${id}-pw`}>Password (not saved)</label>
          <input
            id={`${id}-pw`}
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => onSecret(e.target.value)}
          />
        </div>
      )}
    </div>
  );
}
