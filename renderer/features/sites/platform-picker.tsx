/**
 * "Which platform?" in words its users know: one choice per profile (title + description); and,
 * for a platform that offers more than SFTP (SPOTIO, contract §12), how to connect. DOM.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { ProfileId, SiteProtocol } from '../../../core/ipc/contract.ts';
import { profileIds, profiles } from '../../../core/profiles/profiles.ts';

/**
 * Radio cards, one per platform profile. Once one is chosen — by a click, or by leaving the
 * cards with one checked — they fold to that one card on a line with "Change platform", so the
 * site's fields come up into view in a small window (issue 13: 800×600). Arrowing through the
 * cards does not fold them; the chosen card keeps its input, so focus stays where it was.
 */
export function PlatformPicker(props: {
  value: ProfileId | null;
  onChange: (id: ProfileId) => void;
}) {
  const [folded, setFolded] = useState(props.value !== null);
  const byPointer = useRef(false);
  const fieldset = useRef<HTMLFieldSetElement>(null);
  const focusChecked = useRef(false);
  // Unfolded by "Change platform": focus goes to the checked card (the button is gone).
  useLayoutEffect(() => {
    if (folded || !focusChecked.current) return;
    focusChecked.current = false;
    fieldset.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  }, [folded]);
  const unfold = () => {
    focusChecked.current = true;
    setFolded(false);
  };
  const shown = folded && props.value ? [props.value] : profileIds;
  return (
    <fieldset
      ref={fieldset}
      className={folded ? 'choices platform-folded' : 'choices'}
      onPointerDown={() => (byPointer.current = true)}
      onKeyDown={() => (byPointer.current = false)}
      onBlur={(e) => {
        if (props.value !== null && !e.currentTarget.contains(e.relatedTarget)) setFolded(true);
      }}
    >
      <legend className="visually-hidden">Platform</legend>
      {shown.map((id) => {
        const p = profiles[id];
        return (
          <label key={id} className="choice">
            <input
              type="radio"
              name="platform"
              value={id}
              checked={props.value === id}
              onChange={() => {
                props.onChange(id);
                if (byPointer.current) setFolded(true);
              }}
              onClick={() => {
                if (byPointer.current && props.value === id) setFolded(true);
              }}
            />
            <span>
              <span className="title">{p.title}</span>
              {!folded && (
                <>
                  <br />
                  <span className="desc">{p.description}</span>
                </>
              )}
            </span>
          </label>
        );
      })}
      {folded && (
        <button type="button" className="btn" onClick={unfold}>
          Change platform
        </button>
      )}
    </fieldset>
  );
}

const protocolChoices: { id: SiteProtocol; title: string; desc: string }[] = [
  {
    id: 'ftps',
    title: 'FTPS (ftps://)',
    desc: 'FTP over TLS from the first byte, usually port 990. This is how SPOTIO publishes its address.',
  },
  {
    id: 'ftpes',
    title: 'FTPS with AUTH TLS (ftpes://)',
    desc: 'FTP that switches to TLS before logging in, usually port 21.',
  },
  { id: 'sftp', title: 'SFTP (sftp://)', desc: 'File transfer over SSH, usually port 22.' },
];

/**
 * The protocol as one row of short choices, the chosen one explained below it (a row of three
 * described cards pushed "Save site" out of a small window, issue 13); with `probe`, says that
 * "Test connection" will find it.
 */
export function ProtocolPicker(props: {
  value: SiteProtocol;
  probe: boolean;
  onChange: (protocol: SiteProtocol) => void;
}) {
  const chosen = protocolChoices.find((c) => c.id === props.value);
  const described = ['protocol-desc', props.probe ? 'protocol-probe' : ''].filter(Boolean);
  return (
    <fieldset className="choices protocol-choices" aria-describedby={described.join(' ')}>
      <legend>How to connect</legend>
      {protocolChoices.map((c) => (
        <label key={c.id} className="choice">
          <input
            type="radio"
            name="protocol"
            value={c.id}
            checked={props.value === c.id}
            onChange={() => props.onChange(c.id)}
          />
          <span className="title">{c.title}</span>
        </label>
      ))}
      <p className="hint" id="protocol-desc">
        {chosen?.desc}
      </p>
      {props.probe && (
        <p className="hint" id="protocol-probe">
          The address names no protocol, so “Test connection” will ask the server which one it
          speaks (FTPS first, then FTPS with AUTH TLS, then SFTP) and keep the one that works.
        </p>
      )}
    </fieldset>
  );
}
