/** An accessible progress bar with a visible caption. DOM. */

/** `value` 0–100; `label` names what progresses, `caption` says how far in words. */
export function ProgressBar(props: { label: string; value: number; caption?: string }) {
  return (
    <div className="stack">
      <div
        className="progress"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={props.value}
        aria-valuetext={props.caption}
      >
        <div style={{ width: `${props.value}%` }} />
      </div>
      {props.caption && <div className="small muted">{props.caption}</div>}
    </div>
  );
}
