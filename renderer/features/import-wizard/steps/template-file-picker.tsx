/**
 * "Use a template file I downloaded": a header-only CSV from the platform's web page
 * (Settings → Import Data → download template). Columns are checked, types are not (contract §3).
 * DOM (reads the first line of a small file).
 */
import { useId, useState } from 'react';
import { schemaFromHeader, type ObjectSchema } from '../../../../core/schema/object-schema.ts';
import { splitExtension } from '../../../lib/remote-name.ts';

type Props = { objectFromFileName: boolean; onTemplate: (schema: ObjectSchema) => void };

/** A file input plus, in flexible mode, the object name (guessed from the file name). */
export function TemplateFilePicker({ objectFromFileName, onTemplate }: Props) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const read = async (file: File) => {
    setError(null);
    const text = await file.slice(0, 64 * 1024).text();
    const first = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    const header = first.split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
    if (header.filter(Boolean).length === 0) return setError('That file has no header row.');
    const guess =
      splitExtension(file.name)[0]
        .split(/[_\s-]/)[0]
        ?.replace(/[^A-Za-z0-9]/g, '') ?? '';
    const object = objectFromFileName ? (/^[A-Za-z]/.test(guess) ? guess : 'Object') : 'Lead';
    onTemplate(schemaFromHeader(object, header));
  };
  return (
    <div className="small">
      <label htmlFor={id}>Or use a template file you downloaded (checks columns only): </label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void read(f);
        }}
      />
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
