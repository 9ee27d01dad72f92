/**
 * "Which platform?" in words its users know: one choice per profile (title + description); and,
 * for a platform that offers more than SFTP (SPOTIO, contract §12), how to connect. DOM.
 */
import type { ProfileId, SiteProtocol } from '../../../core/ipc/contract.ts';
import { profileIds, profiles } from '../../../core/profiles/profiles.ts';

/** Radio cards, one per platform profile. */
export function PlatformPicker(props: {
  value: ProfileId | null;
  onChange: (id: ProfileId) => void;
}) {
  return (
    <fieldset className="choices">
      <legend className="visually-hidden">Platform</legend>
      {profileIds.map((id) => {
        const p = profiles[id];
        return (
          <label key={id} className="choice">
            <input
              type="radio"
              name="platform"
              value={id}
              checked={props.value === id}
              onChange={() => props.onChange(id)}
            />
            <span>
              <span className="title">{p.title}</span>
              <br />
              <span className="desc">{p.description}</span>
            </span>
          </label>
        );
      })}
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

/** Radio cards for the protocol; with `probe`, says that "Test connection" will find it. */
export function ProtocolPicker(props: {
  value: SiteProtocol;
  probe: boolean;
  onChange: (protocol: SiteProtocol) => void;
}) {
  return (
    <fieldset className="choices" aria-describedby={props.probe ? 'protocol-probe' : undefined}>
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
          <span>
            <span className="title">{c.title}</span>
            <br />
            <span className="desc">{c.desc}</span>
          </span>
        </label>
      ))}
      {props.probe && (
        <p className="hint" id="protocol-probe">
          The address names no protocol, so “Test connection” will ask the server which one it
          speaks (FTPS first, then FTPS with AUTH TLS, then SFTP) and keep the one that works.
        </p>
      )}
    </fieldset>
  );
}
