/**
 * The Logs tab's words for what the api answers in codes: a status, a verification verdict, an
 * idempotency outcome, a stage. Pure, so the words are tested once and every screen says the same.
 */

/** Each log status (the api's closed set), as a user reads it, with its tone and why it ended there. */
export const LOG_STATUSES = {
  pending: { label: 'Pending', tone: 'neutral', reason: 'Accepted and still moving through the pipeline.' },
  processed: { label: 'Processed', tone: 'ok', reason: 'Every action succeeded.' },
  partially_failed: { label: 'Partially failed', tone: 'warn', reason: 'Some actions succeeded; others failed or were skipped for bad data.' },
  failed: { label: 'Failed', tone: 'bad', reason: 'No action succeeded, or a stage gave up on the event: open it for why.' },
  no_mappings: { label: 'No mappings', tone: 'neutral', reason: 'No active mapping for this event type, so nothing ran.' },
  duplicate: { label: 'Duplicate', tone: 'neutral', reason: 'Same idempotency key as an earlier event inside the window: no actions ran.' },
  invalid_path: { label: 'Event type not found', tone: 'bad', reason: 'The event type path did not resolve in the body; the event went no further.' },
  signature_missing: { label: 'Signature missing', tone: 'bad', reason: 'Verification is enforced and the request carried no signature (401).' },
  signature_invalid: { label: 'Signature invalid', tone: 'bad', reason: 'Verification is enforced and the signature did not match the signing key (401).' },
  invalid_json: { label: 'Invalid JSON', tone: 'bad', reason: 'The body is not UTF-8 JSON within the input limits (400).' },
  too_large: { label: 'Too large', tone: 'bad', reason: "The body is over the environment's size limit (413)." },
  invalid_event: { label: 'Invalid event', tone: 'bad', reason: 'Not a valid Segment track event (400).' },
  unsupported_media_type: { label: 'Not JSON content type', tone: 'bad', reason: 'Sent without Content-Type: application/json (415).' },
} as const satisfies Record<string, { label: string; tone: Tone; reason: string }>;

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral';
export type LogStatus = keyof typeof LOG_STATUSES;

/** The statuses in the order the filter offers them: outcomes first, then refusals. */
export const STATUS_OPTIONS = Object.keys(LOG_STATUSES) as LogStatus[];

export function statusWords(status: string): { label: string; tone: Tone; reason: string } {
  return (LOG_STATUSES as Record<string, { label: string; tone: Tone; reason: string }>)[status] ?? { label: status, tone: 'neutral', reason: '' };
}

/** A log that will not change status again (until it is re-driven). */
export function isFinal(status: string): boolean {
  return status !== 'pending';
}

/** Only these can be re-driven (the api answers 409 `not_redrivable` for the rest). */
export function isRedrivable(status: string): boolean {
  return status === 'failed' || status === 'partially_failed';
}

const VERIFICATION: Record<string, { text: string; tone: Tone }> = {
  none: { text: 'Not checked: no signing key to check it with (test events and legacy HTTP requests are never signed)', tone: 'neutral' },
  'enforced:verified': { text: 'Signature verified', tone: 'ok' },
  'enforced:failed': { text: 'Signature wrong: refused', tone: 'bad' },
  'enforced:missing': { text: 'Signature missing: refused', tone: 'bad' },
  'unenforced:verified': { text: 'Signature verified (verification not enforced)', tone: 'ok' },
  'unenforced:failed': { text: 'Signature wrong, accepted because verification is not enforced', tone: 'warn' },
  'unenforced:missing': { text: 'No signature, accepted because verification is not enforced', tone: 'warn' },
};

export function verificationWords(verdict: string | null): { text: string; tone: Tone } {
  if (verdict === null) return { text: 'Not known yet', tone: 'neutral' };
  return VERIFICATION[verdict] ?? { text: verdict, tone: 'neutral' };
}

const IDEMPOTENCY: Record<string, string> = {
  disabled: 'Idempotency is off for this environment.',
  no_key: 'No value at the key path: processed normally.',
  key_invalid: 'The value at the key path was not a string of 1 to 255 characters: ignored, processed normally.',
  claimed: 'First time this key was seen inside the window: this event holds it.',
  duplicate: 'Same key, event type and environment as an earlier event inside the window: not processed again.',
};

export function idempotencyWords(outcome: string): string {
  return IDEMPOTENCY[outcome] ?? outcome;
}

const STAGES: Record<string, string> = {
  received: 'Received',
  redriven: 'Re-driven',
  rejected: 'Rejected',
  normalized: 'Verified and normalized',
  mapped: 'Mapped to actions',
  action_executed: 'Action executed',
  action_failed: 'Action failed',
  dead_lettered: 'Dead-lettered',
  stalled: 'Stalled',
};

export function stageWords(stage: string): string {
  return STAGES[stage] ?? stage;
}

const SKIP_REASONS: Record<string, string> = {
  inactive: 'The mapping is inactive.',
  missing_field: 'A required field is missing from the payload.',
  type_mismatch: 'A field has the wrong type.',
  limit_exceeded: 'A value is over its limit.',
};

/** An action's reason code (a skip reason or an executor failure code) in words, when it has some. */
export function actionReasonWords(reason: string | null): string | null {
  if (reason === null) return null;
  return SKIP_REASONS[reason] ?? reason;
}

/** "850 ms", "2.4 s", "3 min 5 s": the time between two stages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** Each timeline entry with the time since the one before it (null for the first). */
export function withDurations<T extends { at: string }>(timeline: readonly T[]): (T & { sincePrevious: number | null })[] {
  return timeline.map((entry, i) => ({ ...entry, sincePrevious: i === 0 ? null : new Date(entry.at).getTime() - new Date(timeline[i - 1].at).getTime() }));
}

/** What an action produced that the directory can show: a user, an object, a tenant or workflow runs. */
export type ResultRef =
  | { kind: 'user'; id: string }
  | { kind: 'object'; collection: string; id: string }
  | { kind: 'tenant'; id: string }
  | { kind: 'workflow_run'; id: string; workflow: string | null };

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter(str) : []);

/** The directory entries an action's result names (the executor's result fields), in the order it names them. */
export function resultRefs(result: Record<string, unknown> | null): ResultRef[] {
  if (!result) return [];
  const refs: ResultRef[] = [];
  if (str(result.user_id)) refs.push({ kind: 'user', id: result.user_id });
  for (const id of strings(result.user_ids)) refs.push({ kind: 'user', id });
  if (str(result.collection) && str(result.object_id)) refs.push({ kind: 'object', collection: result.collection, id: result.object_id });
  if (str(result.tenant_id)) refs.push({ kind: 'tenant', id: result.tenant_id });
  const workflow = str(result.workflow) ? result.workflow : null;
  for (const id of strings(result.workflow_run_ids)) refs.push({ kind: 'workflow_run', id, workflow });
  return refs;
}

/** Headers set by the transport or the api itself, or redacted: not sent again with a test event. */
const NOT_RESENT = new Set(['host', 'content-length', 'content-type', 'connection', 'transfer-encoding', 'accept-encoding', 'expect', 'keep-alive', 'te', 'upgrade']);
const SENDABLE_NAME = /^[A-Za-z0-9-]{1,100}$/;

/**
 * The headers of a logged request to send again as a test event: what the sender set (an event
 * type path may read one), without the redacted credentials, which a test event does not need.
 */
export function resendableHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (NOT_RESENT.has(name.toLowerCase()) || value === '[redacted]' || !SENDABLE_NAME.test(name) || value.length > 8192) continue;
    out[name] = value;
  }
  return out;
}

/** A `datetime-local` input's value (local time, no zone) as the ISO instant the api takes; '' stays unset. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}
