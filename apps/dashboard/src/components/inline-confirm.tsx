/**
 * A destructive action asked once more where its button was: the question, the action (in danger
 * red) and a way back. One shape for every "are you sure" on the dashboard.
 */
export function InlineConfirm(props: {
  /** Names the group for screen readers, e.g. "Revoke CI deploys?". */
  label: string;
  question: string;
  confirm: string;
  cancel?: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <span className="confirm-inline" role="group" aria-label={props.label}>
      <span className="confirm-question">{props.question}</span>
      <span className="confirm-buttons">
        <button type="button" className="button danger small" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </button>
        <button type="button" className="button secondary small" onClick={props.onCancel}>
          {props.cancel ?? 'Cancel'}
        </button>
      </span>
    </span>
  );
}
