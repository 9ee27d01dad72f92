/** A failure said at once to screen readers (role=alert), or nothing when there is none. DOM. */
export function ErrorLine(props: { error: string | null | undefined }) {
  if (!props.error) return null;
  return (
    <p className="error-text" role="alert">
      {props.error}
    </p>
  );
}
