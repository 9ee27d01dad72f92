/**
 * Drop files here or pick them: a keyboard-reachable file input inside a drop zone. Hands the
 * `File` objects up; reading them is the controller's job. DOM.
 */
import { useId, useState } from 'react';

type Props = { accept: string; multiple: boolean; hint: string; onFiles: (files: File[]) => void };

/** The zone. */
export function FileDrop({ accept, multiple, hint, onFiles }: Props) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        if (files.length > 0) onFiles(multiple ? files : files.slice(0, 1));
      }}
    >
      <p>
        <strong>Drop {multiple ? 'files' : 'a file'} here</strong> or
      </p>
      <input
        id={id}
        type="file"
        accept={accept}
        multiple={multiple}
        className="visually-hidden"
        data-testid="file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <label htmlFor={id} className="btn primary">
        Choose {multiple ? 'files' : 'a file'}…
      </label>
      <p className="small muted">{hint}</p>
    </div>
  );
}
