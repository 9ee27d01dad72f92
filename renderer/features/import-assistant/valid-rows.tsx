/**
 * "Send only the valid rows" and "Save the rows with problems" (issue 12 §4): a checked file
 * with some rows refused can go without them; the refused ones are saved as CSV to fix and send
 * on their own later — never the whole file again, which would import the valid rows twice.
 * Whatever file the app sends can be saved too ("Save this file"). DOM.
 */
import { plural } from '../../../core/util/text.ts';
import { useAppServices } from '../../app-services.tsx';

/** What was split off: the rows with problems, to save. */
export type LeftOut = {
  fileName: string;
  /** The file of valid rows that is sent, and its name. */
  sentName: string;
  valid: Blob;
  validRows: number;
  invalidRows: number;
  invalid: Blob;
};

/** "1,334 rows": counts formatted as everywhere else (core/util/text.ts). */
const rows = (n: number) => plural(n, 'row');

/** The name the rows with problems are saved under. */
export function problemRowsName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return `${dot > 0 ? fileName.slice(0, dot) : fileName}-rows-with-problems.csv`;
}

/** The offer on a checked file with valid and refused rows. */
export function ValidRowsOffer(props: {
  valid: number;
  invalid: number;
  busy: boolean;
  error: string | null;
  onSendValid: () => void;
}) {
  return (
    <section className="panel stack" aria-label="Send the valid rows" data-testid="valid-rows">
      <p>
        {rows(props.valid)} can be imported as {props.valid === 1 ? 'it is' : 'they are'}. Send{' '}
        {props.valid === 1 ? 'it' : 'them'} now, and keep the {rows(props.invalid)} with problems in
        a file to fix and send later.
      </p>
      <div className="row">
        <button type="button" className="btn" disabled={props.busy} onClick={props.onSendValid}>
          Send only the valid rows
        </button>
      </div>
      {props.error && (
        <p className="error-text" role="alert">
          {props.error}
        </p>
      )}
    </section>
  );
}

/** "Save this file": a file the app made and sends (the valid rows, the rows fixed in the grid). */
export function SaveFileButton({ file, name }: { file: Blob; name?: string }) {
  const { download } = useAppServices();
  const saveAs = name ?? (file instanceof File ? file.name : 'file.csv');
  return (
    <button
      type="button"
      className="btn"
      onClick={() => void file.text().then((text) => download(saveAs, text, 'text/csv'))}
    >
      Save this file
    </button>
  );
}

/** On the checked file of valid rows: what was left out, and saving either part. */
export function PartialNote({ partial }: { partial: LeftOut }) {
  const { download } = useAppServices();
  return (
    <section className="banner warn stack" aria-label="Rows left out" data-testid="partial-note">
      <p>
        Only the {rows(partial.validRows)} without problems of “{partial.fileName}” are sent;{' '}
        {rows(partial.invalidRows)} with problems {partial.invalidRows === 1 ? 'is' : 'are'} left
        out. Save {partial.invalidRows === 1 ? 'it' : 'them'}, fix, and send that file on its own:
        sending the whole file again would import the valid rows a second time.
      </p>
      <div className="row">
        <SaveFileButton file={partial.valid} name={partial.sentName} />
        <button
          type="button"
          className="btn"
          onClick={() =>
            void partial.invalid
              .text()
              .then((text) => download(problemRowsName(partial.fileName), text, 'text/csv'))
          }
        >
          Save the rows with problems
        </button>
      </div>
    </section>
  );
}
