/** Which site to import into (its password, when asked every time, is password-gate.tsx). DOM. */
import { useId } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';

type Props = {
  sites: SiteView[];
  value: string | null;
  onChange: (siteId: string) => void;
};

/** A select of sites (by name and platform). */
export function SitePicker({ sites, value, onChange }: Props) {
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
    </div>
  );
}
