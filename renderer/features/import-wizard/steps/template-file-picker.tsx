/**
 * "Use a template file I downloaded": a header-only CSV from the platform's web page
 * (Settings → Import Data → download template). Columns are checked, types are not (contract §3).
 * In flexible mode the file does not say which data object it is for, so the object name is a
 * field, prefilled with a guess from the file name and checked against the platform's naming
 * rule, that the user confirms or corrects. DOM (reads the first line of a small file).
 */
import { useId, useState } from 'react';
import { schemaFromHeader, type ObjectSchema } from '../../../../core/schema/object-schema.ts';
import { TextField } from '../../../components/text-field.tsx';
import {
  guessObjectName,
  objectNameProblem,
  unknownObjectWarning,
} from '../../../lib/object-name.ts';
import { ErrorLine } from '../../../components/error-line.tsx';

type Props = {
  objectFromFileName: boolean;
  /** Objects of the server's /Templates, when read (for the guess and a spelling warning). */
  serverObjects?: readonly string[];
  /** The object name to start from instead of a guess (fix and resubmit knows it). */
  object?: string;
  onTemplate: (schema: ObjectSchema) => void;
};

type Picked = { fileName: string; header: string[] };

/** A file input, then the columns found and (flexible) the object name, then "Use". */
export function TemplateFilePicker({
  objectFromFileName,
  serverObjects = [],
  object,
  onTemplate,
}: Props) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [name, setName] = useState('');

  const read = async (file: File) => {
    setError(null);
    setPicked(null);
    const text = await file.slice(0, 64 * 1024).text();
    const first = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
    const header = first
      .split(',')
      .map((h) => h.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    if (header.length === 0) return setError('That file has no header row.');
    setPicked({ fileName: file.name, header });
    setName(object ?? guessObjectName(file.name, serverObjects));
  };
  const objectName = objectFromFileName ? name.trim() : 'Lead';
  const problem = objectFromFileName ? objectNameProblem(objectName) : null;
  const warning =
    objectFromFileName && !problem ? unknownObjectWarning(objectName, serverObjects) : null;

  return (
    <div className="small stack">
      <div>
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
      </div>
      <ErrorLine error={error} />
      {picked && (
        <section className="panel stack" aria-label="Template file">
          <p>
            <span className="mono">{picked.fileName}</span>: {picked.header.length} columns (
            {picked.header.slice(0, 8).join(', ')}
            {picked.header.length > 8 ? ', …' : ''}).
          </p>
          {objectFromFileName && (
            <TextField
              label="Data object"
              value={name}
              onChange={setName}
              spellCheck={false}
              autoComplete="off"
              hint="The object these columns are for, as the platform spells it. The file name does not always say (a download may be called import-template (1).csv)."
              error={problem ?? undefined}
            />
          )}
          {warning && <p className="banner warn">{warning}</p>}
          <div className="row">
            <button
              type="button"
              className="btn primary"
              disabled={problem !== null}
              onClick={() => onTemplate(schemaFromHeader(objectName, picked.header))}
            >
              Use this template{objectFromFileName && !problem ? ` for ${objectName}` : ''}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
