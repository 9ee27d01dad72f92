/**
 * Which site to import into (its password, when asked every time, is password-gate.tsx): a radio
 * group of sites by name and platform. Arrowing through it only moves the choice; the choice
 * takes effect on Enter or Space, on "Use …", or on a click — so passing over a site on the way
 * to another never switches the wizard to it (docs/ui.md, Import). DOM.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';

type Props = {
  sites: SiteView[];
  value: string | null;
  onChange: (siteId: string) => void;
};

/** Keys with which a browser moves the checked radio of a group. */
const movingKeys = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

/** The radio cards, and "Use …" while a moved-to site is not confirmed yet. */
export function SitePicker({ sites, value, onChange }: Props) {
  const name = useId();
  const [pending, setPending] = useState(value);
  // A site chosen elsewhere (a resubmission, the only site) replaces what was pending.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setPending(value);
  }
  // Whether the next change comes from an arrow key (the browser checks the radio it moves to).
  const moving = useRef(false);
  const choose = (id: string) => {
    setPending(id);
    if (id !== value) onChange(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>, id: string) => {
    moving.current = movingKeys.has(e.key);
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(id);
    }
  };
  const waiting = pending !== value ? sites.find((s) => s.id === pending) : undefined;
  const current = sites.find((s) => s.id === value);
  return (
    <div className="panel stack site-picker">
      <fieldset className="choices">
        <legend>Site</legend>
        {sites.map((s) => (
          <label key={s.id} className="choice" onPointerDown={() => (moving.current = false)}>
            <input
              type="radio"
              name={name}
              value={s.id}
              checked={pending === s.id}
              onKeyDown={(e) => onKeyDown(e, s.id)}
              onChange={() => (moving.current ? setPending(s.id) : choose(s.id))}
            />
            <span>
              <span className="title">{s.name}</span>
              <br />
              <span className="desc">{profiles[s.profile].title}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {waiting && (
        <p className="row">
          <button type="button" className="btn primary" onClick={() => choose(waiting.id)}>
            Use {waiting.name}
          </button>
          <span className="small muted">
            Still {current?.name ?? 'no site'} below; Enter in the list switches too.
          </span>
        </p>
      )}
    </div>
  );
}
