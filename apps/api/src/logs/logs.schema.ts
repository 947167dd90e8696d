import { z } from 'zod';
import { ActionLogStatusSchema, IdempotencyOutcomeSchema, LogFailureReasonSchema, LogStatusSchema, RejectionReasonSchema } from '@inlet/contracts';
import { AnyObject, IsoDateTime, PageInfoSchema } from '../shared/response-fields.schema';

/** Responses of the logs API: what `presentLog` builds and the OpenAPI document shows. */

/** The meaning of each log status (kept in step with the doc comment of `LogStatusSchema`). */
const LOG_STATUS_MEANINGS: Record<z.infer<typeof LogStatusSchema>, string> = {
  pending: 'accepted and still moving through the pipeline',
  signature_missing: 'verification enforced and the signature absent (401)',
  signature_invalid: 'verification enforced and the signature wrong (401)',
  invalid_json: 'refused at the edge: the body is not JSON, not UTF-8, or outside the input limits, e.g. nested deeper than 32 levels (400)',
  too_large: 'refused at the edge: the body exceeds max_body_bytes (413)',
  invalid_event: 'refused at the edge: a legacy HTTP body that is not a valid Segment track event (400, naming the field)',
  unsupported_media_type: 'refused at the edge: a legacy HTTP request without `Content-Type: application/json` (415)',
  invalid_path: 'the event type path did not resolve; the event went no further',
  duplicate: 'same idempotency key, type and environment inside the window; no actions ran',
  no_mappings: 'no active mapping for the event type',
  processed: 'every action succeeded',
  partially_failed: 'some actions succeeded, some failed or were skipped for bad data',
  failed: 'no action succeeded, or the source environment was deleted while the event was in flight',
};

const IDEMPOTENCY_OUTCOME_MEANINGS: Record<z.infer<typeof IdempotencyOutcomeSchema>, string> = {
  disabled: 'idempotency is off for the environment',
  no_key: 'no value at the key path: processed normally',
  key_invalid: 'the value was not a string of 1 to 255 characters: dropped, processed normally',
  claimed: 'first sighting inside the window: this event holds the key (given back if the event fails)',
  duplicate: 'same key, event type and environment inside the window: logged, not processed again',
};

const meanings = (options: readonly string[], text: Record<string, string>) => options.map((o) => `- \`${o}\`: ${text[o]}`).join('\n');

export const LogStatus = LogStatusSchema.meta({ id: 'LogStatus', description: meanings(LogStatusSchema.options, LOG_STATUS_MEANINGS) });

export const IdempotencySchema = z
  .object({
    outcome: IdempotencyOutcomeSchema.meta({ description: meanings(IdempotencyOutcomeSchema.options, IDEMPOTENCY_OUTCOME_MEANINGS) }),
    key: z.string().nullable(),
    detail: z.string().nullable().meta({ description: 'Why the value at the key path was dropped.' }),
    original_event_id: z.string().nullable().meta({ description: 'For a duplicate: the event that holds the key.' }),
  })
  .meta({ id: 'Idempotency', description: "The idempotency check of the event. A duplicate's log has status `duplicate`, names the event holding the key, and has no actions." });

const summaryFields = {
  id: z.string(),
  event_type: z.string().nullable(),
  status: LogStatus,
  received_at: IsoDateTime,
  verification: z.string().nullable().meta({ description: "The signature verdict: the verifier's, or the gateway's until the verifier's arrives." }),
  idempotency: IdempotencySchema.nullable(),
};

export const LogSummarySchema = z.object(summaryFields).meta({ id: 'LogSummary' });
export type LogSummary = z.infer<typeof LogSummarySchema>;

export const LogsPageSchema = z.object({
  entries: z.array(LogSummarySchema),
  page_info: PageInfoSchema.extend({
    feed_cursor: z.string().meta({
      description:
        'Pass it as `after` to poll for logs received since: after the newest log matching the filters (listing), or after the last entry (feed; the same cursor when nothing is new).',
    }),
  }),
});

const ActionSchema = z.object({
  action_id: z.string(),
  mapping_id: z.string(),
  action_type: z.string(),
  trigger_id: z.string().nullable().meta({ description: 'The workflow trigger whose mapping planned it.' }),
  configured: AnyObject.meta({ description: 'The parameters as the mapping names them (path or literal).' }),
  resolved: z.unknown().meta({ description: 'The parameters as resolved from the payload; null until resolved.' }),
  status: ActionLogStatusSchema.meta({ description: '`pending` until its outcome is known.' }),
  reason: z.string().nullable().meta({ description: 'Why it was skipped or failed.' }),
  field: z.string().nullable().meta({ description: 'The parameter at fault, when one is.' }),
  result: AnyObject.nullable().meta({ description: 'What it did: the user, object or workflow run.' }),
  at: IsoDateTime.nullable(),
});

export const LogSchema = z
  .object({
    ...summaryFields,
    source: z.object({ key: z.string(), environment: z.string() }),
    trace_id: z
      .string()
      .nullable()
      .meta({ description: "The W3C trace id of the event's trace (the gateway's request and every stage after it; a re-drive keeps it). Null when the request carried no usable trace, or for logs written before it was kept." }),
    trace_url: z.string().nullable().meta({ description: 'That trace in the tracing UI (`TRACE_UI_URL` with the trace id); null without a trace id or without `TRACE_UI_URL`.' }),
    event_time: IsoDateTime.nullable(),
    time_source: z.enum(['payload', 'ingestion']).nullable(),
    timestamp_issue: z.string().nullable(),
    verified_key_id: z.string().nullable().meta({ description: 'The signing key that verified the request at the gateway.' }),
    rejection: z.object({ reason: RejectionReasonSchema, message: z.string(), field: z.string().optional() }).nullable(),
    failure: z
      .object({
        reason: LogFailureReasonSchema,
        stage: z.object({ topic: z.string(), consumer_group: z.string().nullable() }).nullable(),
        code: z.string(),
        message: z.string(),
        last_stage: z.string().nullable(),
        waiting_for: z.string().nullable(),
        at: IsoDateTime,
      })
      .nullable()
      .meta({
        description:
          'Why the log is `failed` although its stages did not end it: `dead_lettered` (a stage gave up on a message: its topic and consumer group, the error code and message) or `stalled` (still pending past the threshold: the last stage and what it waits for). Re-drivable.',
      }),
    redrive: z
      .object({ attempt: z.number().int(), requested_at: IsoDateTime, requested_by: z.string().meta({ description: '`bootstrap` or the id of the api key.' }) })
      .nullable()
      .meta({ description: 'The latest re-drive; each one is also a `redriven` entry of the timeline.' }),
    request: z
      .object({
        content_type: z.string().nullable(),
        headers: z.record(z.string(), z.string()),
        body: z.unknown().meta({ description: 'The parsed body; null when not kept.' }),
        body_text: z.string().nullable().meta({ description: 'The body as text, when it was not JSON within the input limits.' }),
        body_omitted: z.string().nullable().meta({ description: 'Why the body was not kept (too large).' }),
      })
      .nullable(),
    timeline: z.array(z.object({ stage: z.string(), at: IsoDateTime, service: z.string(), detail: z.string().optional() })).meta({ description: 'By time, then pipeline order.' }),
    actions: z.array(ActionSchema).meta({ description: 'In execution order.' }),
  })
  .meta({ id: 'Log', description: 'One source log, whole: request, verification, stage timeline (by time) and action logs (in execution order).' });
export type Log = z.infer<typeof LogSchema>;
export type LogsPage = z.infer<typeof LogsPageSchema>;
