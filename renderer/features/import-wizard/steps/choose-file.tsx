/** Step 2: drop or pick the file(s) for the chosen target. DOM. */
import { FileDrop } from '../../../components/file-drop.tsx';
import type { ImportTarget } from '../import-wizard-machine.ts';
import { ErrorLine } from '../../../components/error-line.tsx';
import { stepHeading } from '../use-step-focus.ts';

type Props = {
  target: ImportTarget;
  accept: string;
  error: string | undefined;
  resubmitOf: string | undefined;
  /** For a whole file sent again: what happens to the rows already imported. */
  wholeFileWarning?: string;
  onFiles: (files: File[]) => void;
  onBack: () => void;
};

const what = (t: ImportTarget) =>
  t.kind === 'records'
    ? `${t.object} records${t.rules === 'template-file' ? ' (columns checked against your template file)' : ''}`
    : t.kind === 'territories'
      ? 'territories'
      : t.kind === 'space-file'
        ? 'a file for the Space'
        : 'a contact list';

/** The drop zone with the accepted types. */
export function ChooseFile(props: Props) {
  const { target, accept, error, resubmitOf, wholeFileWarning, onFiles, onBack } = props;
  return (
    <section className="panel stack" aria-labelledby="choose-file-title">
      <h2 id="choose-file-title" {...stepHeading}>
        Pick the file with {what(target)}
      </h2>
      {resubmitOf && (
        <p className="banner warn">
          Fix and resubmit: pick the corrected version of <strong>{resubmitOf}</strong>. It gets a
          new name so the platform treats it as a new file.
          {wholeFileWarning && <> {wholeFileWarning}</>}
        </p>
      )}
      <FileDrop
        accept={accept}
        multiple={target.kind === 'territories'}
        hint={`Accepted: ${accept.split(',').join(', ')}. The file is checked on this computer before anything is sent.`}
        onFiles={onFiles}
      />
      <ErrorLine error={error} />
      <div>
        <button type="button" className="btn" onClick={onBack}>
          Back
        </button>
      </div>
    </section>
  );
}
