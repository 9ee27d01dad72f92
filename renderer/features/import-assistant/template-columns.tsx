/**
 * Before picking a file (issue 12 §1): the chosen template's columns — required ones marked,
 * their type and allowed choices — and "Save a blank template" (the header row, CSV UTF-8) to
 * start from. Saved through AppServices.download, the app's one way to save (a blob link; a
 * download is not something the CSP governs). DOM.
 */
import type { FieldDef, ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useAppServices } from '../../app-services.tsx';
import { blankTemplate } from './assistant-rules.ts';

const typeWords: Record<FieldDef['type'], string> = {
  text: 'Text',
  number: 'Number',
  integer: 'Whole number',
  currency: 'Amount',
  boolean: 'Yes / no',
  date: 'Date (YYYY-MM-DD)',
  datetime: 'Date and time',
  email: 'Email address',
  phone: 'Phone number',
  url: 'Web address',
  picklist: 'One of a list',
  latitude: 'Latitude',
  longitude: 'Longitude',
};

/** The table and the save button; `columnsOnly`: the template file gave names only. */
export function TemplateColumns({
  schema,
  columnsOnly,
}: {
  schema: ObjectSchema;
  columnsOnly: boolean;
}) {
  const { download } = useAppServices();
  const required = schema.fields.filter((f) => f.required).length;
  return (
    <details className="panel stack" open data-testid="template-columns">
      <summary>
        <strong>
          The {schema.object} template: {schema.fields.length} columns
          {required > 0 ? `, ${required} required` : ''}
        </strong>
      </summary>
      <p className="small muted">
        Your file’s columns may have other names or another order, and it may be an Excel workbook
        or a CSV separated by semicolons: the next step matches and converts it.
      </p>
      <div
        className="table-scroll"
        tabIndex={0}
        aria-label={`Columns of the ${schema.object} template`}
      >
        <table className="data">
          <caption className="visually-hidden">Columns of the {schema.object} template</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Required</th>
              {!columnsOnly && <th scope="col">Type</th>}
              {!columnsOnly && <th scope="col">Allowed values</th>}
            </tr>
          </thead>
          <tbody>
            {schema.fields.map((f) => (
              <tr key={f.name}>
                <td className="mono">{f.name}</td>
                <td>{f.required ? 'Required' : ''}</td>
                {!columnsOnly && (
                  <td>
                    {typeWords[f.type]}
                    {f.maxLength !== undefined ? `, up to ${f.maxLength} characters` : ''}
                  </td>
                )}
                {!columnsOnly && <td>{f.options?.join(', ') ?? ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <button
          type="button"
          className="btn"
          onClick={() => {
            const t = blankTemplate(schema);
            download(t.name, t.text, 'text/csv;charset=utf-8');
          }}
        >
          Save a blank template
        </button>
        <span className="small muted">The header row only, as CSV UTF-8.</span>
      </div>
    </details>
  );
}
