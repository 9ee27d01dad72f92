/** The name(s) the file(s) get on the server, editable, checked against the platform's rules. DOM. */
import { useId } from 'react';
import { remoteNameProblem } from '../../../lib/remote-name.ts';
import { isValidRemoteName } from '../import-wizard-machine.ts';

/** One labelled input per file. */
export function RemoteNames(props: {
  names: readonly string[];
  onRename: (index: number, name: string) => void;
}) {
  const id = useId();
  return (
    <div className="stack">
      {props.names.map((name, i) => (
        <div className="field" key={i}>
          <label htmlFor={`${id}-${i}`}>
            Name on the server{props.names.length > 1 ? ` (file ${i + 1})` : ''}
          </label>
          <input
            id={`${id}-${i}`}
            value={name}
            spellCheck={false}
            className="mono"
            aria-invalid={isValidRemoteName(name) ? undefined : true}
            onChange={(e) => props.onRename(i, e.target.value)}
          />
          {!isValidRemoteName(name) && (
            <span className="error" role="alert">
              {remoteNameProblem(name)}
            </span>
          )}
        </div>
      ))}
    </div>
  );
}
