/**
 * On the checked step of a converted file (issue 12 §2, §6): what was read and what will be sent
 * (the converted file, never the original), with "Change how it is read" and "Save the converted
 * file". DOM.
 */
import { useAppServices } from '../../app-services.tsx';
import { convertedName, readingInWords, sentInWords } from './assistant-rules.ts';
import type { Prepared } from './use-import-assistant.tsx';
import { plural } from '../../../core/util/text.ts';

/**
 * Rows with another number of values than the header, as they were converted: a short row is
 * padded; a long row keeps every value (nothing is dropped), so the check names it.
 */
export function raggedInWords(shortRows: number, longRows: number): string {
  let s = '';
  if (longRows > 0) {
    s += ` ${plural(longRows, 'row')} ${longRows === 1 ? 'has' : 'have'} more values than the header: nothing was dropped, the values past the last column are kept and listed as problems (“Extra value” in the grid).`;
  }
  if (shortRows > 0) {
    s += ` ${plural(shortRows, 'row')} had fewer values than the header; the missing values were left empty.`;
  }
  return s;
}

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
  const extra = converted ? raggedInWords(converted.shortRows, converted.longRows) : '';
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
