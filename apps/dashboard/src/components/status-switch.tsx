/** An active/inactive switch for one environment: a button with role switch, labelled for screen readers and tests. */
export function StatusSwitch({ label, active, busy, onToggle }: { label: string; active: boolean; busy?: boolean; onToggle: () => void }) {
  return (
    <button type="button" role="switch" aria-checked={active} aria-label={label} className={`switch${active ? ' on' : ''}`} disabled={busy} onClick={onToggle}>
      <span className="switch-knob" aria-hidden="true" />
      <span className="switch-text">{active ? 'Active' : 'Inactive'}</span>
    </button>
  );
}
