import { useState } from 'react';

/** Copies a value; says so for two seconds. Falls back to a selected text area without the Clipboard API (plain http). */
export function CopyButton({ value, label = 'Copy', testId }: { value: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      const area = document.createElement('textarea');
      area.value = value;
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button type="button" className="button secondary small" onClick={copy} data-testid={testId} aria-live="polite">
      {copied ? 'Copied' : label}
    </button>
  );
}
