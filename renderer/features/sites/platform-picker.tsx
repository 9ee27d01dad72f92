/** "Which platform?" in words its users know: one choice per profile (title + description). DOM. */
import type { ProfileId } from '../../../core/ipc/contract.ts';
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
