/** A long server path that may wrap after each `/` (not mid-name), for narrow tables. DOM. */
import { Fragment } from 'react';

export function PathBreaks({ path }: { path: string }) {
  const parts = path.split('/');
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
