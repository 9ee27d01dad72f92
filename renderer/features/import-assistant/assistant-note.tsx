/**
 * On the checked step of a converted file (issue 12 §2, §6): what was read and what will be sent
 * (the converted file, never the original), with "Change how it is read" and "Save the converted
 * file". DOM.
 */
import { useAppServices } from '../../app-services.tsx';
import { convertedName, readingInWords, sentInWords } from './assistant-rules.ts';
import type { Prepared } from './use-import-assistant.tsx';

/** The note. */
export function AssistantNote({
  prepared,
  onChange,
}: {
  prepared: Prepared;
  onChange: () => void;
}) {
  const { download } = useAppServices();
  const { converted } = prepared;
  const extra =
    converted && (converted.shortRows > 0 || converted.longRows > 0)
      ? ` ${converted.shortRows + converted.longRows} rows had another number of values than the header; missing values were left empty.`
      : '';
  return (
    <section className="banner ok stack" aria-label="Converted file" data-testid="assistant-note">
      <p>
        Read “{prepared.fileName}” as <strong>{readingInWords(prepared.reading)}</strong>. What is
        checked and sent is a converted copy: <strong>{sentInWords}</strong>, with the template’s
        column names. Your file is not changed.{extra}
      </p>
      <div className="row">
        <button type="button" className="btn" onClick={onChange}>
          Change how it is read
        </button>
        {converted && (
          <button
            type="button"
            className="btn"
            onClick={() =>
              void converted.blob
                .text()
                .then((text) => download(convertedName(prepared.fileName), text, 'text/csv'))
            }
          >
            Save the converted file
          </button>
        )}
      </div>
    </section>
  );
}
